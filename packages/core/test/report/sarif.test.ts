import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';

import { buildSarif, formatSarif, SOURCE_RULES, type Finding } from '../../src/index.js';
import { POD, RULES, sampleRun } from './findings.js';

// The OASIS SARIF 2.1.0 schema (its final "rtm.5" draft-04 text), as Microsoft's SARIF SDK ships it.
const require = createRequire(import.meta.url);
const SCHEMA = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;

// Both packages are CommonJS modules that also export their class or function as `default`.
const AjvDraft04 = ajvDraft04.default;
const addFormats = ajvFormats.default;
// The schema's language pattern has a stray "]" that only a regular expression without the "u"
// flag accepts.
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(SCHEMA);

interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        rules: { id: string; helpUri: string; defaultConfiguration: { level: string } }[];
      };
    };
    columnKind: string;
    results: {
      ruleId: string;
      ruleIndex?: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> };
        logicalLocations?: { fullyQualifiedName: string }[];
      }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

const OPTIONS = { version: '1.2.3', rules: [...SOURCE_RULES, ...RULES] };

function sarifOf(findings: readonly Finding[]): SarifLog {
  return buildSarif(findings, OPTIONS) as SarifLog;
}

describe('buildSarif', () => {
  const { result } = sampleRun();
  const log = sarifOf(result.findings);
  const run = log.runs[0]!;

  it('valid against the SARIF 2.1.0 schema', () => {
    const valid = validate(log);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('log without results valid', () => {
    expect(validate(buildSarif([], OPTIONS))).toBe(true);
  });

  it('formatted log is the built log as JSON', () => {
    expect(JSON.parse(formatSarif(result.findings, OPTIONS))).toEqual(log);
  });

  it('tool and rules', () => {
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBe('kubeharden');
    expect(run.tool.driver.version).toBe('1.2.3');
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(
      OPTIONS.rules.map((rule) => rule.id),
    );
    expect(
      run.tool.driver.rules.find((rule) => rule.id === 'require-non-root')?.defaultConfiguration
        .level,
    ).toBe('warning');
    expect(run.tool.driver.rules[0]?.helpUri).toMatch(/\/valid-yaml\.md$/);
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('results with levels, rule indexes and regions', () => {
    const hostNetwork = run.results.find((entry) => entry.ruleId === 'no-host-network')!;
    const finding = result.findings.find((entry) => entry.ruleId === 'no-host-network')!;

    expect(hostNetwork.level).toBe('error');
    expect(hostNetwork.ruleIndex).toBe(
      OPTIONS.rules.findIndex((rule) => rule.id === 'no-host-network'),
    );
    expect(hostNetwork.message.text).toBe('Pod uses the host network.');
    expect(hostNetwork.locations[0]?.physicalLocation.region).toEqual({
      startLine: 7,
      startColumn: 3,
      endLine: 7,
      endColumn: 14,
      charOffset: finding.range.start,
      charLength: 11,
    });
    expect(hostNetwork.locations[0]?.logicalLocations?.[0]?.fullyQualifiedName).toBe(
      'Pod/clinic/web',
    );
  });

  it('file paths as relative URIs', () => {
    expect(
      run.results.map((entry) => entry.locations[0]?.physicalLocation.artifactLocation.uri),
    ).toEqual(['manifests/broken%20file.yaml', 'manifests/pod.yaml', 'manifests/pod.yaml']);
  });

  it('info severity as note', () => {
    const info = { ...result.findings[0]!, severity: 'info' as const };

    expect(sarifOf([info]).runs[0]?.results[0]?.level).toBe('note');
  });
});

describe('fingerprints', () => {
  const fingerprints = (findings: readonly Finding[]): string[] =>
    sarifOf(findings).runs[0]!.results.map(
      (result) => result.partialFingerprints['kubeharden/v1']!,
    );

  it('stable when lines are inserted above', () => {
    const before = sampleRun().result.findings.filter((finding) =>
      finding.file.endsWith('pod.yaml'),
    );
    const shifted = POD.replace(
      'metadata:\n',
      '# a comment\n# another\nmetadata:\n  labels: {app: web}\n',
    );
    const after = sampleRun(shifted).result.findings.filter((finding) =>
      finding.file.endsWith('pod.yaml'),
    );

    expect(after.map((finding) => finding.range.startLine)).not.toEqual(
      before.map((finding) => finding.range.startLine),
    );
    expect(fingerprints(after)).toEqual(fingerprints(before));
  });

  it('different for different findings', () => {
    const values = fingerprints(sampleRun().result.findings);

    expect(new Set(values).size).toBe(values.length);
  });

  it('different for two occurrences of one problem', () => {
    const base = sampleRun().result.findings[0]!;
    const second = { ...base, range: { ...base.range, start: base.range.start + 10 } };
    const values = fingerprints([base, second]);

    expect(values[0]).not.toBe(values[1]);
  });

  it('lone finding keeps its fingerprint beside a new one elsewhere', () => {
    const [broken, ...rest] = sampleRun().result.findings;

    expect(fingerprints([broken!])).toEqual(fingerprints([broken!, ...rest]).slice(0, 1));
  });
});
