import { afterEach, expect, test } from 'vitest';
import type { TextEdit } from 'vscode-languageserver-protocol/node.js';

import { TestClient } from './client.js';
import { DEPLOYMENT, NAMESPACE, workspace } from './fixtures.js';

const EDITS = 1_000;
// Pieces of text that break YAML in different ways: open flow collections, stray indentation,
// tabs, template markers, separators, duplicate keys and half-typed keys.
const FRAGMENTS = [
  '{',
  '[',
  ']',
  ': ',
  '- ',
  '\t',
  '"',
  "'",
  '{{ .Values.x }}',
  '\n---\n',
  '\nkind: Pod\n',
  '  ',
  'z',
  '\n',
  '&a',
  '*a',
  'name: x\n',
];

let client: TestClient | undefined;
let folder: { remove: () => void } | undefined;

afterEach(() => {
  client?.kill();
  folder?.remove();
});

/** A deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Picks a random insertion, deletion or replacement somewhere in the text. */
function randomEdit(text: string, next: () => number): TextEdit {
  const start = Math.floor(next() * (text.length + 1));
  const length = next() < 0.5 ? 0 : Math.floor(next() * Math.min(20, text.length - start));
  const insert = next() < 0.3 ? '' : FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]!;
  return {
    range: { start: positionAt(text, start), end: positionAt(text, start + length) },
    newText: insert,
  };
}

test('burst of random edits keeps the server alive and bounded', async () => {
  const files = workspace({ 'namespace.yaml': NAMESPACE });
  folder = files;
  client = await TestClient.start({ workspace: files.root });
  await client.indexed();
  const original = `${DEPLOYMENT}---\n${NAMESPACE}`;
  const { uri, diagnostics: initial } = await client.open(files.path('manifests.yaml'), original);
  const next = random(20261204);

  let warmMemory = 0;
  for (let index = 0; index < EDITS; index++) {
    // Now and then the text goes back to the original, so edits do not drift into pure noise.
    if (index % 100 === 99) await client.replace(uri, original);
    else await client.edit(uri, [randomEdit(client.text(uri), next)]);

    if (index % 25 === 24) {
      const version = client.texts.get(uri)!.version;
      const diagnostics = await client.diagnostics(uri, version);
      const range = diagnostics[0]?.range ?? {
        start: { line: 0, character: 0 },
        end: { line: 0, character: 0 },
      };
      await client.codeActions(uri, range, diagnostics);
      await client.hover(uri, range.start.line, range.start.character);
    }
    if (index === 199) warmMemory = client.residentMemoryMb();
  }

  const version = await client.replace(uri, original);
  const final = await client.diagnostics(uri, version);
  const endMemory = client.residentMemoryMb();

  expect(client.process.exitCode).toBeNull();
  expect(client.errorLogs()).toEqual([]);
  expect(client.protocolErrors).toEqual([]);
  expect(final.map((diagnostic) => diagnostic.code)).toEqual(
    initial.map((diagnostic) => diagnostic.code),
  );
  // Growth from edit 200 to the end measured 8 MB on a 2-core machine; the bound leaves room for the collector.
  expect(endMemory - warmMemory).toBeLessThan(64);
  expect(await client.shutdown()).toBe(0);
});
