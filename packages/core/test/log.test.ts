import { afterEach, describe, expect, it } from 'vitest';

import { debug, setDebugSink } from '../src/index.js';

describe('debug logger', () => {
  const lines: string[] = [];
  const previous = process.env.KUBEHARDEN_DEBUG;
  afterEach(() => {
    lines.length = 0;
    if (previous === undefined) delete process.env.KUBEHARDEN_DEBUG;
    else process.env.KUBEHARDEN_DEBUG = previous;
    setDebugSink((line) => process.stderr.write(`${line}\n`));
  });

  it('silent without the variable', () => {
    delete process.env.KUBEHARDEN_DEBUG;
    setDebugSink((line) => lines.push(line));
    debug('engine')('hidden');

    expect(lines).toEqual([]);
  });

  it('namespaces named in the variable', () => {
    process.env.KUBEHARDEN_DEBUG = 'parse, kubeharden:engine';
    setDebugSink((line) => lines.push(line));
    debug('engine')('shown');
    debug('parse')('also shown');
    debug('fix')('hidden');

    expect(lines).toEqual(['kubeharden:engine shown', 'kubeharden:parse also shown']);
  });

  it('every namespace with a star', () => {
    process.env.KUBEHARDEN_DEBUG = '*';
    setDebugSink((line) => lines.push(line));
    debug('any')('shown');

    expect(lines).toEqual(['kubeharden:any shown']);
  });
});
