// Readers for the plain values that a YAML parser returns. The API server decodes a manifest
// into typed Go structs before admission, and Pod Security Admission treats a nil pointer as
// "not set". These readers read a mapping or list field of the wrong type as not set, and a
// scalar in a string field as its text, so malformed input is evaluated instead of throwing.
// The checks count a boolean or number field only when its value is a real boolean or number, so
// `privileged: "true"` or `hostPort: "80"` is read as not set.

/** A YAML mapping read as a plain object. */
export type PlainObject = Readonly<Record<string, unknown>>;

/** Returns `value` when it is a mapping, otherwise `undefined`. */
export function asObject(value: unknown): PlainObject | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return value as PlainObject;
}

/** Returns `value` when it is a sequence, otherwise an empty list. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Tells whether a field is present, which for a Go pointer field means non-nil. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Reads a Go string field: a string as it is, an absent field as the empty string (the Go zero
 * value), and a scalar of another type as its text so that it still fails an allow-list.
 */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
