import { describe, expect, it } from 'vitest';

import { assessCompliance, type ComplianceReport } from '../../src/compliance/assess.js';
import { aggregateStatus } from '../../src/compliance/status.js';
import { check } from '../../src/engine/run.js';
import type { Framework } from '../../src/frameworks/framework.js';
import { HIPAA } from '../../src/frameworks/hipaa.js';
import { requirementsOfRule } from '../../src/frameworks/index.js';
import { buildComplianceJson } from '../../src/report/compliance-json.js';
import { formatComplianceHtml } from '../../src/report/compliance-html.js';
import { formatComplianceMarkdown } from '../../src/report/compliance-markdown.js';
import { buildSarif } from '../../src/report/sarif.js';
import { RuleRegistry } from '../../src/rules/registry.js';
import { defineRule, type Rule } from '../../src/rules/rule.js';
import { SourceFile } from '../../src/source/file.js';

/** Reports every Deployment labelled `bad: "true"`, as a Pod Security rule would. */
const noBadDeployments: Rule = defineRule({
  id: 'no-bad-deployments',
  meta: {
    area: 'pod-security',
    severity: 'error',
    description: 'Forbids Deployments labelled bad.',
    remediation: 'Remove the bad label.',
    rationale: 'Test rule.',
    hipaa: ['164.312(a)(1)', '164.312(c)(1)'],
    kinds: ['Deployment', 'CronJob'],
  },
  create(context) {
    return {
      object(object) {
        if (object.labels.bad === 'true') {
          context.report({ object, path: ['metadata', 'labels', 'bad'], message: `Deployment "${object.name}" is <bad>.` });
        }
      },
    };
  },
});

/** Reads NetworkPolicies and never reports, so its requirement depends on objects being there. */
const requirePolicies: Rule = defineRule({
  id: 'require-policies',
  meta: {
    area: 'network',
    severity: 'warning',
    description: 'Reads NetworkPolicies.',
    remediation: 'Add a NetworkPolicy.',
    rationale: 'Test rule.',
    hipaa: ['164.312(e)(1)'],
    kinds: ['NetworkPolicy'],
  },
  create: () => ({}),
});

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: good
  namespace: clinic
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
  namespace: clinic
  labels:
    bad: "true"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: accepted
  namespace: clinic
  labels:
    bad: "true"
  annotations:
    kubeharden.io/ignore: no-bad-deployments
    kubeharden.io/ignore-reason: Reviewed by the security officer.
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: scanner
  namespace: kubeharden
spec:
  schedule: "17 3 * * 1"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: scanner
              image: ghcr.io/kubeharden/kubeharden:0.1.0
`;

const DATE = new Date('2025-03-04T05:06:07Z');

function assess(text: string, rules: readonly Rule[] = [noBadDeployments, requirePolicies]): ComplianceReport {
  const result = check([new SourceFile('app.yaml', text)], { registry: new RuleRegistry(rules) });
  return assessCompliance(result, { framework: HIPAA, rules, generatedAt: DATE, scope: 'app.yaml', version: '9.9.9' });
}

function requirement(report: ComplianceReport, id: string) {
  const found = report.requirements.find((result) => result.requirement.id === id);
  if (!found) throw new Error(`requirement ${id} missing from the report`);
  return found;
}

describe('assessCompliance', () => {
  it('lists every requirement of the framework once', () => {
    const report = assess(MANIFESTS);

    expect(report.requirements.map((result) => result.requirement.id)).toEqual(HIPAA.requirements.map((entry) => entry.id));
  });

  it('marks evidence with errors as partly met', () => {
    const result = requirement(assess(MANIFESTS), '164.312(a)(1)');

    expect(result.status).toBe('partly-met');
    expect(result.findings.map((finding) => finding.object?.name)).toEqual(['broken']);
    expect(result.evidence.map((item) => item.object?.name)).toEqual(['good', 'accepted', 'scanner']);
    expect(result.evidence[0]).toMatchObject({ file: 'app.yaml', line: 2 });
  });

  it('lists accepted findings apart', () => {
    const result = requirement(assess(MANIFESTS), '164.312(a)(1)');

    expect(result.suppressed.map((finding) => finding.object?.name)).toEqual(['accepted']);
    expect(result.suppressed[0]?.suppression.reason).toBe('Reviewed by the security officer.');
  });

  it('marks evidence without errors as met', () => {
    const result = requirement(assess(MANIFESTS.split('---')[0]!), '164.312(c)(1)');

    expect(result.status).toBe('met');
    expect(result.reason).toBe('1 object checked without a finding.');
  });

  it('marks findings without evidence as not met', () => {
    const result = requirement(assess(MANIFESTS.split('---')[1]!), '164.312(a)(1)');

    expect(result.status).toBe('not-met');
    expect(result.actions).toEqual([{ text: 'Remove the bad label.', ruleId: 'no-bad-deployments', findings: 1 }]);
  });

  it('marks missing objects as not met', () => {
    const result = requirement(assess(MANIFESTS), '164.312(e)(1)');

    expect(result.status).toBe('not-met');
    expect(result.reason).toContain('(NetworkPolicy)');
    expect(result.actions[0]?.text).toBe(HIPAA.requirements.find((entry) => entry.id === '164.312(e)(1)')?.guidance);
  });

  it('marks requirements without rules as not checkable', () => {
    const result = requirement(assess(MANIFESTS), '164.312(b)');

    expect(result.status).toBe('not-checkable');
    expect(result.reason).toBe('No enabled rule checks this requirement.');
  });

  it('dates the evaluation evidence and finds the scanner', () => {
    const result = requirement(assess(MANIFESTS), '164.308(a)(8)');

    expect(result.status).toBe('not-checkable');
    expect(result.evidence[0]?.description).toBe('This report, made on 2025-03-04, is a dated technical assessment of app.yaml.');
    expect(result.evidence[1]).toMatchObject({ object: { kind: 'CronJob', name: 'scanner' }, description: 'Runs kubeharden on a schedule.' });
    expect(result.reason).toContain("the client's responsibility");
  });

  it('judges checklist items by their areas', () => {
    const report = assess(MANIFESTS);
    const byId = new Map(report.checklist.map((result) => [result.item.id, result]));

    expect(byId.get('access-controls')?.status).toBe('partly-met');
    expect(byId.get('access-controls')?.cells.map((cell) => cell.status)).toEqual([
      'partly-met',
      'not-checkable',
      'partly-met',
      'not-checkable',
    ]);
    expect(byId.get('network-segmentation')?.cells.map((cell) => cell.status)).toEqual(['not-checkable', 'not-met']);
    expect(byId.get('business-associate-agreement')?.status).toBe('not-checkable');
    expect(byId.get('business-associate-agreement')?.reason).toContain("the client's responsibility");
  });

  it('counts requirements by status', () => {
    const { summary } = assess(MANIFESTS);

    expect(summary.requirements).toEqual({ met: 0, 'partly-met': 2, 'not-met': 1, 'not-checkable': 11 });
    expect(summary.errors).toBe(1);
    expect(summary.suppressed).toBe(1);
  });
});

describe('aggregateStatus', () => {
  it.each([
    [['met', 'met'], 'met'],
    [['met', 'not-checkable'], 'met'],
    [['not-met', 'not-met'], 'not-met'],
    [['met', 'not-met'], 'partly-met'],
    [['partly-met'], 'partly-met'],
    [['not-checkable'], 'not-checkable'],
    [[], 'not-checkable'],
  ] as const)('combines %j into %s', (statuses, expected) => {
    expect(aggregateStatus(statuses)).toBe(expected);
  });
});

describe('requirementsOfRule', () => {
  it('translates sections through a crosswalk', () => {
    const framework: Framework = {
      id: 'other',
      name: 'Other framework',
      source: 'Test',
      requirements: [{ id: 'CC6.1', title: 'Logical access', summary: 'Access is restricted.' }],
      crosswalk: { '164.312(a)(1)': ['CC6.1', 'CC6.1'], '164.312(c)(1)': ['CC9.9'] },
    };

    expect(requirementsOfRule(framework, noBadDeployments)).toEqual(['CC6.1']);
    expect(requirementsOfRule(HIPAA, noBadDeployments)).toEqual(['164.312(a)(1)', '164.312(c)(1)']);
  });
});

describe('compliance reporters', () => {
  const report = assess(MANIFESTS);

  it('writes a Markdown section per requirement', () => {
    const markdown = formatComplianceMarkdown(report);

    for (const entry of HIPAA.requirements) expect(markdown).toContain(`### ${entry.id} ${entry.title}`);
    expect(markdown).toContain('| Date | 2025-03-04 05:06 UTC |');
    expect(markdown).toContain('| error | app.yaml:13:10 | Deployment/clinic/broken | Deployment "broken" is &lt;bad&gt;. |');
    expect(markdown).toContain('| Access controls (RBAC, Pod Security) | Partly met |');
    expect(markdown).toContain('Findings: 1 error, 0 warnings, 0 info; 1 accepted by annotation, over 4 objects in 1 file.');
  });

  it('writes self-contained HTML', () => {
    const html = formatComplianceHtml(report);

    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|<img|\ssrc=/i);
    expect(html).toContain('Deployment &quot;broken&quot; is &lt;bad&gt;.');
    expect(html).toContain('<svg');
    expect(html.match(/<article class="requirement/g)).toHaveLength(HIPAA.requirements.length);
  });

  it('writes JSON with every finding', () => {
    const json = buildComplianceJson(report);
    const access = json.requirements.find((entry) => entry.id === '164.312(a)(1)');

    expect(json.generatedAt).toBe('2025-03-04T05:06:07.000Z');
    expect(access?.findings).toEqual([
      expect.objectContaining({ ruleId: 'no-bad-deployments', file: 'app.yaml', line: 13, path: 'metadata.labels.bad' }),
    ]);
    expect(access?.accepted[0]?.suppressionReason).toBe('Reviewed by the security officer.');
    expect(json.checklist.map((entry) => entry.id)).toContain('periodic-assessments');
  });
});

describe('SARIF taxonomies', () => {
  it('relate rules to the framework requirements', () => {
    const log = buildSarif([], { version: '9.9.9', rules: [noBadDeployments] }) as {
      runs: { taxonomies: { name: string; organization?: string; taxa: { id: string }[] }[]; tool: { driver: { rules: { relationships: { target: { id: string } }[] }[] } } }[];
    };
    const run = log.runs[0]!;

    expect(run.taxonomies[0]?.name).toBe('HIPAA Security Rule');
    expect(run.taxonomies[0]?.organization).toBe('U.S. Department of Health and Human Services');
    expect(run.taxonomies[0]?.taxa.map((taxon) => taxon.id)).toContain('164.308(b)(1)');
    expect(run.tool.driver.rules[0]?.relationships.map((relationship) => relationship.target.id)).toEqual([
      '164.312(a)(1)',
      '164.312(c)(1)',
    ]);
  });
});
