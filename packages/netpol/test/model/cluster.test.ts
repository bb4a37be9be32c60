import { describe, expect, it } from 'vitest';
import { loadCluster } from '../../src/index.js';
import { deployment, networkPolicy, yamlObjects } from '../helpers.js';

describe('cluster loading', () => {
  it('workload kinds become endpoints', () => {
    const cluster = loadCluster(
      yamlObjects(`
apiVersion: batch/v1
kind: CronJob
metadata: {name: report, namespace: jobs}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: report}}
        spec: {containers: [{name: r, image: r}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: db, ports: [{name: pg, containerPort: 5432}]}]}
---
apiVersion: v1
kind: PodTemplate
metadata: {name: template}
template:
  metadata: {labels: {app: t}}
`),
    );

    expect(cluster.workloads.map((workload) => workload.key)).toEqual([
      'jobs/report[CronJob]',
      'default/db[StatefulSet]',
    ]);
    expect(cluster.workloads[0]?.variants[0]?.labels).toEqual({ app: 'report' });
    expect(cluster.workloads[1]?.variants[0]?.ports).toEqual([
      { name: 'pg', port: 5432, protocol: 'TCP' },
    ]);
  });

  it('pod with controller shows as its owner', () => {
    const cluster = loadCluster(
      yamlObjects(`
apiVersion: v1
kind: PodList
items:
- metadata:
    name: web-abc12
    namespace: shop
    labels: {app: web}
    ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f, controller: true}]
- metadata:
    name: web-def34
    namespace: shop
    labels: {app: web}
    ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f, controller: true}]
- metadata:
    name: etcd-node1
    namespace: kube-system
    ownerReferences: [{apiVersion: v1, kind: Node, name: node1, controller: true}]
- metadata:
    name: helper
    namespace: shop
    ownerReferences: [{apiVersion: v1, kind: Secret, name: not-a-controller}]
`),
    );

    expect(cluster.workloads.map((workload) => workload.key)).toEqual([
      'shop/web-7d9f[ReplicaSet]',
      'kube-system/etcd-node1[Pod]',
      'shop/helper[Pod]',
    ]);
    expect(cluster.workloads[0]?.variants).toHaveLength(1);
    expect(cluster.workloads[0]?.refs.map((ref) => ref.location)).toEqual([
      { index: 0, path: ['items', 0] },
      { index: 0, path: ['items', 1] },
    ]);
  });

  it('owner pods with different labels warn', () => {
    const pod = (name: string, tier: string): unknown => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        labels: { app: 'agent', tier },
        ownerReferences: [{ name: 'agent', controller: true }],
      },
    });
    const cluster = loadCluster([pod('agent-1', 'a'), pod('agent-2', 'b')]);

    expect(cluster.workloads.map((workload) => workload.key)).toEqual(['default/agent[Pod]']);
    expect(cluster.workloads[0]?.variants).toHaveLength(2);
    expect(cluster.problems).toHaveLength(1);
    expect(cluster.problems[0]).toMatchObject({
      code: 'inconsistent-owner-labels',
      severity: 'warning',
      path: ['metadata', 'labels'],
      object: { name: 'agent-2' },
    });
  });

  it('namespace labels include the name label', () => {
    const cluster = loadCluster([
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'team', labels: { 'kubernetes.io/metadata.name': 'wrong', tier: 'a' } },
      },
      deployment('other', 'web', { app: 'web' }),
      networkPolicy('third', 'p', {}),
    ]);

    expect(
      Object.fromEntries([...cluster.namespaces].map(([name, ns]) => [name, ns.labels])),
    ).toEqual({
      team: { 'kubernetes.io/metadata.name': 'team', tier: 'a' },
      other: { 'kubernetes.io/metadata.name': 'other' },
      third: { 'kubernetes.io/metadata.name': 'third' },
    });
  });

  it('default namespace is configurable', () => {
    const cluster = loadCluster([deployment(undefined, 'web', { app: 'web' })], {
      defaultNamespace: 'apps',
    });

    expect(cluster.workloads[0]?.key).toBe('apps/web[Deployment]');
  });

  it('other NetworkPolicy groups are ignored', () => {
    const cluster = loadCluster([
      {
        apiVersion: 'crd.projectcalico.org/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'calico' },
        spec: {},
      },
      {
        apiVersion: 'extensions/v1beta1',
        kind: 'NetworkPolicy',
        metadata: { name: 'legacy' },
        spec: {},
      },
    ]);

    expect(cluster.policies.map((policy) => policy.name)).toEqual(['legacy']);
  });

  it('sidecar init containers contribute ports', () => {
    const cluster = loadCluster(
      yamlObjects(`
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  initContainers:
  - {name: setup, image: s, ports: [{name: setup, containerPort: 1}]}
  - {name: proxy, image: p, restartPolicy: Always, ports: [{name: proxy, containerPort: 15001, protocol: UDP}]}
  containers:
  - {name: app, image: a, ports: [{name: http, containerPort: 8080}]}
`),
    );

    expect(cluster.workloads[0]?.variants[0]?.ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'proxy', port: 15001, protocol: 'UDP' },
    ]);
  });
});
