// Name formats of k8s.io/apimachinery/pkg/util/validation. Each check returns the reason a
// value is invalid, or `undefined` when it is valid.

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const MAX_LABEL_LENGTH = 63;
const MAX_SUBDOMAIN_LENGTH = 253;
// Named ports are at most 15 characters long, as IsValidPortName of that package requires.
const MAX_PORT_NAME_LENGTH = 15;

/** Checks a label key: an optional DNS subdomain prefix and `/`, then a name of 1-63 characters. */
export function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);

  if (prefix !== undefined) {
    const prefixError = dnsSubdomainError(prefix);
    if (prefixError !== undefined) return `its prefix ${prefixError}`;
  }
  if (name.length === 0) return 'its name part must not be empty';
  if (name.length > MAX_LABEL_LENGTH)
    return `its name part must be at most ${MAX_LABEL_LENGTH} characters`;
  if (!QUALIFIED_NAME_PART.test(name)) {
    return "its name part must consist of alphanumeric characters, '-', '_' or '.', and start and end with an alphanumeric character";
  }
  return undefined;
}

/** Checks a label value: empty, or up to 63 alphanumeric, `-`, `_` and `.` characters. */
export function labelValueError(value: string): string | undefined {
  if (value.length > MAX_LABEL_LENGTH) return `must be at most ${MAX_LABEL_LENGTH} characters`;
  if (!LABEL_VALUE.test(value)) {
    return "must be empty or consist of alphanumeric characters, '-', '_' or '.', and start and end with an alphanumeric character";
  }
  return undefined;
}

/** Checks an RFC 1123 label, the format of namespace names. */
export function dnsLabelError(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_LABEL_LENGTH) return `must be at most ${MAX_LABEL_LENGTH} characters`;
  if (!DNS1123_LABEL.test(value)) {
    return "must consist of lower case alphanumeric characters or '-', and start and end with an alphanumeric character";
  }
  return undefined;
}

/** Checks an RFC 1123 subdomain, the format of most object names. */
export function dnsSubdomainError(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_SUBDOMAIN_LENGTH)
    return `must be at most ${MAX_SUBDOMAIN_LENGTH} characters`;
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return "must consist of lower case alphanumeric characters, '-' or '.', and start and end with an alphanumeric character";
  }
  return undefined;
}

/** Checks a named port: an IANA service name of 1-15 characters with at least one letter. */
export function portNameError(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_PORT_NAME_LENGTH) {
    return `must be at most ${MAX_PORT_NAME_LENGTH} characters`;
  }
  if (!PORT_NAME.test(value)) {
    return "must consist of lower case alphanumeric characters or '-', and start and end with an alphanumeric character";
  }
  if (value.includes('--')) return "must not contain consecutive '-' characters";
  if (!/[a-z]/.test(value)) return 'must contain at least one letter';
  return undefined;
}
