import { check } from './engine/run.js';
import type { K8sObject } from './model/object.js';
import { RuleRegistry } from './rules/registry.js';
import { SOURCE_RULES } from './rules/source-rules.js';
import { SourceFile } from './source/file.js';
import type { Finding } from './engine/finding.js';

/**
 * Reads the Kubernetes objects of a YAML text as kubectl would (multi-document streams, Lists,
 * YAML 1.1 scalars), with the problems found in the text. Convenient for libraries and tests.
 */
export function loadObjects(text: string, name = '<text>'): { objects: readonly K8sObject[]; problems: readonly Finding[] } {
  const result = check([new SourceFile(name, text)], { registry: new RuleRegistry([...SOURCE_RULES, ...parseEverything]) });
  return { objects: result.objects.all, problems: result.findings };
}

// A rule that reads every kind makes the engine parse every document.
const parseEverything = [
  {
    id: 'load-objects',
    meta: {
      area: 'pod-security' as const,
      severity: 'info' as const,
      description: 'Reads every object.',
      remediation: 'Nothing to do.',
      rationale: 'Internal.',
      hipaa: [],
      kinds: 'all' as const,
    },
    create: () => ({}),
  },
];
