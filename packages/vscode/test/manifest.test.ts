import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { serverSettings } from '../src/settings.js';

const ROOT = join(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, { default?: unknown }> };
  };
};

describe('package.json', () => {
  it('contributed commands are registered', () => {
    const source = readFileSync(join(ROOT, 'src/extension.ts'), 'utf8');
    const registered = [...source.matchAll(/command\('(kubeharden\.[A-Za-z]+)'/g)].map(
      (match) => match[1],
    );
    const contributed = manifest.contributes.commands.map((entry) => entry.command);
    expect(registered.sort()).toEqual(contributed.sort());
  });

  it('every server setting is read', () => {
    const keys = Object.keys(manifest.contributes.configuration.properties)
      .map((key) => key.replace(/^kubeharden\./, ''))
      .filter((key) => key !== 'trace.server');
    const read: string[] = [];
    serverSettings((key) => {
      read.push(key);
      return undefined;
    });
    expect(read.sort()).toEqual(keys.sort());
  });

  it('defaults equal the engine defaults', () => {
    const properties = manifest.contributes.configuration.properties;
    expect(properties['kubeharden.pss.level']?.default).toBe('restricted');
    expect(properties['kubeharden.pss.version']?.default).toBe('latest');
    expect(properties['kubeharden.healthData.namespaces']?.default).toEqual([]);
  });

  it('types match the minimum VS Code version', () => {
    expect(manifest.engines.vscode).toBe(`^${manifest.devDependencies['@types/vscode']}`);
  });

  it('main is the client bundle', () => {
    expect(manifest.main).toBe('./dist/extension.js');
  });
});
