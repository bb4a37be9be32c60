import { describe, expect, it } from 'vitest';

import { loadObjects } from '../../src/load.js';
import { stringifyObject } from '../../src/source/stringify.js';

describe('stringifyObject', () => {
  it('round-trips strings that YAML 1.1 would read as other types', () => {
    const value = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', annotations: { '<<': 'not a merge key', n: 'literal' } },
      data: { yes: 'yes', on: 'on', octal: '0644', time: '1:30', date: '2001-12-14', empty: '', null: 'null', text: 'two\nlines\n' },
      binaryData: {},
      extra: { number: 1.5, flag: true, nothing: null, list: [1, 'two', { three: 3 }] },
    };

    const { objects, problems } = loadObjects(stringifyObject(value));

    expect(problems).toEqual([]);
    expect(objects[0]?.value).toEqual(value);
  });

  it('quotes a merge key', () => {
    expect(stringifyObject({ a: { '<<': 'x' } })).toBe('a:\n  "<<": x\n');
  });
});
