import { describe, expect, it } from 'vitest';

import { buildJsonReport, formatJson } from '../../src/index.js';
import { sampleRun } from './findings.js';

describe('JSON report', () => {
  const { result } = sampleRun();
  const report = buildJsonReport(result.findings, result.suppressed, result.statistics, '1.2.3');

  it('tool and summary', () => {
    expect(report.tool).toEqual({ name: 'kubeharden', version: '1.2.3' });
    expect(report.summary).toEqual({
      errors: 2,
      warnings: 1,
      infos: 0,
      fixable: 1,
      withSuggestions: 1,
      suppressed: 0,
      files: 2,
      documents: 2,
      parsedDocuments: 2,
      objects: 1,
    });
  });

  it('findings with ranges, objects and fixes', () => {
    const parsed = JSON.parse(formatJson(report)) as typeof report;
    const hostNetwork = parsed.findings.find((finding) => finding.ruleId === 'no-host-network');

    expect(parsed.findings).toHaveLength(3);
    expect(hostNetwork).toEqual({
      ruleId: 'no-host-network',
      severity: 'error',
      message: 'Pod uses the host network.',
      file: 'manifests/pod.yaml',
      documentIndex: 0,
      object: { apiVersion: 'v1', kind: 'Pod', namespace: 'clinic', name: 'web' },
      path: ['spec', 'hostNetwork'],
      range: { start: 75, end: 86, startLine: 7, startColumn: 3, endLine: 7, endColumn: 14 },
      hipaa: ['164.312(a)(1)'],
      fix: { description: 'Set hostNetwork to false', edits: [{ start: 0, end: 0, text: '' }] },
    });
    expect(parsed.suppressed).toEqual([]);
  });

  it('formatted with two-space indentation and a final line break', () => {
    const text = formatJson(report);

    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "tool": {');
  });
});
