import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { Progress } from '../src/progress.js';

/** Creates a stand-in for `process.stderr` that records every write. */
function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = {
    isTTY,
    columns: 80,
    write: (text: string) => {
      written.push(text);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('Progress', () => {
  let savedCi: string | undefined;

  beforeEach(() => {
    savedCi = process.env.CI;
    delete process.env.CI;
  });

  afterEach(() => {
    if (savedCi === undefined) delete process.env.CI;
    else process.env.CI = savedCi;
  });

  it('counter on a terminal', () => {
    const { stream, written } = fakeStream(true);
    const progress = new Progress(stream);

    progress.update(3, 3, 'files');
    progress.clear();

    expect(written).toEqual([
      '\rChecking 3/3 files'.padEnd('\rChecking 3/3 files'.length + 10),
      '\r\u001b[K',
    ]);
  });

  it('nothing on a pipe', () => {
    const { stream, written } = fakeStream(false);
    const progress = new Progress(stream);

    progress.update(3, 3, 'files');
    progress.clear();

    expect(written).toEqual([]);
  });

  it('nothing in CI', () => {
    process.env.CI = 'true';
    const { stream, written } = fakeStream(true);
    const progress = new Progress(stream);

    progress.update(3, 3, 'files');
    progress.clear();

    expect(written).toEqual([]);
  });

  it('no clearing before the first update', () => {
    const { stream, written } = fakeStream(true);

    new Progress(stream).clear();

    expect(written).toEqual([]);
  });
});
