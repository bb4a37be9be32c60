import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { expect, it } from 'vitest';
import { getAt } from '@kubeharden/core';
import { describeShared } from '../../../../test/shared.js';
import { evaluateObject, parsePssVersion } from '../../src/evaluate/index.js';
import type { PssViolation } from '../../src/evaluate/index.js';

// Written out here rather than read from the registry, so that a renamed id fails this test.
const CHECK_IDS = [
  'hostNamespaces',
  'privileged',
  'capabilities_baseline',
  'hostPathVolumes',
  'hostPorts',
  'appArmorProfile',
  'seLinuxOptions',
  'procMount',
  'seccompProfile_baseline',
  'sysctls',
  'windowsHostProcess',
  'hostProbesAndHostLifecycle',
  'restrictedVolumes',
  'allowPrivilegeEscalation',
  'runAsNonRoot',
  'runAsUser',
  'seccompProfile_restricted',
  'capabilities_restricted',
  'procMount_restricted',
];
const ID_BY_LOWER_CASE = new Map(CHECK_IDS.map((id) => [id.toLowerCase(), id]));

type Level = 'baseline' | 'restricted';

interface Fixture {
  readonly level: Level;
  readonly minor: number;
  readonly verdict: 'pass' | 'fail';
  readonly name: string;
  readonly file: string;
}

/** The check a fail fixture must trip: the one its name gives, or the one that overrides it. */
function expectedCheckId(fixture: Fixture): string {
  const named = ID_BY_LOWER_CASE.get(fixture.name.replace(/\d+$/, ''));
  if (named === undefined) throw new Error(`Fixture ${fixture.file} names no known check.`);
  if (fixture.level === 'baseline') return named;
  if (named === 'hostPathVolumes') return 'restrictedVolumes';
  if (named === 'seccompProfile_baseline' && fixture.minor >= 19)
    return 'seccompProfile_restricted';
  if (named === 'capabilities_baseline' && fixture.minor >= 22) return 'capabilities_restricted';
  if (named === 'procMount' && fixture.minor >= 35) return 'procMount_restricted';
  return named;
}

function listFixtures(root: string): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const level of ['baseline', 'restricted'] as const) {
    for (const versionDir of readdirSync(join(root, level))) {
      const minor = Number(/^v1\.(\d+)$/.exec(versionDir)?.[1]);
      for (const verdict of ['pass', 'fail'] as const) {
        const dir = join(root, level, versionDir, verdict);
        for (const entry of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
          const name = entry.slice(0, -'.yaml'.length);
          fixtures.push({ level, minor, verdict, name, file: join(dir, entry) });
        }
      }
    }
  }
  return fixtures;
}

/** Returns why the evaluator disagrees with a fixture, or `undefined` when it agrees. */
function disagreement(fixture: Fixture): string | undefined {
  const object = load(readFileSync(fixture.file, 'utf8'));
  const version = parsePssVersion(`v1.${fixture.minor}`);
  const violations = evaluateObject(object, fixture.level, version);
  if (violations === undefined) return 'not evaluated as a Pod';

  const ids = violations.map((v) => v.checkId);
  if (fixture.verdict === 'pass') {
    return violations.length === 0 ? undefined : `denied by ${ids.join(', ')}`;
  }
  const expected = expectedCheckId(fixture);
  const match = violations.find((v) => v.checkId === expected);
  if (match === undefined) return `expected ${expected}, got [${ids.join(', ')}]`;
  return fieldFault(object, match);
}

/**
 * Checks that a violation's fields point at real values (or at absent ones when missing) and
 * that each message is one sentence that starts with a capital letter.
 */
function fieldFault(object: unknown, violation: PssViolation): string | undefined {
  if (violation.fields.length === 0) return `${violation.checkId} has no fields`;
  for (const field of violation.fields) {
    const present = getAt(object, field.path) !== undefined;
    if (present !== (field.problem === 'forbidden-value')) {
      return `${violation.checkId} field ${field.path.join('.')} is ${field.problem} but ${present ? 'present' : 'absent'}`;
    }
    if (!/^[A-Z][^\n]*[^.]\.$/.test(field.message)) {
      return `${violation.checkId} message is not one sentence: ${field.message}`;
    }
  }
  return undefined;
}

function label(fixture: Fixture): string {
  return `${fixture.level}/v1.${fixture.minor}/${fixture.verdict}/${fixture.name}`;
}

describeShared('PSS oracle fixtures', 'oracles/pss/testdata/', (root) => {
  const fixtures = listFixtures(root);
  const groups = new Map<string, Fixture[]>();
  for (const fixture of fixtures) {
    const key = `${fixture.level} v1.${fixture.minor}`;
    groups.set(key, [...(groups.get(key) ?? []), fixture]);
  }

  it('fixture count', () => {
    expect(fixtures.length).toBeGreaterThan(4000);
    expect(groups.size).toBe(2 * 38);
  });

  for (const [key, group] of groups) {
    it(`fixtures at ${key}`, () => {
      const faults = group.flatMap((fixture) => {
        const fault = disagreement(fixture);
        return fault === undefined ? [] : [`${label(fixture)}: ${fault}`];
      });
      expect(faults).toEqual([]);
    });
  }

  it('agreement counts', () => {
    const counts = { pass: { agree: 0, total: 0 }, fail: { agree: 0, total: 0 } };
    for (const fixture of fixtures) {
      const count = counts[fixture.verdict];
      count.total += 1;
      if (disagreement(fixture) === undefined) count.agree += 1;
    }
    expect(counts.pass.agree).toBe(counts.pass.total);
    expect(counts.fail.agree).toBe(counts.fail.total);
  });
});
