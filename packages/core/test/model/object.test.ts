import { describe, expect, it } from 'vitest';

import {
  containersOf,
  formatPath,
  getAt,
  isClusterScoped,
  K8sObject,
  podTemplateLocation,
} from '../../src/index.js';
import { onlyDocument, yaml } from '../helpers.js';

function objectOf(text: string, defaultNamespace = 'default'): K8sObject {
  const document = onlyDocument(text);
  return new K8sObject(document, [], document.value as Record<string, unknown>, defaultNamespace);
}

describe('K8sObject', () => {
  it('declared and default namespace', () => {
    const declared = objectOf(
      yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: a, namespace: ehr}'),
    );
    const defaulted = objectOf(yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: a}'), 'ward');

    expect(declared.namespace).toBe('ehr');
    expect(defaulted.namespace).toBe('ward');
    expect(defaulted.declaredNamespace).toBeUndefined();
    expect(defaulted.displayName).toBe('Pod/ward/a');
  });

  it('cluster-scoped kinds have no namespace', () => {
    const role = objectOf(
      yaml(
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: ClusterRole',
        'metadata: {name: reader, namespace: x}',
      ),
    );

    expect(role.namespace).toBeUndefined();
    expect(role.ref).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      name: 'reader',
    });
    expect(isClusterScoped('v1', 'Namespace')).toBe(true);
    expect(isClusterScoped('example.com/v1', 'Namespace')).toBe(false);
  });

  it('generateName as the name', () => {
    expect(
      objectOf(yaml('apiVersion: batch/v1', 'kind: Job', 'metadata: {generateName: run-}')).name,
    ).toBe('run-');
  });

  it('labels and annotations as strings', () => {
    const object = objectOf(
      yaml(
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  labels: {a: "1", b: 2, c: true, d: {x: 1}}',
      ),
    );

    expect(object.labels).toEqual({ a: '1', b: '2', c: 'true' });
    expect(object.annotations).toEqual({});
  });

  it('pod template of each workload kind', () => {
    expect(podTemplateLocation('apps/v1', 'Deployment')?.spec).toEqual([
      'spec',
      'template',
      'spec',
    ]);
    expect(podTemplateLocation('batch/v1', 'CronJob')?.spec).toEqual([
      'spec',
      'jobTemplate',
      'spec',
      'template',
      'spec',
    ]);
    expect(podTemplateLocation('v1', 'Pod')?.spec).toEqual(['spec']);
    expect(podTemplateLocation('example.com/v1', 'Deployment')).toBeUndefined();
  });
});

describe('paths', () => {
  it('formatted like Kubernetes field errors', () => {
    expect(formatPath(['spec', 'containers', 0, 'securityContext'])).toBe(
      'spec.containers[0].securityContext',
    );
    expect(formatPath(['metadata', 'annotations', 'kubeharden.io/ignore'])).toBe(
      'metadata.annotations["kubeharden.io/ignore"]',
    );
    expect(formatPath([])).toBe('');
  });

  it('values read along a path', () => {
    const value = { a: [{ b: 1 }] };

    expect(getAt(value, ['a', 0, 'b'])).toBe(1);
    expect(getAt(value, ['a', 'b'])).toBeUndefined();
    expect(getAt(value, ['a', 0, 'b', 'c'])).toBeUndefined();
  });

  it('containers of a pod spec', () => {
    const entries = containersOf(
      { initContainers: [{ name: 'init' }], containers: [{ name: 'app' }, 'bad', {}] },
      ['spec'],
    );

    expect(entries.map((entry) => [entry.name, entry.path])).toEqual([
      ['init', ['spec', 'initContainers', 0]],
      ['app', ['spec', 'containers', 0]],
      ['containers[2]', ['spec', 'containers', 2]],
    ]);
  });
});
