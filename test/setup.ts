import { afterEach, beforeEach, expect, vi } from 'vitest';

// Library code logs through the debug logger, never the console; a console call in a test run
// is a stray debugging statement or a leak of user data into output, so it fails the test.
const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
const calls: string[] = [];

beforeEach(() => {
  calls.length = 0;
  for (const method of METHODS) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      calls.push(`console.${method}: ${args.map(String).join(' ')}`);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  expect(calls, 'unexpected console output').toEqual([]);
});
