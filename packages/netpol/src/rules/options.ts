/** Reads the options mapping of a rule; `undefined` and `null` read as no options. */
export function readOptions(
  ruleId: string,
  raw: unknown,
  keys: readonly string[],
): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(
      `Options of rule "${ruleId}" must be a mapping with the keys ${keys.join(', ')}, not ${JSON.stringify(raw)}`,
    );
  }
  const options = raw as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!keys.includes(key)) {
      throw new Error(
        `Option "${key}" of rule "${ruleId}" is unknown; use ${keys.map((name) => `"${name}"`).join(', ')}`,
      );
    }
  }
  return options;
}

/** Reads an option that lists strings, such as namespace names. */
export function readStringList(
  ruleId: string,
  options: Record<string, unknown>,
  key: string,
): readonly string[] | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
    throw new Error(
      `Option "${key}" of rule "${ruleId}" must be a list of strings, not ${JSON.stringify(value)}`,
    );
  }
  return value as string[];
}

/** Reads an option that maps label keys to values. */
export function readLabels(
  ruleId: string,
  options: Record<string, unknown>,
  key: string,
): Readonly<Record<string, string>> | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  const valid =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string');
  if (!valid) {
    throw new Error(
      `Option "${key}" of rule "${ruleId}" must map label keys to string values, such as { "k8s-app": "kube-dns" }, not ${JSON.stringify(value)}`,
    );
  }
  return value as Record<string, string>;
}
