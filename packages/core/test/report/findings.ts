import { check, SourceFile, type CheckResult, type Rule } from '../../src/index.js';
import { registryWith, testRule, yaml } from '../helpers.js';

/** Reports `hostNetwork: true` at its key, with a fix that sets it to false. */
export const noHostNetwork: Rule = testRule(
  'no-host-network',
  ['Pod'],
  (context) => ({
    object(object) {
      if (object.get(['spec', 'hostNetwork']) !== true) return;
      context.report({
        object,
        path: ['spec', 'hostNetwork'],
        target: 'key',
        message: 'Pod uses the host network.',
        fix: { description: 'Set hostNetwork to false', edits: [{ start: 0, end: 0, text: '' }] },
      });
    },
  }),
  { severity: 'error', fixable: 'fix' },
);

/** Reports a missing `runAsNonRoot` with a suggestion. */
export const requireNonRoot: Rule = testRule(
  'require-non-root',
  ['Pod'],
  (context) => ({
    object(object) {
      if (object.get(['spec', 'securityContext', 'runAsNonRoot']) === true) return;
      context.report({
        object,
        path: ['spec', 'securityContext', 'runAsNonRoot'],
        message: 'Pod may run as root.',
        suggestions: [
          { description: 'Set runAsNonRoot', edits: [{ start: 0, end: 0, text: 'x' }] },
        ],
      });
    },
  }),
  { severity: 'warning', fixable: 'suggestion', hipaa: ['164.312(a)(1)', '164.308(a)(4)'] },
);

export const POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  '  namespace: clinic',
  'spec:',
  '  hostNetwork: true',
);

export const RULES: readonly Rule[] = [noHostNetwork, requireNonRoot];

/** Checks two files: a Pod with two findings and a file with a syntax error. */
export function sampleRun(pod = POD): { result: CheckResult; files: SourceFile[] } {
  const files = [
    new SourceFile('manifests/pod.yaml', pod),
    new SourceFile('manifests/broken file.yaml', yaml('apiVersion: v1', 'kind: Pod', 'spec: [x')),
  ];
  return { result: check(files, { registry: registryWith(...RULES) }), files };
}
