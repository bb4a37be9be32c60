import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { check, DEFAULT_SETTINGS, SourceFile, type Finding } from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import { RBAC_RULES } from '../../src/rules/index.js';
import { REGISTRY } from './rule-tester.js';

const EXAMPLES_DIR = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const RBAC_IDS = new Set(RBAC_RULES.map((rule) => rule.id));

/** RBAC findings of one example folder as `rule file:line`, with the folder as a complete run. */
function rbacFindings(folder: string): string[] {
  const directory = `${EXAMPLES_DIR}${folder}/`;
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map(
      (name) => new SourceFile(`${folder}/${name}`, readFileSync(`${directory}${name}`, 'utf8')),
    );
  const result = check(files, {
    registry: REGISTRY,
    settings: { ...DEFAULT_SETTINGS, completeManifests: true },
  });
  return result.findings
    .filter((finding: Finding) => RBAC_IDS.has(finding.ruleId))
    .map((finding) => `${finding.ruleId} ${finding.file}:${finding.range.startLine}`);
}

describe('examples', () => {
  it('hardened without RBAC findings', () => {
    expect(rbacFindings('hardened')).toEqual([]);
  });

  it('insecure on the default ServiceAccount', () => {
    expect(rbacFindings('insecure')).toEqual([
      'no-default-service-account insecure/api.yaml:18',
      'no-token-automount-without-permissions insecure/api.yaml:18',
      'no-default-service-account insecure/gateway.yaml:17',
      'no-token-automount-without-permissions insecure/gateway.yaml:17',
      'no-default-service-account insecure/postgres.yaml:19',
      'no-token-automount-without-permissions insecure/postgres.yaml:19',
    ]);
  });
});
