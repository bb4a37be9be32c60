import {
  applyEdits,
  check,
  RuleRegistry,
  SOURCE_RULES,
  SourceFile,
  DEFAULT_SETTINGS,
  type K8sObject,
} from '@kubeharden/core';
import { PSS_RULES } from '@kubeharden/pss';
import { describe, expect, test } from 'vitest';

import { policyActions, type PolicyContext } from '../../src/policies/actions.js';
import type { Generators } from '../../src/policies/generators.js';

// Stand-ins with the shapes of the area packages' generators, so the insertion mechanism is
// tested whether or not those packages load.
const generators: Generators = {
  defaultDenyAll: (namespace) => [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-all', namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
  ],
  longhornEncryptedStorageClass: ({ name }) => ({
    storageClass: {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name },
      provisioner: 'driver.longhorn.io',
    },
  }),
  forWorkload: (workload) => {
    const name = (workload as { metadata: { name: string } }).metadata.name;
    return {
      serviceAccount: {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name, namespace: 'clinic' },
        automountServiceAccountToken: false,
      },
      edits: [
        { path: ['spec', 'template', 'spec', 'serviceAccountName'], value: name },
        { path: ['spec', 'template', 'spec', 'automountServiceAccountToken'], value: false },
      ],
      description: `Run Deployment '${name}' as its own ServiceAccount.`,
    };
  },
};

const registry = new RuleRegistry([...SOURCE_RULES, ...PSS_RULES]);

function objectsOf(text: string, path = '/work/manifests.yaml') {
  const file = new SourceFile(path, text);
  // Parsing every document, as the server does for the kinds its actions read.
  for (const document of file.documents) document.parse();
  const result = check([file], { registry: new RuleRegistry([...registry.list(), readAll]) });
  return { file, objects: result.objects };
}

const readAll = {
  id: 'read-all',
  meta: { ...SOURCE_RULES[0]!.meta, area: 'network' as const, kinds: 'all' as const },
  create: () => ({}),
};

function context(
  objects: PolicyContext['objects'],
  overrides: Partial<PolicyContext> = {},
): PolicyContext {
  return {
    objects,
    findingAreas: new Set(),
    settings: DEFAULT_SETTINGS,
    generators,
    canCreateFiles: true,
    fileExists: () => false,
    ...overrides,
  };
}

function find(objects: PolicyContext['objects'], kind: string): K8sObject {
  return objects.ofKind(kind)[0]!;
}

describe('default-deny insertion', () => {
  test('inserts after the namespace with the file separators', () => {
    const text =
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: clinic\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';
    const { file, objects } = objectsOf(text);
    const action = policyActions(find(objects, 'Namespace'), context(objects)).find(
      (candidate) => candidate.title === 'Insert default-deny NetworkPolicy',
    );

    expect(applyEdits(file.text, action!.edits)).toBe(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: clinic\n' +
        '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-all\n  namespace: clinic\nspec:\n  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n' +
        '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n',
    );
  });

  test('follows four-space indentation and CRLF line breaks', () => {
    const text = 'apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n    name: clinic';
    const { file, objects } = objectsOf(text);
    const action = policyActions(find(objects, 'Namespace'), context(objects))[0]!;
    const output = applyEdits(file.text, action.edits);

    expect(output).toContain('\r\n---\r\napiVersion: networking.k8s.io/v1\r\n');
    expect(output).toContain(
      'metadata:\r\n    name: default-deny-all\r\n    namespace: clinic\r\n',
    );
    expect(output.replace(/\r\n/g, '')).not.toContain('\n');
  });

  test('creates a file beside the manifest', () => {
    const { objects } = objectsOf('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: clinic\n');
    const action = policyActions(find(objects, 'Namespace'), context(objects)).find(
      (candidate) => candidate.newFile,
    );

    expect(action?.title).toBe('Create networkpolicies/clinic-default-deny.yaml');
    expect(action?.newFile?.path).toBe('/work/networkpolicies/clinic-default-deny.yaml');
    expect(action?.newFile?.text).toMatch(
      /^apiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\n/,
    );
  });

  test('no new file when it exists or the client cannot create files', () => {
    const { objects } = objectsOf('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: clinic\n');
    const namespace = find(objects, 'Namespace');

    expect(
      policyActions(namespace, context(objects, { fileExists: () => true })).some(
        (action) => action.newFile,
      ),
    ).toBe(false);
    expect(
      policyActions(namespace, context(objects, { canCreateFiles: false })).some(
        (action) => action.newFile,
      ),
    ).toBe(false);
  });

  test('nothing when the namespace already denies by default', () => {
    const text =
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: clinic\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: clinic\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n';
    const { objects } = objectsOf(text);
    const titles = policyActions(find(objects, 'Namespace'), context(objects)).map(
      (action) => action.title,
    );

    expect(titles).not.toContain('Insert default-deny NetworkPolicy');
  });

  test('nothing without the netpol generator', () => {
    const { objects } = objectsOf('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: clinic\n');
    const titles = policyActions(
      find(objects, 'Namespace'),
      context(objects, { generators: {} }),
    ).map((action) => action.title);

    expect(titles).toEqual(['Enforce restricted Pod Security']);
  });
});

describe('pod security labels', () => {
  test('sets the three modes and their versions in one edit', () => {
    const text =
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: clinic\n  labels:\n    team: records # owner\n';
    const { file, objects } = objectsOf(text);
    const action = policyActions(find(objects, 'Namespace'), context(objects)).find(
      (candidate) => candidate.title === 'Enforce restricted Pod Security',
    );

    expect(action!.edits).toHaveLength(1);
    expect(applyEdits(file.text, action!.edits)).toBe(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: clinic\n  labels:\n    team: records # owner\n' +
        '    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: latest\n' +
        '    pod-security.kubernetes.io/audit: restricted\n    pod-security.kubernetes.io/audit-version: latest\n' +
        '    pod-security.kubernetes.io/warn: restricted\n    pod-security.kubernetes.io/warn-version: latest\n',
    );
  });

  test('nothing when restricted is enforced already', () => {
    const labels = ['enforce', 'audit', 'warn']
      .map(
        (mode) =>
          `    pod-security.kubernetes.io/${mode}: restricted\n    pod-security.kubernetes.io/${mode}-version: latest\n`,
      )
      .join('');
    const { objects } = objectsOf(
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: clinic\n  labels:\n${labels}`,
    );
    const titles = policyActions(find(objects, 'Namespace'), context(objects)).map(
      (action) => action.title,
    );

    expect(titles).not.toContain('Enforce restricted Pod Security');
  });
});

describe('service account generation', () => {
  const deployment =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: records\n  namespace: clinic\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: records:1\n';

  test('inserts the objects and points the workload at them', () => {
    const { file, objects } = objectsOf(deployment);
    const [action] = policyActions(find(objects, 'Deployment'), context(objects));

    expect(action!.title).toBe('Generate ServiceAccount and point Deployment "records" at it');
    expect(applyEdits(file.text, action!.edits)).toBe(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: records\n  namespace: clinic\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: records:1\n' +
        '      serviceAccountName: records\n      automountServiceAccountToken: false\n' +
        '---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: records\n  namespace: clinic\nautomountServiceAccountToken: false\n',
    );
  });

  test('nothing for a workload with its own service account', () => {
    const { objects } = objectsOf(
      deployment.replace(
        '    spec:\n      containers:',
        '    spec:\n      serviceAccountName: records\n      containers:',
      ),
    );

    expect(policyActions(find(objects, 'Deployment'), context(objects))).toEqual([]);
  });
});

describe('encrypted Longhorn storage', () => {
  const claim =
    'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: clinic\nspec:\n  storageClassName: standard\n';
  const storageClass =
    'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: standard\nprovisioner: example.com/disk\n';
  const encryption = { findingAreas: new Set(['encryption'] as const) };

  test('points a claim at a generated class', () => {
    const { file, objects } = objectsOf(claim);
    const [action] = policyActions(
      find(objects, 'PersistentVolumeClaim'),
      context(objects, encryption),
    );

    expect(action!.title).toBe('Use an encrypted Longhorn StorageClass');
    expect(applyEdits(file.text, action!.edits)).toBe(
      claim.replace('storageClassName: standard', 'storageClassName: longhorn-encrypted') +
        '---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: longhorn-encrypted\nprovisioner: driver.longhorn.io\n',
    );
  });

  test('reuses an existing class of that name', () => {
    const existing = storageClass.replace('name: standard', 'name: longhorn-encrypted');
    const { file, objects } = objectsOf(`${claim}---\n${existing}`);
    const [action] = policyActions(
      find(objects, 'PersistentVolumeClaim'),
      context(objects, encryption),
    );

    expect(applyEdits(file.text, action!.edits)).toBe(
      `${claim.replace('storageClassName: standard', 'storageClassName: longhorn-encrypted')}---\n${existing}`,
    );
  });

  test('adds a class beside a StorageClass', () => {
    const { file, objects } = objectsOf(storageClass);
    const [action] = policyActions(find(objects, 'StorageClass'), context(objects, encryption));

    expect(action!.title).toBe('Add the encrypted Longhorn StorageClass "standard-encrypted"');
    expect(applyEdits(file.text, action!.edits)).toContain(
      '---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: standard-encrypted\n',
    );
  });

  test('nothing without an encryption finding', () => {
    const { objects } = objectsOf(claim);

    expect(policyActions(find(objects, 'PersistentVolumeClaim'), context(objects))).toEqual([]);
  });
});
