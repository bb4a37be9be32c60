import { describe, expect, it } from 'vitest';

import { fixFiles, setValueEdits } from '../../src/index.js';
import { registryWith, testRule, yaml } from '../helpers.js';

/** Reports each missing field of a Pod's securityContext with a fix that adds it. */
const requireFields = testRule(
  'require-context-fields',
  ['Pod'],
  (context) => ({
    object(object) {
      for (const [field, value] of [
        ['runAsNonRoot', true],
        ['allowPrivilegeEscalation', false],
      ] as const) {
        const path = ['spec', 'securityContext', field];
        if (object.get(path) === value) continue;
        const edits = setValueEdits(object.document, object.documentPath(path), value);
        context.report({
          object,
          path,
          message: `Pod does not set ${field}.`,
          ...(edits ? { fix: { description: `Set ${field}`, edits } } : {}),
        });
      }
    },
  }),
  { fixable: 'fix' },
);

const POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  'spec:',
  '  containers: []',
);

describe('fixFiles', () => {
  // Both findings point at `spec`, so they are applied in message order.
  it('overlapping fixes applied over several passes', () => {
    const result = fixFiles(new Map([['pod.yaml', POD]]), {
      registry: registryWith(requireFields),
    });

    expect(result.changed.get('pod.yaml')).toBe(
      `${POD}  securityContext:\n    allowPrivilegeEscalation: false\n    runAsNonRoot: true\n`,
    );
    expect(result.appliedCount).toBe(2);
    expect(result.remaining).toEqual([]);
    expect(result.passes).toBe(3);
  });

  it('fixed text unchanged by a second run', () => {
    const once = fixFiles(new Map([['pod.yaml', POD]]), {
      registry: registryWith(requireFields),
    }).changed;
    const twice = fixFiles(once, { registry: registryWith(requireFields) });

    expect(twice.changed.size).toBe(0);
    expect(twice.appliedCount).toBe(0);
  });

  it('pass limit respected', () => {
    const result = fixFiles(new Map([['pod.yaml', POD]]), {
      registry: registryWith(requireFields),
      maxPasses: 1,
    });

    expect(result.appliedCount).toBe(1);
    expect(result.remaining.map((finding) => finding.message)).toEqual([
      'Pod does not set runAsNonRoot.',
    ]);
  });
});
