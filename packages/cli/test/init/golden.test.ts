import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { run, Workspace } from '../helpers.js';
import { copyInsecure, readTree } from './support.js';

// The expected output of init on examples/insecure, byte for byte. After an intended change of
// the output, regenerate it with:
//   UPDATE_GOLDEN=1 npx vitest run packages/cli/test/init/golden.test.ts
// and review the diff of packages/cli/test/init/golden before committing it.
const GOLDEN = fileURLToPath(new URL('./golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const VARIANTS = [
  { name: 'fix', options: ['--fix'], application: true },
  { name: 'patches', options: ['--patches'], application: false },
  {
    name: 'templates',
    options: [
      '--templates',
      '--backup-bucket',
      'clinic-backups',
      '--backup-region',
      'eu-central-1',
    ],
    application: false,
  },
];

function writeTree(folder: string, files: ReadonlyMap<string, string>): void {
  rmSync(folder, { recursive: true, force: true });
  for (const [path, text] of files) {
    const target = join(folder, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

let workspace: Workspace;

beforeAll(() => {
  workspace = new Workspace();
});

afterAll(() => {
  workspace.remove();
});

describe.each(VARIANTS)('init golden files, $name', ({ name, options, application }) => {
  let output: { security: Map<string, string>; app: Map<string, string> };

  beforeAll(async () => {
    const app = copyInsecure(workspace, name);
    const out = workspace.path(join(name, 'security'));
    const result = await run(['init', app, '--namespace', 'clinic', '--out', out, ...options]);
    expect(result.code).toBe(0);
    output = { security: readTree(out), app: readTree(app) };
    if (UPDATE) {
      writeTree(join(GOLDEN, name, 'security'), output.security);
      if (application) writeTree(join(GOLDEN, name, 'app'), output.app);
    }
  });

  it('same file names', () => {
    expect([...output.security.keys()]).toEqual([
      ...readTree(join(GOLDEN, name, 'security')).keys(),
    ]);
  });

  it('same bytes', () => {
    const golden = readTree(join(GOLDEN, name, 'security'));
    for (const [path, text] of output.security) expect(text, path).toBe(golden.get(path));
  });

  if (application) {
    it('same application bytes', () => {
      const golden = readTree(join(GOLDEN, name, 'app'));
      expect([...output.app.keys()]).toEqual([...golden.keys()]);
      for (const [path, text] of output.app) expect(text, path).toBe(golden.get(path));
    });
  }
});
