/**
 * Heuristics for secret values that are present but cannot be trusted: empty, too short, one
 * repeated character, or words that examples and templates use. Each check returns a reason
 * phrase for a message and never the value itself.
 */

// Words found in documentation examples, generated templates and unfinished configuration.
const PLACEHOLDER_WORDS = [
  'passphrase',
  'password',
  'passw0rd',
  'changeme',
  'change-me',
  'change_me',
  'example',
  'placeholder',
  'replace',
  'secret',
  'your',
  'todo',
  'dummy',
  'sample',
  'default',
  'test',
];

// Template markers that a tool or a person was meant to substitute: <...>, ${...}, {{...}}.
const TEMPLATE_MARKERS = [/<[^>]*>/, /\$\{[^}]*\}/, /\{\{.*\}\}/];

/** Returns why a key or passphrase is weak, or `undefined` when none of the heuristics match. */
export function weakSecretReason(value: string, minimumLength: number): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return 'is empty';
  if (TEMPLATE_MARKERS.some((marker) => marker.test(trimmed)))
    return 'is still a template placeholder';
  const lower = trimmed.toLowerCase();
  if (PLACEHOLDER_WORDS.some((word) => lower.includes(word)))
    return 'looks like an example or placeholder value';
  if (/^(.)\1*$/.test(trimmed)) return 'repeats a single character';
  if (trimmed.length < minimumLength) return `is shorter than ${minimumLength} characters`;
  return undefined;
}
