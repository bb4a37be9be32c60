import { describe, expect, it } from 'vitest';

import { workloadServiceAccount } from '../../src/generate/generators.js';

describe('workload-service-account generator', () => {
  it('ServiceAccount without token', () => {
    expect(workloadServiceAccount.generate({ name: 'api', namespace: 'clinic' })).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'api', namespace: 'clinic' },
        automountServiceAccountToken: false,
      },
    ]);
  });

  it('invalid name rejected', () => {
    expect(() => workloadServiceAccount.generate({ name: 'API', namespace: 'clinic' })).toThrow(
      'Invalid ServiceAccount name "API"',
    );
  });
});
