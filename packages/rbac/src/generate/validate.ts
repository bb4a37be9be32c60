const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL_MAX_LENGTH = 63;
const DNS_SUBDOMAIN_MAX_LENGTH = 253;

/** Resource names as they appear in rules, with an optional subresource: `pods`, `pods/log`. */
const RESOURCE = /^[a-z][a-z0-9]*(\/[a-z][a-z0-9]*)?$/;
const VERB = /^[a-z][a-zA-Z]*$/;

/** Throws unless `value` is a DNS-1123 label, as namespace names must be. */
export function validateNamespace(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > DNS_LABEL_MAX_LENGTH || !DNS_LABEL.test(value)) {
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit.`,
    );
  }
  return value;
}

/** Throws unless `value` is a DNS-1123 subdomain, as ServiceAccount names must be. */
export function validateObjectName(field: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    value.length > DNS_SUBDOMAIN_MAX_LENGTH ||
    !DNS_SUBDOMAIN.test(value)
  ) {
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: use at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit.`,
    );
  }
  return value;
}

/** Throws unless `value` is an API group: `""` for the core group, else a DNS-1123 subdomain. */
export function validateApiGroup(field: string, value: unknown): string {
  if (value === '') return value;
  if (typeof value !== 'string' || !DNS_SUBDOMAIN.test(value)) {
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: use "" for the core group or a group name such as "apps", without wildcards.`,
    );
  }
  return value;
}

export function validateResource(field: string, value: unknown): string {
  if (typeof value !== 'string' || !RESOURCE.test(value)) {
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: use a lowercase plural resource such as "configmaps", optionally with a subresource such as "pods/log", without wildcards.`,
    );
  }
  return value;
}

export function validateVerbs(field: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: list at least one verb, such as ["get"].`,
    );
  }
  const verbs: string[] = [];
  value.forEach((verb: unknown, index) => {
    if (typeof verb !== 'string' || !VERB.test(verb)) {
      throw new Error(
        `Invalid ${field}[${index}] ${JSON.stringify(verb)}: use a verb such as "get", "list" or "update", without wildcards.`,
      );
    }
    if (!verbs.includes(verb)) verbs.push(verb);
  });
  return verbs;
}

/** Throws unless `value` is absent or a non-empty list of literal names. */
export function validateResourceNames(field: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: list at least one name, or leave resourceNames out to allow every name.`,
    );
  }
  const names: string[] = [];
  value.forEach((name: unknown, index) => {
    if (typeof name !== 'string' || name === '' || /[*?/%]/.test(name)) {
      throw new Error(
        `Invalid ${field}[${index}] ${JSON.stringify(name)}: use an exact object name, because the authorizer compares names literally, without patterns.`,
      );
    }
    if (!names.includes(name)) names.push(name);
  });
  return names;
}

/** Throws unless `value` is a valid name of a Role, ClusterRole or binding. */
export function validateRoleName(field: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    value === '' ||
    value === '.' ||
    value === '..' ||
    /[/%]/.test(value)
  ) {
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: use a non-empty name without '/' or '%' that is not '.' or '..'.`,
    );
  }
  if (value.startsWith('system:')) {
    throw new Error(
      `Invalid ${field} ${JSON.stringify(value)}: the 'system:' prefix is reserved for roles the cluster creates, so choose another name.`,
    );
  }
  return value;
}
