import { applyEdits, SourceFile } from '@kubeharden/core';
import { describe, expect, test } from 'vitest';

import {
  changeObject,
  indentStepOf,
  minimalEdit,
  renderDocuments,
} from '../../src/services/edits.js';

describe('minimalEdit', () => {
  test('keeps the common prefix and suffix', () => {
    expect(minimalEdit('a: true\n', 'a: false\n')).toEqual({ start: 3, end: 6, text: 'fals' });
  });

  test('nothing for equal texts', () => {
    expect(minimalEdit('a: 1\n', 'a: 1\n')).toBeUndefined();
  });

  test('pure insertion', () => {
    expect(minimalEdit('a: 1\n', 'a: 1\nb: 2\n')).toEqual({ start: 5, end: 5, text: 'b: 2\n' });
  });
});

describe('renderDocuments', () => {
  test('quotes YAML 1.1 booleans and indents by the step', () => {
    const [text] = renderDocuments(
      [{ metadata: { labels: { enabled: 'yes' } }, list: ['a'] }],
      4,
      '\n',
    );

    expect(text).toBe('metadata:\n    labels:\n        enabled: "yes"\nlist:\n    - a\n');
  });
});

describe('indentStepOf', () => {
  test('reads the first nested line', () => {
    const file = new SourceFile(
      'a.yaml',
      'kind: A\nmetadata:\n   name: x\n---\nkind: B\nmetadata:\n  name: y\n',
    );

    expect(indentStepOf(file, 0)).toBe(3);
    expect(indentStepOf(file, 1)).toBe(2);
  });
});

describe('changeObject', () => {
  test('creates one parent for several fields', () => {
    const file = new SourceFile(
      'a.yaml',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n',
    );
    const edit = changeObject(
      file,
      0,
      [],
      [
        { path: ['metadata', 'labels', 'a'], value: '1' },
        { path: ['metadata', 'labels', 'b'], value: '2' },
      ],
    );

    expect(applyEdits(file.text, [edit!])).toBe(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n  labels:\n    a: "1"\n    b: "2"\n',
    );
  });

  test('undefined when a field cannot be set', () => {
    const file = new SourceFile('a.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: plain\n');

    expect(
      changeObject(file, 0, [], [{ path: ['metadata', 'labels', 'a'], value: '1' }]),
    ).toBeUndefined();
  });
});
