import { createHash } from 'node:crypto';

import type { Finding } from '../engine/finding.js';
import { HIPAA, type Framework } from '../frameworks/hipaa.js';
import { requirementsOfRule } from '../frameworks/index.js';
import { formatPath } from '../model/path.js';
import { ruleDocsUrl } from '../rules/docs-url.js';
import type { Rule, Severity } from '../rules/rule.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/kubeharden/kubeharden';

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

// GitHub code scanning ranks security alerts by this property (a CVSS-like score from 0 to 10).
const SECURITY_SEVERITY: Record<Severity, string> = { error: '7.5', warning: '5.0', info: '2.0' };

export interface SarifOptions {
  readonly version: string;
  /** Every rule of the run, so the log describes rules that found nothing too. */
  readonly rules: readonly Rule[];
  readonly frameworks?: readonly Framework[];
}

/**
 * Builds a SARIF 2.1.0 log that GitHub code scanning accepts: rule metadata with help text,
 * exact regions, and fingerprints that survive edits elsewhere in the file.
 */
export function buildSarif(findings: readonly Finding[], options: SarifOptions): object {
  const frameworks = options.frameworks ?? [HIPAA];
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.id, index]));

  const taxonomies = frameworks.map((framework) => ({
    name: framework.name,
    guid: guidFor(`framework:${framework.id}`),
    ...(framework.organization ? { organization: framework.organization } : {}),
    shortDescription: { text: framework.source },
    isComprehensive: false,
    taxa: framework.requirements.map((requirement) => ({
      id: requirement.id,
      name: requirement.title,
      shortDescription: { text: requirement.summary },
    })),
  }));

  const rules = options.rules.map((rule) => ({
    id: rule.id,
    name: toPascalCase(rule.id),
    shortDescription: { text: rule.meta.description },
    fullDescription: { text: rule.meta.rationale },
    helpUri: ruleDocsUrl(rule.id),
    help: {
      text: `${rule.meta.remediation}\n\n${rule.meta.rationale}`,
      markdown: `**Remediation:** ${rule.meta.remediation}\n\n${rule.meta.rationale}\n\n[Documentation](${ruleDocsUrl(rule.id)})`,
    },
    defaultConfiguration: { level: LEVELS[rule.meta.severity] },
    properties: {
      tags: ['security', rule.meta.area, ...rule.meta.hipaa.map((section) => `HIPAA-${section}`)],
      'security-severity': SECURITY_SEVERITY[rule.meta.severity],
    },
    relationships: frameworks.flatMap((framework) =>
      requirementsOfRule(framework, rule).map((id) => ({
        target: { id, toolComponent: { name: framework.name, guid: guidFor(`framework:${framework.id}`) } },
        kinds: ['relevant'],
      })),
    ),
  }));

  const fingerprints = fingerprintAll(findings);
  const results = findings.map((finding, index) => ({
    ruleId: finding.ruleId,
    ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
    level: LEVELS[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(finding.file) },
          region: {
            startLine: finding.range.startLine,
            startColumn: finding.range.startColumn,
            endLine: finding.range.endLine,
            endColumn: finding.range.endColumn,
            charOffset: finding.range.start,
            charLength: finding.range.end - finding.range.start,
          },
        },
        ...(finding.object
          ? {
              logicalLocations: [
                {
                  fullyQualifiedName: [finding.object.kind, finding.object.namespace, finding.object.name]
                    .filter((part) => part !== undefined)
                    .join('/'),
                  kind: 'object',
                },
              ],
            }
          : {}),
      },
    ],
    partialFingerprints: { 'kubeharden/v1': fingerprints[index]! },
    properties: { hipaa: finding.hipaa, path: formatPath(finding.path) },
  }));

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubeharden',
            version: options.version,
            semanticVersion: options.version,
            informationUri: INFORMATION_URI,
            rules,
            supportedTaxonomies: taxonomies.map((taxonomy) => ({ name: taxonomy.name, guid: taxonomy.guid })),
          },
        },
        taxonomies,
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(findings: readonly Finding[], options: SarifOptions): string {
  return `${JSON.stringify(buildSarif(findings, options), null, 2)}\n`;
}

/**
 * Fingerprints from what identifies a finding regardless of line numbers: the rule, the file,
 * the object, the field path and the message, so inserting lines above it does not create a new
 * alert. Findings that share all of these, such as the two occurrences of a duplicate key, are
 * distinguished by their order in the file.
 */
function fingerprintAll(findings: readonly Finding[]): string[] {
  const identities = findings.map((finding) => {
    const object = finding.object
      ? `${finding.object.kind}/${finding.object.namespace ?? ''}/${finding.object.name ?? ''}`
      : `document-${finding.documentIndex}`;
    return [finding.ruleId, toUri(finding.file), object, formatPath(finding.path), finding.message].join('\u0000');
  });

  const byPosition = findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => a.finding.range.start - b.finding.range.start || a.index - b.index);
  const occurrences = new Map<string, number>();
  const fingerprints: string[] = [];
  for (const { index } of byPosition) {
    const identity = identities[index]!;
    const occurrence = occurrences.get(identity) ?? 0;
    occurrences.set(identity, occurrence + 1);
    // The first occurrence keeps the plain identity, so a lone finding's fingerprint does not
    // depend on this numbering.
    const text = occurrence === 0 ? identity : `${identity}\u0000${occurrence}`;
    fingerprints[index] = createHash('sha256').update(text).digest('hex').slice(0, 32);
  }
  return fingerprints;
}

function toUri(file: string): string {
  const forward = file.replace(/\\/g, '/').replace(/^\.\//, '');
  return forward
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function toPascalCase(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** Derives a stable version-4-shaped GUID from a name, as SARIF requires for taxonomies. */
function guidFor(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
