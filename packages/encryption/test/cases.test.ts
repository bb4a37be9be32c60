import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

import { describeShared } from '../../../test/shared.js';
import { rangeOf, run } from './helpers.js';

describeShared('shared encryption cases', 'cases/', (directory) => {
  const load = (name: string) => {
    const text = readFileSync(join(directory, name), 'utf8');
    return { text, expectation: text.split('\n', 1)[0]! };
  };

  it('case 46 Velero location without server-side encryption', () => {
    const { text, expectation } = load('case-46.yaml');
    expect(expectation).toMatch(/BackupStorageLocation has no server-side encryption configured/);
    expect(expectation).toMatch(/document 2 -> no finding/);

    const findings = run(text);
    expect(findings.every((finding) => finding.documentIndex === 0)).toBe(true);
    expect(findings.map((finding) => finding.ruleId)).toEqual([
      'require-backup-storage-encryption',
      'no-misplaced-backup-storage-config',
    ]);

    const [encryption, misplaced] = findings;
    expect(encryption!.message).toBe(
      'BackupStorageLocation "default" has no server-side encryption configured: spec.config sets none of serverSideEncryption, kmsKeyId or customerKeyEncryptionFile (spec.objectStorage.serverSideEncryption is ignored there; it belongs under spec.config); set kmsKeyId to a KMS key or serverSideEncryption to AES256.',
    );
    expect(rangeOf(encryption!)).toEqual({
      startLine: 9,
      startColumn: 3,
      endLine: 9,
      endColumn: 9,
    });
    // The key the schema check will call unknown is the one the plugin ignores.
    expect(misplaced!.message).toBe(
      'BackupStorageLocation "default" sets serverSideEncryption under spec.objectStorage, where velero-plugin-for-aws ignores it; move it to spec.config.',
    );
    expect(rangeOf(misplaced!)).toEqual({
      startLine: 14,
      startColumn: 5,
      endLine: 14,
      endColumn: 25,
    });
  });

  it.todo(
    'case 46 schema error "unknown field spec.objectStorage.serverSideEncryption" (needs schema validation)',
  );
});
