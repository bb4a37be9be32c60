import { describe, expect, it } from 'vitest';

import { findingsOf, fixed, rangeOf, run, suggested, yaml } from '../helpers.js';

const HEADER = [
  'apiVersion: storage.k8s.io/v1',
  'kind: StorageClass',
  'metadata:',
  '  name: secure',
  'provisioner: driver.longhorn.io',
];
const NODE_SECRETS = [
  '  csi.storage.k8s.io/node-stage-secret-name: longhorn-crypto',
  '  csi.storage.k8s.io/node-stage-secret-namespace: longhorn-system',
  '  csi.storage.k8s.io/node-publish-secret-name: longhorn-crypto',
  '  csi.storage.k8s.io/node-publish-secret-namespace: longhorn-system',
];
const ENCRYPTED_CLASS = [...HEADER, 'parameters:', '  encrypted: "true"', ...NODE_SECRETS];

function keySecret(entries: readonly string[], section = 'stringData'): string[] {
  return [
    '---',
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: longhorn-crypto',
    '  namespace: longhorn-system',
    `${section}:`,
    ...entries,
  ];
}

const STRONG_KEY = '  CRYPTO_KEY_VALUE: "q8Vx3mZ1pL7wK2nR9tY4uB6cD0eF5gH"';

describe('require-longhorn-volume-encryption', () => {
  const id = 'require-longhorn-volume-encryption';

  it('encrypted class', () => {
    expect(findingsOf(yaml(ENCRYPTED_CLASS), id)).toEqual([]);
  });

  it('other spellings Longhorn parses as true', () => {
    for (const value of ['"True"', '"1"', "'t'"]) {
      const text = yaml([...HEADER, 'parameters:', `  encrypted: ${value}`, ...NODE_SECRETS]);
      expect(findingsOf(text, id), value).toEqual([]);
    }
  });

  it('class of another provisioner', () => {
    const text = yaml([
      'apiVersion: storage.k8s.io/v1',
      'kind: StorageClass',
      'metadata:',
      '  name: local',
      'provisioner: rancher.io/local-path',
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('class listed in allowUnencrypted', () => {
    const text = yaml([...HEADER, 'parameters:', '  numberOfReplicas: "3"']);
    expect(findingsOf(text, id, { options: { [id]: { allowUnencrypted: ['secure'] } } })).toEqual(
      [],
    );
  });

  it('unquoted boolean fixed by quoting', () => {
    const text = yaml([...HEADER, 'parameters:', '  encrypted: true', ...NODE_SECRETS]);
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'StorageClass "secure" sets parameters.encrypted to the YAML boolean true, but StorageClass parameters are strings and the API server rejects the class; quote it as "true".',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 7, startColumn: 14, endLine: 7, endColumn: 18 });
    const output = fixed(text, finding!);
    expect(output).toBe(yaml([...HEADER, 'parameters:', '  encrypted: "true"', ...NODE_SECRETS]));
    expect(findingsOf(output, id)).toEqual([]);
  });

  it('YAML 1.1 yes as boolean', () => {
    const text = yaml([...HEADER, 'parameters:', '  encrypted: yes', ...NODE_SECRETS]);
    const [finding] = findingsOf(text, id);
    expect(rangeOf(finding!)).toEqual({ startLine: 7, startColumn: 14, endLine: 7, endColumn: 17 });
    expect(fixed(text, finding!)).toBe(
      yaml([...HEADER, 'parameters:', '  encrypted: "true"', ...NODE_SECRETS]),
    );
  });

  it('missing parameter points at parameters', () => {
    const text = yaml([...HEADER, 'parameters:', '  numberOfReplicas: "3"']);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'Longhorn StorageClass "secure" does not set parameters.encrypted, so its volumes are stored unencrypted; set it to "true" and name the key Secret in the node-stage and node-publish secret parameters.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 6, startColumn: 1, endLine: 6, endColumn: 11 });
    expect(finding!.suggestions).toBeUndefined();
  });

  it('string false with a suggestion', () => {
    const text = yaml([...HEADER, 'parameters:', '  encrypted: "false"', ...NODE_SECRETS]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain('sets parameters.encrypted to "false"');
    expect(rangeOf(finding!)).toEqual({ startLine: 7, startColumn: 14, endLine: 7, endColumn: 21 });
    expect(finding!.fix).toBeUndefined();
    expect(suggested(text, finding!)).toBe(yaml(ENCRYPTED_CLASS));
  });
});

describe('require-longhorn-encryption-secret-parameters', () => {
  const id = 'require-longhorn-encryption-secret-parameters';

  it('node-stage and node-publish set', () => {
    expect(findingsOf(yaml(ENCRYPTED_CLASS), id)).toEqual([]);
  });

  it('per-volume templates', () => {
    const text = yaml([
      ...HEADER,
      'parameters:',
      '  encrypted: "true"',
      '  csi.storage.k8s.io/node-stage-secret-name: ${pvc.name}',
      '  csi.storage.k8s.io/node-stage-secret-namespace: ${pvc.namespace}',
      '  csi.storage.k8s.io/node-publish-secret-name: ${pvc.name}',
      '  csi.storage.k8s.io/node-publish-secret-namespace: ${pvc.namespace}',
    ]);
    expect(findingsOf(text, id, { completeManifests: true })).toEqual([]);
  });

  it('unencrypted class not checked', () => {
    expect(findingsOf(yaml([...HEADER, 'parameters:', '  numberOfReplicas: "3"']), id)).toEqual([]);
  });

  it('missing node-publish pair with suggestion', () => {
    const text = yaml([
      ...HEADER,
      'parameters:',
      '  encrypted: "true"',
      NODE_SECRETS[0]!,
      NODE_SECRETS[1]!,
    ]);
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'Encrypted Longhorn StorageClass "secure" does not set "csi.storage.k8s.io/node-publish-secret-name" and "csi.storage.k8s.io/node-publish-secret-namespace", and the kubelet needs it to hand the key to Longhorn for node publish; set them to the key Secret.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 6, startColumn: 1, endLine: 6, endColumn: 11 });
    expect(suggested(text, finding!)).toBe(yaml(ENCRYPTED_CLASS));
  });

  it('name without namespace', () => {
    const text = yaml([
      ...HEADER,
      'parameters:',
      '  encrypted: "true"',
      ...NODE_SECRETS,
      '  csi.storage.k8s.io/node-expand-secret-name: longhorn-crypto',
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain(
      'does not set "csi.storage.k8s.io/node-expand-secret-namespace", and a Secret reference needs both name and namespace',
    );
    expect(suggested(text, finding!)).toBe(
      `${text}  csi.storage.k8s.io/node-expand-secret-namespace: longhorn-system\n`,
    );
  });

  it('provisioner Secret required by option', () => {
    const findings = findingsOf(yaml(ENCRYPTED_CLASS), id, {
      options: { [id]: { requireProvisionerSecret: true } },
    });
    expect(findings.map((finding) => finding.message)).toEqual([
      expect.stringContaining(
        '"csi.storage.k8s.io/provisioner-secret-name" and "csi.storage.k8s.io/provisioner-secret-namespace"',
      ),
    ]);
  });

  it('inconsistent Secret names', () => {
    const lines = [...HEADER, 'parameters:', '  encrypted: "true"', ...NODE_SECRETS];
    lines[9] = '  csi.storage.k8s.io/node-publish-secret-name: other-key';
    const text = yaml(lines);
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'Parameter "csi.storage.k8s.io/node-publish-secret-name" is "other-key" but "csi.storage.k8s.io/node-stage-secret-name" is "longhorn-crypto", so Longhorn would get different keys for one volume; name the same Secret in every CSI secret parameter.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 10,
      startColumn: 48,
      endLine: 10,
      endColumn: 57,
    });
    expect(suggested(text, finding!)).toBe(yaml(ENCRYPTED_CLASS));
  });

  it('undefined Secret with completeManifests', () => {
    const [finding] = findingsOf(yaml(ENCRYPTED_CLASS), id, { completeManifests: true });
    expect(finding!.message).toBe(
      'Key Secret "longhorn-system/longhorn-crypto" of StorageClass "secure" is not in the manifests, so volumes of this class cannot be opened; add the Secret with CRYPTO_KEY_VALUE.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 8, startColumn: 46, endLine: 8, endColumn: 61 });
    expect(
      findingsOf(yaml([...ENCRYPTED_CLASS, ...keySecret([STRONG_KEY])]), id, {
        completeManifests: true,
      }),
    ).toEqual([]);
  });
});

describe('no-weak-longhorn-encryption-key', () => {
  const id = 'no-weak-longhorn-encryption-key';

  it('strong passphrase', () => {
    expect(findingsOf(yaml([...ENCRYPTED_CLASS, ...keySecret([STRONG_KEY])]), id)).toEqual([]);
  });

  it('Secret not used by an encrypted class', () => {
    const text = yaml([
      ...HEADER,
      'parameters:',
      '  numberOfReplicas: "3"',
      ...keySecret(['  CRYPTO_KEY_VALUE: ""']),
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('example passphrase without printing it', () => {
    const text = yaml([
      ...ENCRYPTED_CLASS,
      ...keySecret(['  CRYPTO_KEY_VALUE: "Simple passphrase"']),
    ]);
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'Secret "longhorn-system/longhorn-crypto", the encryption key of StorageClass "secure", has a CRYPTO_KEY_VALUE that looks like an example or placeholder value; replace it with a random passphrase of at least 20 characters.',
    );
    expect(finding!.message).not.toContain('Simple');
    expect(rangeOf(finding!)).toEqual({
      startLine: 19,
      startColumn: 21,
      endLine: 19,
      endColumn: 40,
    });
  });

  it('empty value', () => {
    const [finding] = findingsOf(
      yaml([...ENCRYPTED_CLASS, ...keySecret(['  CRYPTO_KEY_VALUE: ""'])]),
      id,
    );
    expect(finding!.message).toContain('has a CRYPTO_KEY_VALUE that is empty');
  });

  it('template placeholder', () => {
    const [finding] = findingsOf(
      yaml([
        ...ENCRYPTED_CLASS,
        ...keySecret(['  CRYPTO_KEY_VALUE: "<base64-encoded 32-byte key>"']),
      ]),
      id,
    );
    expect(finding!.message).toContain('is still a template placeholder');
  });

  it('short base64 value in data', () => {
    // "short-key-123" in base64.
    const text = yaml([
      ...ENCRYPTED_CLASS,
      ...keySecret(['  CRYPTO_KEY_VALUE: c2hvcnQta2V5LTEyMw=='], 'data'),
    ]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toContain('is shorter than 20 characters');
    expect(rangeOf(finding!)).toEqual({
      startLine: 19,
      startColumn: 21,
      endLine: 19,
      endColumn: 41,
    });
  });

  it('invalid base64 in data', () => {
    const [finding] = findingsOf(
      yaml([...ENCRYPTED_CLASS, ...keySecret(['  CRYPTO_KEY_VALUE: "not base64!"'], 'data')]),
      id,
    );
    expect(finding!.message).toContain('is not valid base64');
  });

  it('missing key points at stringData', () => {
    const text = yaml([...ENCRYPTED_CLASS, ...keySecret(['  CRYPTO_KEY_PROVIDER: secret'])]);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'Secret "longhorn-system/longhorn-crypto", the encryption key of StorageClass "secure", has no CRYPTO_KEY_VALUE, so Longhorn cannot open its volumes; add a random passphrase under CRYPTO_KEY_VALUE.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 18,
      startColumn: 1,
      endLine: 18,
      endColumn: 11,
    });
  });

  it('minimumLength option', () => {
    const text = yaml([...ENCRYPTED_CLASS, ...keySecret([STRONG_KEY])]);
    expect(findingsOf(text, id, { options: { [id]: { minimumLength: 40 } } })).toHaveLength(1);
  });
});

describe('no-weak-longhorn-encryption-cipher', () => {
  const id = 'no-weak-longhorn-encryption-cipher';

  it('documented defaults', () => {
    const text = yaml([
      ...ENCRYPTED_CLASS,
      ...keySecret([
        STRONG_KEY,
        '  CRYPTO_KEY_PROVIDER: secret',
        '  CRYPTO_KEY_CIPHER: aes-xts-plain64',
        '  CRYPTO_KEY_HASH: sha256',
        '  CRYPTO_KEY_SIZE: "256"',
        '  CRYPTO_PBKDF: argon2i',
      ]),
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('FIPS settings from the Longhorn example', () => {
    const text = yaml([
      ...ENCRYPTED_CLASS,
      ...keySecret([
        STRONG_KEY,
        '  CRYPTO_KEY_CIPHER: "aes-cbc-essiv:sha256"',
        '  CRYPTO_PBKDF: "pbkdf2"',
        '  CRYPTO_PBKDF_FORCE_ITERATIONS: "200000"',
      ]),
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('weak settings named without values', () => {
    const text = yaml([
      ...ENCRYPTED_CLASS,
      ...keySecret([
        STRONG_KEY,
        '  CRYPTO_KEY_PROVIDER: vault',
        '  CRYPTO_KEY_CIPHER: aes-cbc-plain',
        '  CRYPTO_KEY_HASH: sha1',
        '  CRYPTO_KEY_SIZE: "96"',
        '  CRYPTO_PBKDF: pbkdf2',
        '  CRYPTO_PBKDF_FORCE_ITERATIONS: "1000"',
      ]),
    ]);
    const findings = findingsOf(text, id);
    const prefix =
      'Secret "longhorn-system/longhorn-crypto", the encryption key of StorageClass "secure", sets';
    expect(findings.map((finding) => finding.message)).toEqual([
      `${prefix} CRYPTO_KEY_PROVIDER to a value that Longhorn does not support; remove it or set it to "secret".`,
      `${prefix} CRYPTO_KEY_CIPHER to a value that uses CBC with a predictable IV, which allows watermarking attacks; use aes-xts-plain64 or aes-cbc-essiv:sha256.`,
      `${prefix} CRYPTO_KEY_HASH to a value that is a broken hash function; use sha256 or sha512.`,
      `${prefix} CRYPTO_KEY_SIZE to a value that gives less than 128 effective key bits; use 256, or 512 with an XTS cipher for AES-256.`,
      `${prefix} CRYPTO_PBKDF_FORCE_ITERATIONS to a value that forces fewer than 100000 PBKDF2 iterations; raise it or remove it so cryptsetup benchmarks the count.`,
    ]);
    expect(rangeOf(findings[1]!)).toEqual({
      startLine: 21,
      startColumn: 22,
      endLine: 21,
      endColumn: 35,
    });
  });

  it('null and ECB ciphers', () => {
    const messages = (cipher: string) =>
      findingsOf(
        yaml([...ENCRYPTED_CLASS, ...keySecret([STRONG_KEY, `  CRYPTO_KEY_CIPHER: ${cipher}`])]),
        id,
      ).map((finding) => finding.message);
    expect(messages('cipher_null-ecb')).toEqual([expect.stringContaining('turns encryption off')]);
    expect(messages('aes-ecb')).toEqual([expect.stringContaining('uses ECB mode')]);
    expect(messages('des3_ede-cbc-essiv:sha256')).toEqual([
      expect.stringContaining('obsolete block cipher'),
    ]);
  });

  it('XTS key of 256 bits is AES-128 and accepted', () => {
    const text = yaml([...ENCRYPTED_CLASS, ...keySecret([STRONG_KEY, '  CRYPTO_KEY_SIZE: "256"'])]);
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('XTS key of 128 bits is too short', () => {
    const [finding] = findingsOf(
      yaml([...ENCRYPTED_CLASS, ...keySecret([STRONG_KEY, '  CRYPTO_KEY_SIZE: "128"'])]),
      id,
    );
    expect(finding!.message).toContain('gives less than 128 effective key bits');
  });

  it('key size not divisible by 8', () => {
    const [finding] = findingsOf(
      yaml([...ENCRYPTED_CLASS, ...keySecret([STRONG_KEY, '  CRYPTO_KEY_SIZE: "250"'])]),
      id,
    );
    expect(finding!.message).toContain('is not a whole number of bits divisible by 8');
  });
});

describe('Longhorn corpus examples', () => {
  it('encrypted class and example Secret together', () => {
    const text = yaml([
      ...ENCRYPTED_CLASS,
      ...keySecret(['  CRYPTO_KEY_VALUE: "Simple passphrase"', '  CRYPTO_KEY_PROVIDER: "secret"']),
    ]);
    expect(run(text).map((finding) => finding.ruleId)).toEqual(['no-weak-longhorn-encryption-key']);
  });
});
