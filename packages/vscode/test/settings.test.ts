import { describe, expect, it } from 'vitest';

import { serverSettings } from '../src/settings.js';

describe('serverSettings', () => {
  it('unset settings send nothing', () => {
    expect(serverSettings(() => undefined)).toEqual({});
  });

  it('set settings take the configuration file shape', () => {
    const values: Record<string, unknown> = {
      'pss.level': 'baseline',
      'pss.version': 'v1.30',
      rules: { 'no-host-ports': 'off' },
      'healthData.namespaces': ['clinic'],
      'healthData.label': 'kubeharden.io/phi=true',
      exclude: ['charts/**'],
      'trace.server': 'verbose',
    };
    expect(serverSettings((key) => values[key])).toEqual({
      pss: { level: 'baseline', version: 'v1.30' },
      rules: { 'no-host-ports': 'off' },
      healthData: { namespaces: ['clinic'], label: 'kubeharden.io/phi=true' },
      exclude: ['charts/**'],
    });
  });

  it('one pss key keeps the other unset', () => {
    const values: Record<string, unknown> = { 'pss.version': 'v1.29' };
    expect(serverSettings((key) => values[key])).toEqual({ pss: { version: 'v1.29' } });
  });

  it('empty label is no label', () => {
    const values: Record<string, unknown> = { 'healthData.label': '' };
    expect(serverSettings((key) => values[key])).toEqual({});
  });
});
