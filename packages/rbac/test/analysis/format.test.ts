import { describe, expect, it } from 'vitest';
import { canI, whoCan } from '../../src/analysis/authorize.js';
import {
  formatAccessReviewText,
  formatPermissionsJson,
  formatPermissionsText,
  formatResource,
  formatWhoCanJson,
  formatWhoCanText,
} from '../../src/analysis/format.js';
import { permissionsOf, permissionsOfWorkload } from '../../src/analysis/permissions.js';
import { buildIndex } from '../../src/analysis/rbac-index.js';
import { parseDocuments } from '../helpers.js';

const MANIFESTS = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {monitoring: "true"}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring-pods, labels: {monitoring: "true"}}
rules:
  - {apiGroups: [""], resources: [pods], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: web, namespace: shop}
rules:
  - {apiGroups: [""], resources: [secrets], resourceNames: [web-tls], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: monitoring}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: web}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: view, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {template: {spec: {serviceAccountName: web}}}
`;

const index = buildIndex(parseDocuments(MANIFESTS));

describe('formatResource', () => {
  it('writes the group after the resource', () => {
    expect(formatResource('', 'pods/exec')).toBe('pods/exec');
    expect(formatResource('apps', 'deployments/scale')).toBe('deployments.apps/scale');
    expect(formatResource('*', '*')).toBe('*.*');
  });
});

describe('permission formatters', () => {
  it('formats text by scope with grants', () => {
    const text = formatPermissionsText(
      permissionsOfWorkload(index, { kind: 'Deployment', namespace: 'shop', name: 'web' }),
    );
    expect(text).toBe(`Permissions of ServiceAccount shop/web
Used by Deployment shop/web (API token mounted, ServiceAccount not defined in the manifests)

Cluster-wide
  pods  get, list
    via ClusterRoleBinding monitoring -> ClusterRole monitoring (aggregates ClusterRole monitoring-pods rules[0])

Namespace shop
  secrets 'web-tls'  get
    via RoleBinding shop/web -> Role shop/web rules[0]

Not resolved
  RoleBinding shop/view: Built-in ClusterRole 'view' has rules that the manifests do not show, so only the rules it aggregates from the manifests are known.
`);
  });

  it('formats an empty result', () => {
    const text = formatPermissionsText(permissionsOf(index, { kind: 'User', name: 'nobody' }));
    expect(text).toBe('Permissions of User nobody\n\nNo permissions granted by the manifests.\n');
  });

  it('formats JSON with rule paths', () => {
    const json = JSON.parse(
      formatPermissionsJson(
        permissionsOf(index, { kind: 'ServiceAccount', namespace: 'shop', name: 'web' }),
      ),
    );
    expect(json.permissions[0]).toEqual({
      type: 'resource',
      scope: { kind: 'cluster' },
      verb: 'get',
      apiGroup: '',
      resource: 'pods',
      grants: [
        {
          binding: { kind: 'ClusterRoleBinding', name: 'monitoring' },
          subjectIndex: 0,
          role: { kind: 'ClusterRole', name: 'monitoring' },
          ruleRole: { kind: 'ClusterRole', name: 'monitoring-pods' },
          rule: 'rules[0]',
        },
      ],
    });
    expect(json.unresolved).toHaveLength(1);
  });
});

describe('who-can formatters', () => {
  it('formats text', () => {
    expect(formatWhoCanText(whoCan(index, 'get', 'secrets', 'shop', 'web-tls')))
      .toBe(`Who can get secrets 'web-tls' in namespace shop

  ServiceAccount shop/web
    via RoleBinding shop/web -> Role shop/web rules[0]

Not resolved
  RoleBinding shop/view: Built-in ClusterRole 'view' has rules that the manifests do not show, so only the rules it aggregates from the manifests are known.
`);
  });

  it('formats JSON', () => {
    const json = JSON.parse(formatWhoCanJson(whoCan(index, 'list', 'pods')));
    expect(json.request).toEqual({
      type: 'resource',
      verb: 'list',
      apiGroup: '',
      resource: 'pods',
    });
    expect(json.subjects[0].subject).toEqual({
      kind: 'ServiceAccount',
      namespace: 'shop',
      name: 'web',
    });
  });
});

describe('formatAccessReviewText', () => {
  it('answers yes with the grant', () => {
    const review = canI(
      index,
      { kind: 'ServiceAccount', namespace: 'shop', name: 'web' },
      'list',
      'pods',
      'shop',
    );
    expect(formatAccessReviewText(review))
      .toBe(`yes: ServiceAccount shop/web list pods in namespace shop
  via ClusterRoleBinding monitoring -> ClusterRole monitoring (aggregates ClusterRole monitoring-pods rules[0])
`);
  });
});
