import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/** The folder of reference data that sits beside a checkout of this repository in CI. */
export const SHARED_DIR = fileURLToPath(new URL('../../shared/', import.meta.url));

/**
 * Returns the absolute path of a folder under the shared reference data, or `undefined` when
 * it is absent. Absence is an error when `CI` is set, because CI always provides the folder.
 */
export function sharedPath(relative: string): string | undefined {
  const absolute = fileURLToPath(new URL(relative, `file://${SHARED_DIR}`));
  if (existsSync(absolute)) return absolute;
  if (process.env.CI) {
    throw new Error(`Required reference data ${absolute} is missing; CI must provide ../shared.`);
  }
  process.stderr.write(`SKIPPED: ${absolute} is absent, so the tests that read it do not run.\n`);
  return undefined;
}

/** `describe` for a suite that needs a folder of the shared reference data; skips visibly without it. */
export function describeShared(
  title: string,
  relative: string,
  body: (absolutePath: string) => void,
): void {
  const absolute = sharedPath(relative);
  if (absolute === undefined) {
    describe.skip(`${title} (skipped: ${relative} is absent)`, () => {});
    return;
  }
  describe(title, () => body(absolute));
}
