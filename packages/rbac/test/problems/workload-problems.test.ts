import { describe, expect, it } from 'vitest';
import { detectProblemsInDocuments } from '../../src/problems/detect.js';
import { parseDocuments, problemsIn } from '../helpers.js';

function deployment(name: string, podSpec: string, namespace = 'shop'): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  template:
    spec: ${podSpec}
---`;
}

function serviceAccount(name: string, extra = '', namespace = 'shop'): string {
  return `
apiVersion: v1
kind: ServiceAccount
metadata: {name: ${name}, namespace: ${namespace}}
${extra}
---`;
}

const BOUND = `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
---`;

describe('valid workloads', () => {
  it('accepts a dedicated ServiceAccount with a binding', () => {
    const yaml = serviceAccount('web') + BOUND + deployment('web', '{serviceAccountName: web}');
    expect(problemsIn(yaml, { assumeComplete: true })).toEqual([]);
  });

  it('accepts an unbound ServiceAccount without a token', () => {
    const yaml =
      serviceAccount('web', 'automountServiceAccountToken: false') +
      deployment('web', '{serviceAccountName: web}');
    expect(problemsIn(yaml, { assumeComplete: true })).toEqual([]);
  });

  it('accepts pod spec without token', () => {
    const yaml = deployment(
      'web',
      '{serviceAccountName: web, automountServiceAccountToken: false}',
    );
    expect(problemsIn(yaml)).toEqual([]);
  });
});

describe('no-default-service-account', () => {
  it('reports a missing serviceAccountName at the pod spec', () => {
    expect(problemsIn(deployment('web', '{automountServiceAccountToken: false}'))).toEqual([
      { code: 'no-default-service-account', object: 'Deployment/web', path: 'spec.template.spec' },
    ]);
  });

  it('reports an explicit default at its value', () => {
    expect(
      problemsIn(
        deployment('web', '{serviceAccountName: default, automountServiceAccountToken: false}'),
      ),
    ).toEqual([
      {
        code: 'no-default-service-account',
        object: 'Deployment/web',
        path: 'spec.template.spec.serviceAccountName',
      },
    ]);
  });

  it('reports missing pod spec at parent', () => {
    const yaml = `
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: shop}
spec: {schedule: "@daily"}
`;
    expect(
      problemsIn(yaml).filter((problem) => problem.code === 'no-default-service-account'),
    ).toEqual([{ code: 'no-default-service-account', object: 'CronJob/nightly', path: 'spec' }]);
  });
});

describe('no-shared-service-account', () => {
  it('reports every workload of a shared ServiceAccount', () => {
    const yaml =
      serviceAccount('web') +
      BOUND +
      deployment('web', '{serviceAccountName: web}') +
      deployment('worker', '{serviceAccountName: web}');
    expect(problemsIn(yaml)).toEqual([
      {
        code: 'no-shared-service-account',
        object: 'Deployment/web',
        path: 'spec.template.spec.serviceAccountName',
      },
      {
        code: 'no-shared-service-account',
        object: 'Deployment/worker',
        path: 'spec.template.spec.serviceAccountName',
      },
    ]);
  });

  it('names the other workloads', () => {
    const yaml =
      serviceAccount('web') +
      BOUND +
      deployment('web', '{serviceAccountName: web}') +
      deployment('worker', '{serviceAccountName: web}') +
      deployment('cron', '{serviceAccountName: web}');
    const [problem] = detectProblemsInDocuments(parseDocuments(yaml));
    expect(problem?.message).toBe(
      "ServiceAccount 'web' is also used by Deployment shop/cron and Deployment shop/worker, so give each workload its own ServiceAccount.",
    );
  });

  it('ignores copies of one workload', () => {
    const yaml =
      serviceAccount('web') +
      BOUND +
      deployment('web', '{serviceAccountName: web}') +
      deployment('web', '{serviceAccountName: web}');
    expect(problemsIn(yaml)).toEqual([]);
  });

  it('keeps namespaces apart', () => {
    const yaml =
      deployment('web', '{serviceAccountName: web, automountServiceAccountToken: false}') +
      deployment(
        'web',
        '{serviceAccountName: web, automountServiceAccountToken: false}',
        'billing',
      );
    expect(problemsIn(yaml)).toEqual([]);
  });
});

describe('no-token-automount-without-permissions', () => {
  it('reports unbound ServiceAccount at root', () => {
    const yaml = serviceAccount('web') + deployment('web', '{serviceAccountName: web}');
    expect(problemsIn(yaml)).toEqual([
      { code: 'no-token-automount-without-permissions', object: 'ServiceAccount/web', path: '' },
    ]);
  });

  it('reports an explicit true on the ServiceAccount', () => {
    expect(problemsIn(serviceAccount('web', 'automountServiceAccountToken: true'))).toEqual([
      {
        code: 'no-token-automount-without-permissions',
        object: 'ServiceAccount/web',
        path: 'automountServiceAccountToken',
      },
    ]);
  });

  it('reports pod spec enabling token', () => {
    const yaml =
      serviceAccount('web', 'automountServiceAccountToken: false') +
      deployment('web', '{serviceAccountName: web, automountServiceAccountToken: true}');
    expect(problemsIn(yaml)).toEqual([
      {
        code: 'no-token-automount-without-permissions',
        object: 'Deployment/web',
        path: 'spec.template.spec.automountServiceAccountToken',
      },
    ]);
  });

  it('reports pods of a ServiceAccount the manifests lack', () => {
    const [problem] = detectProblemsInDocuments(
      parseDocuments(deployment('web', '{serviceAccountName: web}')),
    );
    expect(problem?.code).toBe('no-token-automount-without-permissions');
    expect(problem?.path).toEqual(['spec', 'template', 'spec']);
    expect(problem?.message).toBe(
      "Pods mount the API token of ServiceAccount 'web' although no binding grants it any permission, so set automountServiceAccountToken to false in the pod spec.",
    );
  });

  it('counts bindings to ServiceAccount groups', () => {
    const yaml = `${serviceAccount('web')}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: all}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: Group, name: "system:serviceaccounts:shop"}]
`;
    expect(problemsIn(yaml)).toEqual([]);
  });

  it('matches namespaceless ServiceAccount loosely', () => {
    const yaml = `
apiVersion: v1
kind: ServiceAccount
metadata: {name: web}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: web}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: ServiceAccount, name: web, namespace: argocd}]
`;
    expect(problemsIn(yaml)).toEqual([]);
  });

  it('ignores binding to empty aggregated role', () => {
    const yaml = `${serviceAccount('web', 'automountServiceAccountToken: true')}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: nothing}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {nobody: here}}]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: nothing}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: nothing}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
`;
    expect(problemsIn(yaml).map((problem) => problem.code)).toEqual([
      'no-token-automount-without-permissions',
    ]);
  });
});

describe('no-undefined-service-account', () => {
  it('reports a workload ServiceAccount the manifests lack', () => {
    expect(
      problemsIn(
        deployment('web', '{serviceAccountName: web, automountServiceAccountToken: false}'),
        { assumeComplete: true },
      ),
    ).toEqual([
      {
        code: 'no-undefined-service-account',
        object: 'Deployment/web',
        path: 'spec.template.spec.serviceAccountName',
      },
    ]);
  });
});
