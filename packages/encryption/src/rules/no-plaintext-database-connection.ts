import {
  containersOf,
  defineRule,
  POD_BEARING_KINDS,
  type FixProposal,
  type K8sObject,
  type Path,
  type RuleContext,
  type TextEdit,
} from '@kubeharden/core';

import { isCnpgCluster } from '../model/cnpg.js';
import { isHealthData, podTemplateLabels } from '../model/scope.js';
import { secretEntries } from '../model/secrets.js';
import { listOf, recordOf, setField, stringOf } from '../model/values.js';
import { CLOUDNATIVE_PG, IN_TRANSIT } from './sections.js';

// libpq modes that fall back to, or insist on, an unencrypted connection.
const PLAINTEXT_MODES = new Set(['disable', 'allow', 'prefer']);
// sslmode as a key=value pair in a URI query, a libpq keyword string or a JDBC URL.
const SSLMODE_IN_TEXT = /(^|[?&;\s])sslmode\s*=\s*(['"]?)(disable|allow|prefer)\b/gi;
// Variables such as PGSSLMODE or DB_SSLMODE whose whole value is a mode.
const SSLMODE_NAME = /ssl_?mode$/i;

/** A plain-text mode found in one field, with the offsets of the mode word in the file. */
interface Match {
  readonly mode: string;
  readonly edits: readonly TextEdit[];
}

export const noPlaintextDatabaseConnection = defineRule({
  id: 'no-plaintext-database-connection',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'PostgreSQL connection settings of health-data workloads do not use sslmode disable, allow or prefer.',
    remediation:
      'Set sslmode to verify-full (or at least require) in connection strings, PGSSLMODE-style variables, ConfigMaps, Secrets and CloudNativePG externalClusters.',
    rationale:
      'With sslmode disable the client never encrypts; with allow or prefer it silently falls back to plain text when the server or an attacker in the path declines TLS, so queries, results and passwords can be read on the network. Only require and the verify modes refuse plain text, and only verify-full also checks the server name. Written against libpq of PostgreSQL 18 and ' +
      CLOUDNATIVE_PG +
      ', whose externalClusters take libpq connection parameters.',
    hipaa: IN_TRANSIT,
    fixable: 'suggestion',
    kinds: [...POD_BEARING_KINDS, 'ConfigMap', 'Secret', 'Cluster', 'Namespace'],
    // Dashboards and scripts make ConfigMaps the largest documents after CRDs; only those that
    // mention an sslmode setting can hold a finding. Secret data is base64, so Secrets get no hint.
    contentHints: { ConfigMap: ['sslmode', 'ssl_mode'] },
    limitations: [
      'Messages about Secrets name the key but never quote the value.',
      'Values in Secret data (base64) are checked but get no suggested edit.',
      'Connection strings assembled at run time from several variables are not recognised.',
    ],
  },
  create(context) {
    return {
      object(object) {
        if (object.podTemplate) {
          if (isHealthData(context, object, podTemplateLabels(object)))
            checkContainers(context, object);
        } else if (object.kind === 'ConfigMap' && object.apiVersion === 'v1') {
          if (isHealthData(context, object)) checkConfigMap(context, object);
        } else if (object.kind === 'Secret' && object.apiVersion === 'v1') {
          if (isHealthData(context, object)) checkSecret(context, object);
        } else if (isCnpgCluster(object) && isHealthData(context, object)) {
          checkExternalClusters(context, object);
        }
      },
    };
  },
});

function checkContainers(context: RuleContext, workload: K8sObject): void {
  const specPath = workload.podTemplate!.spec;
  for (const container of containersOf(workload.get(specPath), specPath)) {
    listOf(container.value.env).forEach((variable, index) => {
      const name = stringOf(recordOf(variable).name) ?? '';
      const value = stringOf(recordOf(variable).value);
      if (value === undefined) return;
      const path = [...container.path, 'env', index, 'value'];
      const match = findPlaintextMode(workload, path, name, value);
      if (!match) return;
      report(
        context,
        workload,
        path,
        `Variable "${name}" of container "${container.name}" sets sslmode=${match.mode}, which allows unencrypted database connections; use sslmode=verify-full.`,
        match,
      );
    });
  }
}

function checkConfigMap(context: RuleContext, configMap: K8sObject): void {
  for (const [key, value] of Object.entries(recordOf(configMap.get(['data'])))) {
    if (typeof value !== 'string') continue;
    const path = ['data', key];
    const match = findPlaintextMode(configMap, path, key, value);
    if (!match) continue;
    report(
      context,
      configMap,
      path,
      `ConfigMap "${configMap.name ?? ''}" key "${key}" sets sslmode=${match.mode}, which allows unencrypted database connections; use sslmode=verify-full.`,
      match,
    );
  }
}

function checkSecret(context: RuleContext, secret: K8sObject): void {
  for (const entry of secretEntries(secret)) {
    if (entry.value === undefined) continue;
    const match = findPlaintextMode(secret, entry.path, entry.key, entry.value);
    if (!match) continue;
    // Secret values are never quoted; the mode word alone is named in the suggestion only.
    report(
      context,
      secret,
      entry.path,
      `Secret "${secret.name ?? ''}" key "${entry.key}" holds a database connection setting whose sslmode allows unencrypted connections; use sslmode=verify-full.`,
      entry.source === 'stringData' ? match : { mode: match.mode, edits: [] },
    );
  }
}

function checkExternalClusters(context: RuleContext, cluster: K8sObject): void {
  listOf(cluster.get(['spec', 'externalClusters'])).forEach((external, index) => {
    const path = ['spec', 'externalClusters', index, 'connectionParameters', 'sslmode'];
    const mode = cluster.get(path);
    if (typeof mode !== 'string' || !PLAINTEXT_MODES.has(mode.toLowerCase())) return;
    const name = stringOf(recordOf(external).name) ?? `externalClusters[${index}]`;
    const suggestion = setField(cluster, path, 'verify-full', 'Set sslmode to verify-full');
    context.report({
      object: cluster,
      path,
      message: `External cluster "${name}" of CloudNativePG Cluster "${cluster.name ?? ''}" connects with sslmode ${JSON.stringify(mode)}, which allows unencrypted connections; use verify-full with sslrootcert.`,
      ...(suggestion ? { suggestions: [suggestion] } : {}),
    });
  });
}

function report(
  context: RuleContext,
  object: K8sObject,
  path: Path,
  message: string,
  match: Match,
): void {
  const suggestions: FixProposal[] =
    match.edits.length > 0
      ? ['verify-full', 'require'].map((mode) => ({
          description: `Set sslmode to ${mode}`,
          edits: match.edits.map((edit) => ({ ...edit, text: mode })),
        }))
      : [];
  context.report({ object, path, message, ...(suggestions.length > 0 ? { suggestions } : {}) });
}

/**
 * Finds a plain-text sslmode in one value: the whole value of a variable named like PGSSLMODE, or
 * sslmode=... inside a connection string. Edits replace the mode words in the source text and are
 * empty when the source does not contain them literally (escapes, aliases).
 */
function findPlaintextMode(
  object: K8sObject,
  path: Path,
  name: string,
  value: string,
): Match | undefined {
  const [start, end] = object.document.offsetsOf(object.documentPath(path), 'value');
  const source = object.document.file.text.slice(start, end);

  if (SSLMODE_NAME.test(name) && PLAINTEXT_MODES.has(value.trim().toLowerCase())) {
    const offset = source.indexOf(value.trim());
    const edits =
      offset >= 0
        ? [{ start: start + offset, end: start + offset + value.trim().length, text: '' }]
        : [];
    return { mode: value.trim().toLowerCase(), edits };
  }

  const modes = [...value.matchAll(SSLMODE_IN_TEXT)].map((found) => found[3]!.toLowerCase());
  if (modes.length === 0) return undefined;
  const edits = [...source.matchAll(SSLMODE_IN_TEXT)].map((found) => {
    const wordStart = start + found.index + found[0].length - found[3]!.length;
    return { start: wordStart, end: wordStart + found[3]!.length, text: '' };
  });
  return { mode: modes[0]!, edits: edits.length === modes.length ? edits : [] };
}
