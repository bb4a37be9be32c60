import {
  appendEdits,
  defineRule,
  setValueEdits,
  type FixProposal,
  type K8sObject,
  type Path,
} from '@kubeharden/core';

import { isCnpgCluster } from '../model/cnpg.js';
import { coversEverything, parseHbaEntry, type HbaEntry } from '../model/pg-hba.js';
import { isHealthData } from '../model/scope.js';
import { compact, listOf, recordOf, setField, show } from '../model/values.js';
import { CLOUDNATIVE_PG, IN_TRANSIT } from './sections.js';

const PARAMETERS: Path = ['spec', 'postgresql', 'parameters'];
const PG_HBA: Path = ['spec', 'postgresql', 'pg_hba'];
const WEAK_VERSIONS = new Set(['tlsv1', 'tlsv1.1']);
const REJECT_PLAINTEXT = 'hostnossl all all all reject';

export const noWeakPostgresTlsVersion = defineRule({
  id: 'no-weak-postgres-tls-version',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'CloudNativePG clusters that hold health data do not allow TLS versions below 1.2.',
    remediation:
      'Remove ssl_min_protocol_version from spec.postgresql.parameters to keep the CloudNativePG default of TLSv1.3, or set it to TLSv1.2 at the lowest; do not cap ssl_max_protocol_version below TLSv1.2.',
    rationale:
      'TLS 1.0 and 1.1 are deprecated by RFC 8996 and lack modern cipher suites, so connections negotiated with them are weaker protection for health data in transit. CloudNativePG sets ssl_min_protocol_version and ssl_max_protocol_version to TLSv1.3 since version 1.22 and lets users lower them. Written against ' +
      CLOUDNATIVE_PG +
      '.',
    hipaa: IN_TRANSIT,
    fixable: 'suggestion',
    kinds: ['Cluster', 'Namespace'],
  },
  create(context) {
    return {
      object(cluster) {
        if (!isCnpgCluster(cluster) || !isHealthData(context, cluster)) return;
        const parameters = recordOf(cluster.get(PARAMETERS));
        for (const parameter of ['ssl_min_protocol_version', 'ssl_max_protocol_version']) {
          const value = parameters[parameter];
          if (typeof value !== 'string' || !WEAK_VERSIONS.has(value.toLowerCase())) continue;
          const path = [...PARAMETERS, parameter];
          const suggestions = compact([
            setField(cluster, path, 'TLSv1.3', `Set ${parameter} to TLSv1.3`),
            setField(cluster, path, 'TLSv1.2', `Set ${parameter} to TLSv1.2`),
          ]);
          context.report({
            object: cluster,
            path,
            message: `CloudNativePG Cluster "${cluster.name ?? ''}" sets ${parameter} to ${show(value)}, which allows deprecated TLS versions; set it to "TLSv1.2" or higher.`,
            suggestions,
          });
        }
      },
    };
  },
});

export const requireSslPostgresConnections = defineRule({
  id: 'require-ssl-postgres-connections',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'CloudNativePG clusters that hold health data accept TCP connections only over SSL.',
    remediation:
      'Write hostssl instead of host in spec.postgresql.pg_hba, and add "hostnossl all all all reject" so the default rule that CloudNativePG appends cannot accept plain-text connections.',
    rationale:
      'A pg_hba host record matches SSL and plain-text connections alike, and CloudNativePG appends "host all all all scram-sha-256" after the user-defined records. Unless a hostnossl reject record comes first, any client may connect without encryption and send queries and results in clear text. Written against ' +
      CLOUDNATIVE_PG +
      ', whose generated pg_hba.conf has fixed records, then the user-defined ones, then that default record.',
    hipaa: IN_TRANSIT,
    fixable: 'suggestion',
    kinds: ['Cluster', 'Namespace'],
    limitations: [
      'Fields of pg_hba quoted to contain spaces are not parsed, and include directives are not followed.',
      'Pooler resources, which have their own pg_hba, are not checked.',
    ],
  },
  create(context) {
    return {
      object(cluster) {
        if (!isCnpgCluster(cluster) || !isHealthData(context, cluster)) return;
        const lines = listOf(cluster.get(PG_HBA));
        const entries = lines.map((line) =>
          typeof line === 'string' ? parseHbaEntry(line) : undefined,
        );

        entries.forEach((entry, index) => {
          if (!entry) return;
          if (entry.type === 'host' || (entry.type === 'hostnossl' && entry.method !== 'reject')) {
            const path = [...PG_HBA, index];
            const rewritten = rewriteEntry(entry, 0, 'hostssl');
            const suggestion = setField(
              cluster,
              path,
              rewritten,
              `Change "${entry.type}" to "hostssl"`,
            );
            context.report({
              object: cluster,
              path,
              message: `The pg_hba entry ${show(lines[index])} accepts connections without SSL; use "hostssl" so only encrypted connections match.`,
              ...(suggestion ? { suggestions: [suggestion] } : {}),
            });
          }
        });

        if (rejectsPlaintext(entries)) return;
        const suggestion = addRejectEntry(cluster, lines.length > 0);
        context.report({
          object: cluster,
          path: PG_HBA,
          target: 'key',
          message: `CloudNativePG Cluster "${cluster.name ?? ''}" has no pg_hba entry "${REJECT_PLAINTEXT}", so the default "host all all all" record accepts plain-text connections; add that entry.`,
          ...(suggestion ? { suggestions: [suggestion] } : {}),
        });
      },
    };
  },
});

export const noTrustAuthentication = defineRule({
  id: 'no-trust-authentication',
  meta: {
    area: 'encryption',
    severity: 'error',
    description: 'CloudNativePG clusters do not use the trust authentication method in pg_hba.',
    remediation: 'Replace trust with scram-sha-256 for passwords or cert for client certificates.',
    rationale:
      'The trust method lets anyone who can reach the server log in as any role, including a superuser, without a password or certificate, so TLS and access control around the database stop mattering. Written against ' +
      CLOUDNATIVE_PG +
      ', whose own records use peer for local connections and cert for replication.',
    hipaa: ['164.312(d)', '164.312(a)(1)'],
    fixable: 'suggestion',
    kinds: ['Cluster'],
  },
  create(context) {
    return {
      object(cluster) {
        if (!isCnpgCluster(cluster)) return;
        const lines = listOf(cluster.get(PG_HBA));
        lines.forEach((line, index) => {
          const entry = typeof line === 'string' ? parseHbaEntry(line) : undefined;
          if (!entry || entry.method !== 'trust') return;
          const path = [...PG_HBA, index];
          const suggestions = compact([
            setField(
              cluster,
              path,
              rewriteEntry(entry, entry.methodToken, 'scram-sha-256'),
              'Use scram-sha-256',
            ),
            entry.type === 'local'
              ? undefined
              : setField(cluster, path, rewriteEntry(entry, entry.methodToken, 'cert'), 'Use cert'),
          ]);
          context.report({
            object: cluster,
            path,
            message: `The pg_hba entry ${show(line)} uses the trust method, which lets clients log in as any role without a password; use scram-sha-256 or cert.`,
            suggestions,
          });
        });
      },
    };
  },
});

/** Rewrites an entry with one token replaced, fields joined by single spaces. */
function rewriteEntry(entry: HbaEntry, token: number, replacement: string): string {
  return entry.tokens.map((value, index) => (index === token ? replacement : value)).join(' ');
}

/** True when entries reject non-SSL connections from every address before anything accepts them. */
function rejectsPlaintext(entries: readonly (HbaEntry | undefined)[]): boolean {
  const rejected = new Set<string>();
  for (const entry of entries) {
    if (!entry) continue;
    const isReject = entry.type === 'hostnossl' && entry.method === 'reject';
    if (isReject && entry.database === 'all' && entry.user === 'all') {
      if (coversEverything(entry)) return true;
      if (entry.address) rejected.add(entry.address);
      if (rejected.has('0.0.0.0/0') && rejected.has('::/0')) return true;
    }
  }
  return false;
}

function addRejectEntry(cluster: K8sObject, hasEntries: boolean): FixProposal | undefined {
  const document = cluster.document;
  const edits = hasEntries
    ? appendEdits(document, cluster.documentPath(PG_HBA), REJECT_PLAINTEXT)
    : setValueEdits(document, cluster.documentPath(PG_HBA), [REJECT_PLAINTEXT]);
  return edits ? { description: `Add "${REJECT_PLAINTEXT}" to pg_hba`, edits } : undefined;
}
