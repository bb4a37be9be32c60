import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CLINIC_NETWORK_POLICIES } from './fixtures.js';
import { run, Workspace } from './helpers.js';

// One automatic fix (allowPrivilegeEscalation) and one suggestion (privileged), with comments
// on the lines around both. The NetworkPolicies after the Pod keep the network policy rules
// quiet, so that the file is clean once both changes are applied.
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: clinic
spec:
  serviceAccountName: web
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app # serves the API
      image: registry.example.com/app:1.0
      securityContext:
        readOnlyRootFilesystem: true # writes go to /tmp
        capabilities:
          drop: [ALL]
        privileged: true # device access
${CLINIC_NETWORK_POLICIES}`;

const FIXED = POD.replace(
  '        privileged: true # device access\n',
  '        privileged: true # device access\n        allowPrivilegeEscalation: false\n',
);

let workspace: Workspace;

beforeAll(() => {
  workspace = new Workspace();
});

afterAll(() => {
  workspace.remove();
});

describe('check --fix', () => {
  it('fix written to the file', async () => {
    const file = workspace.write('fix/pod.yaml', POD);
    const result = await run(['check', '--no-color', '--fix', file]);

    expect(readFileSync(file, 'utf8')).toBe(FIXED);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('no-privileged-containers');
    expect(result.stdout).not.toContain('no-privilege-escalation');
    expect(result.stdout).toContain('Applied 1 fix to 1 file.');
  });

  it('second run unchanged', async () => {
    const file = workspace.write('fix-twice/pod.yaml', POD);
    await run(['check', '--fix', file]);
    const result = await run(['check', '--no-color', '--fix', file]);

    expect(readFileSync(file, 'utf8')).toBe(FIXED);
    expect(result.stdout).toContain('Applied 0 fixes to 0 files.');
  });

  it('suggestions on request', async () => {
    const file = workspace.write('fix-suggestions/pod.yaml', POD);
    const result = await run([
      'check',
      '--no-color',
      '--fix',
      '--fix-type',
      'fix,suggestion',
      file,
    ]);

    expect(readFileSync(file, 'utf8')).toBe(
      FIXED.replace('privileged: true #', 'privileged: false #'),
    );
    expect(result.code).toBe(0);
  });

  it('dry run leaves the file', async () => {
    const file = workspace.write('dry-run/pod.yaml', POD);
    const result = await run(['check', '--no-color', '--fix-dry-run', file]);

    expect(readFileSync(file, 'utf8')).toBe(POD);
    expect(result.stdout).toContain('+        allowPrivilegeEscalation: false\n');
    expect(result.stdout).toContain('Would apply 1 fix to 1 file.');
  });

  it('standard input rejected', async () => {
    const result = await run(['check', '--fix', '-']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'kubeharden: --fix cannot write to standard input; name the files, or use --fix-dry-run with files.\n',
    );
  });

  it('invalid --fix-type value', async () => {
    const file = workspace.write('fix-type/pod.yaml', POD);
    const result = await run(['check', '--fix-type', 'all', file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'expected "fix", "suggestion" or both separated by a comma, got "all".',
    );
    expect(readFileSync(file, 'utf8')).toBe(POD);
  });
});
