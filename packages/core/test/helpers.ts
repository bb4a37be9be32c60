import {
  defineRule,
  RuleRegistry,
  SOURCE_RULES,
  SourceFile,
  type Rule,
  type RuleContext,
  type RuleMeta,
  type RuleVisitor,
  type SourceDocument,
} from '../src/index.js';

/** Joins lines with `\n` and a final line break, so YAML fixtures read like files. */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** Returns the only document of a one-document text. */
export function onlyDocument(text: string, path = 'test.yaml'): SourceDocument {
  const file = new SourceFile(path, text);
  const document = file.documents[0];
  if (!document || file.documents.length !== 1) {
    throw new Error(`Expected one document in the fixture, found ${file.documents.length}.`);
  }
  return document;
}

/** Builds a rule for engine tests, with metadata that `defineRule` accepts. */
export function testRule(
  id: string,
  kinds: RuleMeta['kinds'],
  create: (context: RuleContext) => RuleVisitor,
  meta: Partial<RuleMeta> = {},
): Rule {
  return defineRule({
    id,
    meta: {
      area: 'pod-security',
      severity: 'error',
      description: `Test rule ${id}.`,
      remediation: 'Change the fixture.',
      rationale: 'Exercises the engine.',
      hipaa: ['164.312(a)(1)'],
      kinds,
      ...meta,
    },
    create,
  });
}

/** Builds a registry with the engine's own rules and `rules`. */
export function registryWith(...rules: Rule[]): RuleRegistry {
  return new RuleRegistry([...SOURCE_RULES, ...rules]);
}

/**
 * Lines of `before` that are missing from `after`, and lines of `after` that are new, compared
 * as a common prefix and suffix of lines: what an edit changed, byte for byte.
 */
export function changedLines(
  before: string,
  after: string,
): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  return { removed: a.slice(prefix, a.length - suffix), added: b.slice(prefix, b.length - suffix) };
}
