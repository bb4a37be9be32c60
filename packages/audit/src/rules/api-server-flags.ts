import {
  appendEdits,
  defineRule,
  setValueEdits,
  type FixProposal,
  type RuleContext,
} from '@kubeharden/core';

import { findApiServer, type ApiServer } from '../model/api-server.js';
import { AUDIT_CONTROLS, KUBERNETES } from './sections.js';

// CIS Kubernetes Benchmark recommendations for audit log rotation.
const DEFAULT_MINIMUM_MAX_AGE_DAYS = 30;
const DEFAULT_MINIMUM_MAX_BACKUP = 10;
const DEFAULT_MAX_SIZE_MEGABYTES = 100;

function numberOption(options: unknown, key: string, fallback: number): number {
  const value =
    options !== null && typeof options === 'object'
      ? (options as Record<string, unknown>)[key]
      : undefined;
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(
      `Option "${key}" must be a whole number of at least 0, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

function describe(server: ApiServer): string {
  return `The kube-apiserver container of Pod "${server.pod.name ?? ''}"`;
}

/** Builds a proposal that adds a flag to the end of the container's flag list. */
function addFlag(server: ApiServer, flag: string): FixProposal | undefined {
  const edits = appendEdits(
    server.pod.document,
    server.pod.documentPath(server.flagListPath),
    flag,
  );
  return edits ? { description: `Add ${flag}`, edits } : undefined;
}

export const requireApiServerAuditFlags = defineRule({
  id: 'require-api-server-audit-flags',
  meta: {
    area: 'audit',
    severity: 'error',
    description:
      'Static Pods of kube-apiserver pass an audit policy file, an audit log path or webhook, and log retention flags.',
    remediation:
      'Add --audit-policy-file, and --audit-log-path with --audit-log-maxage (at least 30 days), --audit-log-maxbackup (at least 10) and --audit-log-maxsize, or --audit-webhook-config-file to ship events elsewhere; mount the policy file and log directory into the Pod.',
    rationale:
      'Without --audit-policy-file the API server records no audit events at all, and without a log path or webhook the events go nowhere. Without retention flags, log files are either never rotated and fill the disk or rotated away before anyone reviews them. Written against the kube-apiserver flags of ' +
      KUBERNETES +
      ', where --audit-log-maxage and --audit-log-maxbackup of 0 keep files forever.',
    hipaa: AUDIT_CONTROLS,
    fixable: 'suggestion',
    equivalents: [{ tool: 'checkov', id: 'CKV_K8S_91' }],
    kinds: ['Pod'],
    limitations: [
      'Only static Pods in kube-system are checked; API servers configured by a managed service or a config file are not visible.',
      'Retention is not checked when the log goes to standard output (--audit-log-path=-).',
    ],
  },
  create(context) {
    const minimumMaxAge = numberOption(
      context.options,
      'minimumMaxAgeDays',
      DEFAULT_MINIMUM_MAX_AGE_DAYS,
    );
    const minimumMaxBackup = numberOption(
      context.options,
      'minimumMaxBackup',
      DEFAULT_MINIMUM_MAX_BACKUP,
    );

    return {
      object(pod) {
        const server = findApiServer(pod);
        if (!server) return;
        const subject = describe(server);

        if (!server.flags.get('audit-policy-file')?.value) {
          context.report({
            object: pod,
            path: server.flagListPath,
            target: 'key',
            message: `${subject} has no --audit-policy-file, so it records no audit events; add the flag with the path of an audit Policy mounted into the Pod.`,
          });
        }

        const logPath = server.flags.get('audit-log-path')?.value;
        const webhook = server.flags.get('audit-webhook-config-file')?.value;
        if (!logPath && !webhook) {
          context.report({
            object: pod,
            path: server.flagListPath,
            target: 'key',
            message: `${subject} has neither --audit-log-path nor --audit-webhook-config-file, so audit events are not written anywhere; add one of them.`,
          });
        }
        if (!logPath || logPath === '-') return;
        checkRetention(context, server, subject, minimumMaxAge, minimumMaxBackup);
      },
    };
  },
});

function checkRetention(
  context: RuleContext,
  server: ApiServer,
  subject: string,
  minimumMaxAge: number,
  minimumMaxBackup: number,
): void {
  const retention = [
    { flag: 'audit-log-maxage', minimum: minimumMaxAge, unit: 'days', suggested: minimumMaxAge },
    {
      flag: 'audit-log-maxbackup',
      minimum: minimumMaxBackup,
      unit: 'files',
      suggested: minimumMaxBackup,
    },
    {
      flag: 'audit-log-maxsize',
      minimum: 1,
      unit: 'megabytes',
      suggested: DEFAULT_MAX_SIZE_MEGABYTES,
    },
  ];
  for (const { flag, minimum, unit, suggested } of retention) {
    const found = server.flags.get(flag);
    const recommended = `--${flag}=${suggested}`;
    if (!found) {
      const suggestion = addFlag(server, recommended);
      context.report({
        object: server.pod,
        path: server.flagListPath,
        target: 'key',
        message: `${subject} writes an audit log file but has no --${flag}, so retention is left to defaults; add ${recommended}.`,
        ...(suggestion ? { suggestions: [suggestion] } : {}),
      });
      continue;
    }
    const value = Number(found.value);
    // 0 keeps old files forever: kube-apiserver documents it for --audit-log-maxbackup, and the
    // lumberjack library that rotates its log files removes nothing by age when maxage is 0.
    const keepsAll = value === 0 && flag !== 'audit-log-maxsize';
    if (found.value !== undefined && /^\d+$/.test(found.value) && (value >= minimum || keepsAll))
      continue;
    const edits = found.standalone
      ? setValueEdits(server.pod.document, server.pod.documentPath(found.path), recommended)
      : undefined;
    context.report({
      object: server.pod,
      path: found.path,
      message: `${subject} sets --${flag} to ${JSON.stringify(found.value ?? '')}, below the minimum of ${minimum} ${unit}; set it to ${suggested} or more.`,
      ...(edits ? { suggestions: [{ description: `Set ${recommended}`, edits }] } : {}),
    });
  }
}

export const requireEncryptionProviderConfigFlag = defineRule({
  id: 'require-encryption-provider-config-flag',
  meta: {
    area: 'encryption',
    severity: 'error',
    description:
      'Static Pods of kube-apiserver pass --encryption-provider-config, so Secrets are encrypted in etcd.',
    remediation:
      'Add --encryption-provider-config with the path of an EncryptionConfiguration mounted into the Pod, whose first provider for secrets is kms (apiVersion v2).',
    rationale:
      'Without an encryption provider configuration the API server writes every Secret to etcd in plain text, whatever EncryptionConfiguration files exist on disk. Written against the kube-apiserver flags of ' +
      KUBERNETES +
      '.',
    hipaa: ['164.312(a)(2)(iv)'],
    equivalents: [{ tool: 'checkov', id: 'CKV_K8S_104' }],
    kinds: ['Pod'],
    limitations: ['Only static Pods in kube-system are checked.'],
  },
  create(context) {
    return {
      object(pod) {
        const server = findApiServer(pod);
        if (!server || server.flags.get('encryption-provider-config')?.value) return;
        context.report({
          object: pod,
          path: server.flagListPath,
          target: 'key',
          message: `${describe(server)} has no --encryption-provider-config, so Secrets are stored in etcd unencrypted; add the flag with the path of an EncryptionConfiguration.`,
        });
      },
    };
  },
});
