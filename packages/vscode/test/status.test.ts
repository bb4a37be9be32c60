import { describe, expect, it } from 'vitest';

import { formatStatus } from '../src/status.js';

describe('formatStatus', () => {
  it('no problems shows the shield only', () => {
    const status = formatStatus({ errors: 0, warnings: 0, infos: 0 });
    expect(status.text).toBe('$(shield) kubeharden');
    expect(status.label).toBe('kubeharden: no problems in this file');
  });

  it('counts errors and warnings', () => {
    const status = formatStatus({ errors: 7, warnings: 1, infos: 0 });
    expect(status.text).toBe('$(shield) $(error) 7 $(warning) 1');
    expect(status.label).toBe('kubeharden: 7 errors, 1 warning and 0 info in this file');
    expect(status.tooltip).toBe(`${status.label}. Click to open the Problems view.`);
  });

  it('info count appears when non-zero', () => {
    expect(formatStatus({ errors: 1, warnings: 0, infos: 2 }).text).toBe(
      '$(shield) $(error) 1 $(warning) 0 $(info) 2',
    );
  });
});
