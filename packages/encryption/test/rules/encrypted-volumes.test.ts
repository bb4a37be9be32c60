import { describe, expect, it } from 'vitest';

import { findingsOf, rangeOf, yaml } from '../helpers.js';

const id = 'require-encrypted-volumes';

const ENCRYPTED_DEFAULT = [
  'apiVersion: storage.k8s.io/v1',
  'kind: StorageClass',
  'metadata:',
  '  name: secure',
  '  annotations:',
  '    storageclass.kubernetes.io/is-default-class: "true"',
  'provisioner: driver.longhorn.io',
  'parameters:',
  '  encrypted: "true"',
];

const PLAIN_CLASS = [
  'apiVersion: storage.k8s.io/v1',
  'kind: StorageClass',
  'metadata:',
  '  name: plain',
  'provisioner: rancher.io/local-path',
];

function claim(extra: readonly string[] = [], metadata: readonly string[] = []): string[] {
  return [
    'apiVersion: v1',
    'kind: PersistentVolumeClaim',
    'metadata:',
    '  name: data',
    '  namespace: clinic',
    ...metadata,
    'spec:',
    '  accessModes: [ReadWriteOnce]',
    ...extra,
    '  resources:',
    '    requests:',
    '      storage: 1Gi',
  ];
}

describe('require-encrypted-volumes', () => {
  it('claim on the encrypted default class', () => {
    expect(findingsOf(yaml([...ENCRYPTED_DEFAULT, '---', ...claim()]), id)).toEqual([]);
  });

  it('claim naming an encrypted class', () => {
    expect(
      findingsOf(yaml([...ENCRYPTED_DEFAULT, '---', ...claim(['  storageClassName: secure'])]), id),
    ).toEqual([]);
  });

  it('claim naming a class outside the manifests', () => {
    expect(findingsOf(yaml(claim(['  storageClassName: elsewhere'])), id)).toEqual([]);
  });

  it('claim bound to a pre-created volume', () => {
    expect(findingsOf(yaml(claim(['  storageClassName: ""'])), id)).toEqual([]);
  });

  it('claim outside the health-data scope', () => {
    const text = yaml([...PLAIN_CLASS, '---', ...claim(['  storageClassName: plain'])]);
    expect(findingsOf(text, id, { healthData: { namespaces: ['records'] } })).toEqual([]);
  });

  it('classes declared encrypted by option', () => {
    const text = yaml([...PLAIN_CLASS, '---', ...claim(['  storageClassName: plain'])]);
    expect(
      findingsOf(text, id, { options: { [id]: { encryptedStorageClasses: ['plain'] } } }),
    ).toEqual([]);
    expect(
      findingsOf(text, id, {
        options: { [id]: { encryptedProvisioners: ['rancher.io/local-path'] } },
      }),
    ).toEqual([]);
  });

  it('provider-encrypted and EBS classes', () => {
    const gce = [
      'apiVersion: storage.k8s.io/v1',
      'kind: StorageClass',
      'metadata:',
      '  name: plain',
      'provisioner: pd.csi.storage.gke.io',
    ];
    expect(findingsOf(yaml([...gce, '---', ...claim(['  storageClassName: plain'])]), id)).toEqual(
      [],
    );
    const ebs = [
      'apiVersion: storage.k8s.io/v1',
      'kind: StorageClass',
      'metadata:',
      '  name: plain',
      'provisioner: ebs.csi.aws.com',
      'parameters:',
      '  type: gp3',
    ];
    expect(
      findingsOf(yaml([...ebs, '---', ...claim(['  storageClassName: plain'])]), id),
    ).toHaveLength(1);
  });

  it('claim naming an unencrypted class', () => {
    const text = yaml([...PLAIN_CLASS, '---', ...claim(['  storageClassName: plain'])]);
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'PersistentVolumeClaim "data" uses StorageClass "plain", which is not encrypted because kubeharden sees no encryption setting for provisioner "rancher.io/local-path"; use a StorageClass that encrypts volumes, such as Longhorn with parameters.encrypted: "true".',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 14,
      startColumn: 21,
      endLine: 14,
      endColumn: 26,
    });
  });

  it('claim without class and no default class', () => {
    const [finding] = findingsOf(yaml(claim()), id);
    expect(finding!.message).toBe(
      'PersistentVolumeClaim "data" names no StorageClass and no StorageClass in the manifests is marked as the default, so the encryption of its volume is unknown; use a StorageClass that encrypts volumes, such as Longhorn with parameters.encrypted: "true".',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 6, startColumn: 1, endLine: 6, endColumn: 5 });
  });

  it('claim without class on an unencrypted default', () => {
    const lines = [...ENCRYPTED_DEFAULT];
    lines[8] = '  encrypted: "false"';
    const [finding] = findingsOf(yaml([...lines, '---', ...claim()]), id);
    expect(finding!.message).toContain(
      'names no StorageClass, so it gets the default class "secure", which is not encrypted because its parameters.encrypted is "false"',
    );
  });

  it('claim in scope through a labelled workload', () => {
    const deployment = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: records',
      '  namespace: clinic',
      'spec:',
      '  template:',
      '    metadata:',
      '      labels: {data: phi}',
      '    spec:',
      '      containers: [{name: app, image: app:1}]',
      '      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]',
    ];
    const text = yaml([
      ...PLAIN_CLASS,
      '---',
      ...claim(['  storageClassName: plain']),
      '---',
      ...deployment,
    ]);
    const scope = { namespaces: [], label: { key: 'data', value: 'phi' } };
    expect(findingsOf(text, id, { healthData: scope })).toHaveLength(1);
    expect(findingsOf(text.replace('data: phi', 'data: none'), id, { healthData: scope })).toEqual(
      [],
    );
  });

  it('StatefulSet volume claim template', () => {
    const text = yaml([
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: db',
      'spec:',
      '  template:',
      '    spec:',
      '      containers: [{name: db, image: db:1}]',
      '  volumeClaimTemplates:',
      '    - metadata:',
      '        name: pgdata',
      '      spec:',
      '        accessModes: [ReadWriteOnce]',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain(
      'Volume claim template "pgdata" of StatefulSet "db" names no StorageClass',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 12,
      startColumn: 7,
      endLine: 12,
      endColumn: 11,
    });
  });

  it('generic ephemeral volume', () => {
    const text = yaml([
      ...PLAIN_CLASS,
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: job',
      'spec:',
      '  containers: [{name: app, image: app:1}]',
      '  volumes:',
      '    - name: scratch',
      '      ephemeral:',
      '        volumeClaimTemplate:',
      '          spec:',
      '            storageClassName: plain',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain(
      'Ephemeral volume "scratch" of Pod "job" uses StorageClass "plain"',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 18,
      startColumn: 31,
      endLine: 18,
      endColumn: 36,
    });
  });

  it('PersistentVolume of an unencrypted Longhorn volume', () => {
    const text = yaml([
      'apiVersion: v1',
      'kind: PersistentVolume',
      'metadata:',
      '  name: pv1',
      'spec:',
      '  capacity: {storage: 1Gi}',
      '  csi:',
      '    driver: driver.longhorn.io',
      '    volumeHandle: pv1',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'Longhorn PersistentVolume "pv1" does not set spec.csi.volumeAttributes.encrypted to "true", so its data is stored unencrypted; use a StorageClass that encrypts volumes, such as Longhorn with parameters.encrypted: "true".',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 7, startColumn: 3, endLine: 7, endColumn: 6 });
    expect(
      findingsOf(
        text.replace(
          '    volumeHandle: pv1\n',
          '    volumeHandle: pv1\n    volumeAttributes: {encrypted: "true"}\n',
        ),
        id,
      ),
    ).toEqual([]);
  });
});
