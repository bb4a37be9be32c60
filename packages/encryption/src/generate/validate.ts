import { parseGoDuration } from '../model/durations.js';

/** Placeholder written wherever a generator would otherwise need key material; never a real key. */
export const KEY_PLACEHOLDER = '<base64-encoded 32-byte key>';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks an object name (DNS-1123 subdomain), throwing an error that names the field and value. */
export function validateName(field: string, value: string): string {
  if (typeof value !== 'string' || value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters.`,
    );
  }
  return value;
}

/** Checks a namespace name (DNS-1123 label). */
export function validateNamespace(field: string, value: string): string {
  if (typeof value !== 'string' || value.length > 63 || !DNS_LABEL.test(value)) {
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: use lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters.`,
    );
  }
  return value;
}

/** Checks a DNS host name, optionally with a leading `*.` wildcard label. */
export function validateHostname(field: string, value: string): string {
  if (typeof value !== 'string' || value.length > 253 || !HOSTNAME.test(value)) {
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: use a lower-case DNS name such as "app.example.com".`,
    );
  }
  return value;
}

export function validateEmail(field: string, value: string): string {
  if (typeof value !== 'string' || !EMAIL.test(value)) {
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: use an e-mail address such as "ops@example.com".`,
    );
  }
  return value;
}

/** Checks an https URL; plain http is rejected because the generated objects must encrypt in transit. */
export function validateHttpsUrl(field: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:') {
    throw new Error(`Invalid ${field} ${JSON.stringify(value)}: use an https:// URL.`);
  }
  return value;
}

/** Checks a Go duration such as "2160h", with an optional minimum in seconds. */
export function validateDuration(field: string, value: string, minimumSeconds = 0): number {
  const seconds = typeof value === 'string' ? parseGoDuration(value) : undefined;
  if (seconds === undefined || seconds < minimumSeconds) {
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: use a Go duration such as "2160h"${minimumSeconds > 0 ? ` of at least ${minimumSeconds} seconds` : ''}.`,
    );
  }
  return seconds;
}

/**
 * Checks a cron schedule with the given number of fields: 5 for Velero (minute first), 6 for
 * CloudNativePG (second first). Each field may hold numbers, ranges, lists, steps, `*` or `?`.
 */
export function validateCron(field: string, value: string, fields: 5 | 6): string {
  const parts = typeof value === 'string' ? value.trim().split(/\s+/) : [];
  const valid =
    parts.length === fields && parts.every((part) => /^[0-9A-Za-z*?,/\-LW#]+$/.test(part));
  if (
    !valid &&
    !(
      typeof value === 'string' &&
      /^@(yearly|annually|monthly|weekly|daily|midnight|hourly|every \S+)$/.test(value.trim())
    )
  ) {
    const example =
      fields === 5
        ? '"0 2 * * *" (minute hour day month weekday)'
        : '"0 0 2 * * *" (second minute hour day month weekday)';
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: use a ${fields}-field cron expression such as ${example}.`,
    );
  }
  return value;
}

/** Checks that a list is not empty and validates each entry. */
export function validateList<T>(
  field: string,
  values: readonly T[],
  check: (value: T) => unknown,
): readonly T[] {
  if (!Array.isArray(values) || values.length === 0) {
    throw new Error(`Invalid ${field} ${JSON.stringify(values)}: give at least one entry.`);
  }
  values.forEach(check);
  return values;
}

export function validateOneOf<T extends string>(field: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) {
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: use one of ${allowed.map((entry) => JSON.stringify(entry)).join(', ')}.`,
    );
  }
  return value;
}

export function validatePositiveInteger(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`Invalid ${field} ${JSON.stringify(value)}: use a whole number of at least 1.`);
  }
  return value;
}
