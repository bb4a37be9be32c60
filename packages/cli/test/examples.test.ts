import { join } from 'node:path';

import type { Finding } from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import { REPOSITORY_ROOT, run, runJson } from './helpers.js';

const EXAMPLES = join(REPOSITORY_ROOT, 'examples');

/** `Kind/namespace/name rule-id`, one entry per object and rule. */
function objectRules(findings: readonly Finding[]): string[] {
  const entries = findings.map((finding) => {
    const object = finding.object;
    const name = object
      ? [object.kind, object.namespace, object.name].filter(Boolean).join('/')
      : '<none>';
    return `${name} ${finding.ruleId}`;
  });
  return [...new Set(entries)].sort();
}

// The rules every container of the insecure variant breaks, because none sets a security context
// that meets the restricted level.
const UNHARDENED_CONTAINER_RULES = [
  'no-privilege-escalation',
  'require-drop-all-capabilities',
  'require-read-only-root-filesystem',
  'require-run-as-non-root',
  'require-seccomp-profile',
];

// Every workload of the insecure variant runs as the default ServiceAccount and mounts a token
// that no binding gives a use, and both are warnings.
const DEFAULT_SERVICE_ACCOUNT_RULES = [
  'no-default-service-account',
  'no-token-automount-without-permissions',
];

// The insecure variant has no NetworkPolicies, so each namespace lacks both default-deny
// policies and no policy selects any workload.
const NO_NETWORK_POLICY_NAMESPACE_RULES = [
  'require-default-deny-egress',
  'require-default-deny-ingress',
];

describe('bundled examples', () => {
  it('hardened variant clean', async () => {
    const result = await run(['check', '--no-color', join(EXAMPLES, 'hardened')]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No problems found.\n');
    expect(result.stderr).toBe('');
  });

  it('hardened variant without suppressions', async () => {
    const { report } = await runJson([join(EXAMPLES, 'hardened')]);

    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });

  it('insecure variant findings per object', async () => {
    const { code, report } = await runJson([join(EXAMPLES, 'insecure')]);

    expect(code).toBe(1);
    expect(objectRules(report.findings)).toEqual(
      [
        'Namespace/clinic require-pod-security-labels',
        ...NO_NETWORK_POLICY_NAMESPACE_RULES.map((rule) => `Namespace/clinic ${rule}`),
        'Namespace/gateway require-pod-security-labels',
        ...NO_NETWORK_POLICY_NAMESPACE_RULES.map((rule) => `Namespace/gateway ${rule}`),
        ...UNHARDENED_CONTAINER_RULES.map((rule) => `Deployment/clinic/api ${rule}`),
        'Deployment/clinic/api no-privileged-containers',
        // DATABASE_URL sets sslmode=disable.
        'Deployment/clinic/api no-plaintext-database-connection',
        'Deployment/clinic/api require-workload-isolation',
        ...DEFAULT_SERVICE_ACCOUNT_RULES.map((rule) => `Deployment/clinic/api ${rule}`),
        ...UNHARDENED_CONTAINER_RULES.map((rule) => `Deployment/gateway/gateway ${rule}`),
        'Deployment/gateway/gateway no-host-ports',
        'Deployment/gateway/gateway require-workload-isolation',
        ...DEFAULT_SERVICE_ACCOUNT_RULES.map((rule) => `Deployment/gateway/gateway ${rule}`),
        ...UNHARDENED_CONTAINER_RULES.map((rule) => `StatefulSet/clinic/postgres ${rule}`),
        'StatefulSet/clinic/postgres no-host-namespaces',
        // The volume claim template names no StorageClass, so its encryption is unknown.
        'StatefulSet/clinic/postgres require-encrypted-volumes',
        'StatefulSet/clinic/postgres require-workload-isolation',
        ...DEFAULT_SERVICE_ACCOUNT_RULES.map((rule) => `StatefulSet/clinic/postgres ${rule}`),
      ].sort(),
    );
  });

  it('insecure variant ServiceAccount warnings', async () => {
    const { report } = await runJson([join(EXAMPLES, 'insecure')]);
    const severities = report.findings
      .filter((finding) => DEFAULT_SERVICE_ACCOUNT_RULES.includes(finding.ruleId))
      .map((finding) => finding.severity);

    expect(severities).toEqual(Array(6).fill('warning'));
    expect(report.summary.errors + report.summary.warnings).toBe(report.findings.length);
  });
});
