import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { expect, it } from 'vitest';
import { describeShared } from '../../../../test/shared.js';
import { evaluateObject } from '../../src/evaluate/index.js';
import type { PssLevel, PssViolation } from '../../src/evaluate/index.js';
import { checkIds, violationOf } from './helpers.js';

// Realistic manifests whose `# expect:` line is about Pod Security Standards semantics.
describeShared('PSS shared cases', 'cases/', (casesDir) => {
  const documents = (name: string): unknown[] =>
    loadAll(readFileSync(join(casesDir, `${name}.yaml`), 'utf8'));

  const run = (name: string, level: PssLevel, index = 0): PssViolation[] => {
    const violations = evaluateObject(documents(name)[index], level, 'latest');
    if (violations === undefined)
      throw new Error(`${name} document ${index} is not a pod-bearing object.`);
    return violations;
  };

  it('case-01 pod-level runAsNonRoot inherited', () => {
    const violations = run('case-01', 'restricted');

    expect(violationOf(violations, 'runAsNonRoot')).toBeUndefined();
    expect(violationOf(violations, 'runAsUser')).toBeUndefined();
  });

  it('case-03 unset privileged', () => {
    expect(run('case-03', 'baseline')).toEqual([]);
    expect(violationOf(run('case-03', 'restricted'), 'privileged')).toBeUndefined();
  });

  it('case-06 lower-case drop all', () => {
    const violations = run('case-06', 'restricted');
    const violation = violationOf(violations, 'capabilities_restricted');

    expect(checkIds(violations)).toEqual(['capabilities_restricted']);
    expect(violation?.detail).toBe(
      'container "app" must set securityContext.capabilities.drop=["ALL"]',
    );
    expect(violation?.fields.map((f) => [f.problem, f.path])).toEqual([
      ['forbidden-value', ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop', 0]],
    ]);
  });

  it('case-08 pod-level runAsNonRoot false', () => {
    const violation = violationOf(run('case-08', 'restricted'), 'runAsNonRoot');

    expect(violation?.detail).toBe('pod must not set securityContext.runAsNonRoot=false');
    expect(violation?.fields).toHaveLength(1);
    expect(violation?.fields[0]?.path).toEqual(['spec', 'securityContext', 'runAsNonRoot']);
    expect(violation?.fields[0]?.container).toBeUndefined();
  });

  it('case-10 privileged init container', () => {
    const violation = violationOf(run('case-10', 'baseline'), 'privileged');

    expect(violation?.fields.map((f) => [f.path, f.container])).toEqual([
      [
        ['spec', 'template', 'spec', 'initContainers', 0, 'securityContext', 'privileged'],
        { list: 'initContainers', index: 0, name: 'setup' },
      ],
    ]);
  });

  it('case-11 privileged ephemeral container', () => {
    const violation = violationOf(run('case-11', 'baseline'), 'privileged');

    expect(violation?.fields.map((f) => [f.path, f.container])).toEqual([
      [
        ['spec', 'ephemeralContainers', 0, 'securityContext', 'privileged'],
        { list: 'ephemeralContainers', index: 0, name: 'debugger' },
      ],
    ]);
  });

  it('case-14 read-only hostPath volume', () => {
    const baseline = violationOf(run('case-14', 'baseline'), 'hostPathVolumes');
    const restricted = violationOf(run('case-14', 'restricted'), 'restrictedVolumes');

    expect(baseline?.detail).toBe('volume "logs"');
    expect(baseline?.fields.map((f) => f.path)).toEqual([['spec', 'volumes', 0, 'hostPath']]);
    expect(restricted?.detail).toBe('volume "logs" uses restricted volume type "hostPath"');
  });

  it('case-16 verdict depends on level', () => {
    const violation = violationOf(run('case-16', 'restricted'), 'seccompProfile_restricted');

    expect(run('case-16', 'baseline')).toEqual([]);
    expect(violation?.fields.map((f) => [f.problem, f.path])).toEqual([
      [
        'missing',
        ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'seccompProfile', 'type'],
      ],
    ]);
  });

  it('case-17 seccomp field and annotation', () => {
    expect(
      violationOf(run('case-17', 'restricted', 0), 'seccompProfile_restricted'),
    ).toBeUndefined();
    expect(violationOf(run('case-17', 'restricted', 1), 'seccompProfile_restricted')).toBeDefined();

    const before = evaluateObject(documents('case-17')[1], 'restricted', { minor: 18 });
    expect(before?.some((v) => v.checkId.startsWith('seccompProfile'))).toBe(false);
  });

  it('case-19 capabilities per container', () => {
    const restricted = violationOf(run('case-19', 'restricted'), 'capabilities_restricted');
    const baseline = violationOf(run('case-19', 'baseline'), 'capabilities_baseline');

    expect(restricted?.fields.map((f) => f.container?.name)).toEqual(['web', 'worker']);
    expect(restricted?.fields.map((f) => f.path.slice(-2))).toEqual([
      ['add', 0],
      ['add', 0],
    ]);
    expect(baseline?.fields.map((f) => f.container?.name)).toEqual(['web', 'worker']);
  });

  it('case-20 inline CSI volume', () => {
    expect(run('case-20', 'restricted')).toEqual([]);
  });
});
