// Records named test results of the end-to-end suite and prints one line per test.
import { log } from './code-server.mjs';

export class Results {
  passed = 0;
  failed = 0;
  /** Names and errors of failed tests, for the closing summary. */
  failures = [];

  /**
   * Runs one test and records it. `onFailure` runs after a failure (for a screenshot) and its
   * own errors are logged, not raised. Returns whether the test passed.
   */
  async test(name, body, onFailure) {
    const started = performance.now();
    try {
      await body();
      this.passed++;
      log(`PASS ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      return true;
    } catch (error) {
      this.failed++;
      this.failures.push({ name, error });
      log(`FAIL ${name}: ${error?.stack ?? error}`);
      if (onFailure) {
        try {
          await onFailure(name);
        } catch (failureError) {
          log(`Cannot record the failure of ${name}: ${failureError.message}`);
        }
      }
      return false;
    }
  }

  /** Records tests that ran elsewhere (the extension host) by name. */
  record(name, error) {
    if (error) {
      this.failed++;
      this.failures.push({ name, error });
      log(`FAIL ${name}: ${error}`);
    } else {
      this.passed++;
      log(`PASS ${name}`);
    }
  }
}
