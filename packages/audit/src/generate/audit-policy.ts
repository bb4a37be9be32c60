import { LEVELS, type AuditLevel } from '../policy/policy.js';

/** A rule the caller adds; it is placed after the protective rules, so it cannot undo them. */
export interface AdditionalAuditRule {
  readonly level: AuditLevel;
  readonly users?: readonly string[];
  readonly userGroups?: readonly string[];
  readonly verbs?: readonly string[];
  readonly namespaces?: readonly string[];
  readonly resources?: readonly {
    readonly group: string;
    readonly resources?: readonly string[];
  }[];
  readonly nonResourceURLs?: readonly string[];
}

export interface AuditPolicyOptions {
  /** Log create, update, patch and delete of other resources with request bodies; defaults to true. */
  readonly requestBodiesForWrites?: boolean;
  /** Skip health and version probes of the API server, which are frequent and carry no data; defaults to true. */
  readonly skipHealthChecks?: boolean;
  readonly additionalRules?: readonly AdditionalAuditRule[];
}

const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * Builds an audit Policy that keeps Secret, ConfigMap and token payloads out of the log, records
 * exec, attach and port-forward sessions and RBAC changes, and ends with a catch-all at Metadata.
 * The protective rules come first, because the API server applies the first rule that matches.
 */
export function auditPolicy(options: AuditPolicyOptions = {}): Record<string, unknown> {
  const additional = (options.additionalRules ?? []).map((rule, index) => {
    if (!(LEVELS as readonly string[]).includes(rule.level)) {
      throw new Error(
        `Invalid level ${JSON.stringify(rule.level)} in additionalRules[${index}]: use one of ${LEVELS.join(', ')}.`,
      );
    }
    const stripped = stripEmpty({ ...rule });
    if (Object.keys(stripped).length === 1) {
      throw new Error(
        `Invalid additionalRules[${index}]: a rule with level ${JSON.stringify(rule.level)} and no conditions matches every request and hides the rules after it; add users, verbs, resources, namespaces or nonResourceURLs.`,
      );
    }
    return stripped;
  });

  const rules: Record<string, unknown>[] = [
    {
      level: 'Metadata',
      resources: [{ group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] }],
    },
    {
      level: 'Metadata',
      resources: [{ group: '', resources: ['pods/exec', 'pods/attach', 'pods/portforward'] }],
    },
    {
      level: 'RequestResponse',
      verbs: WRITE_VERBS,
      resources: [
        {
          group: 'rbac.authorization.k8s.io',
          resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
        },
      ],
    },
  ];
  if (options.skipHealthChecks ?? true) {
    rules.push({
      level: 'None',
      nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version'],
    });
  }
  rules.push(...additional);
  if (options.requestBodiesForWrites ?? true) rules.push({ level: 'Request', verbs: WRITE_VERBS });
  rules.push({ level: 'Metadata' });

  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    // The RequestReceived stage repeats what ResponseComplete records.
    omitStages: ['RequestReceived'],
    rules,
  };
}

function stripEmpty(rule: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(rule).filter(
      ([, value]) => !(Array.isArray(value) && value.length === 0) && value !== undefined,
    ),
  );
}
