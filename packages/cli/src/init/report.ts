import type { Finding } from '@kubeharden/core';

import {
  describeWorkload,
  formatLabels,
  formatPorts,
  type InitOptions,
  type Inference,
} from './model.js';
import { describeOperations, type ObjectChange } from './patches.js';

// The lines `init` prints to standard error, so a user can check what it inferred and changed.

/** Describes the gateway, the paths, the database and the covered namespaces, one line each. */
export function describeInference(
  inference: Inference,
  options: InitOptions,
  fileCount: number,
  objectCount: number,
): string[] {
  const lines = [
    `kubeharden init: namespace ${inference.namespace}, ${plural(fileCount, 'file')}, ${plural(objectCount, 'object')}`,
  ];
  const gateway = inference.gateway;
  if (gateway === undefined) {
    lines.push('gateway: none (--no-gateway); nothing outside the cluster reaches the application');
  } else {
    const where =
      gateway.workloads.length > 0
        ? gateway.workloads.map(describeWorkload).join(', ')
        : `pods outside the manifests in namespace ${gateway.namespace}`;
    lines.push(`gateway: ${where}, pods ${formatLabels(gateway.selector)} (${gateway.reason})`);
    if (gateway.workloads.length > 0 && gateway.ports.length > 0) {
      const sources =
        options.ingressCidrs === undefined
          ? 'any address (0.0.0.0/0, ::/0), because it is the entry point of the application; narrow it with --ingress-cidr'
          : options.ingressCidrs.join(', ');
      lines.push(`ingress to the gateway: ${formatPorts(gateway.ports)} from ${sources}`);
    } else if (gateway.workloads.length > 0) {
      lines.push(
        'ingress to the gateway: none, because it declares no ports and no Service selects it',
      );
    } else {
      lines.push(
        `ingress to the gateway: not managed here, because namespace ${gateway.namespace} is not in the manifests`,
      );
    }
    for (const backend of inference.backends) {
      lines.push(
        `gateway → ${describeWorkload(backend.workload)} on ${formatPorts(backend.ports)}, pods ${formatLabels(backend.workload.selector)} (${backend.reason})`,
      );
    }
  }
  if (inference.databases.length === 0) {
    lines.push(
      'database: none found (no PostgreSQL image and no CloudNativePG Cluster); give --db-selector if there is one',
    );
  }
  for (const database of inference.databases) {
    lines.push(
      `database: ${describeWorkload(database.workload)} on ${formatPorts([database.port])}, pods ${formatLabels(database.selector)} (${database.reason})`,
    );
    for (const client of inference.clients)
      lines.push(
        `${describeWorkload(client)} → database ${database.workload.name} on ${formatPorts([database.port])}`,
      );
  }
  lines.push(
    `dns: every pod of ${inference.coveredNamespaces.join(', ')} → namespace ${options.dnsNamespace} pods ${formatLabels(options.dnsSelector)} on UDP 53, TCP 53`,
  );
  lines.push(
    `covered namespaces: ${inference.coveredNamespaces.join(', ')} (default deny, DNS egress, restricted Pod Security, one ServiceAccount per workload: ${inference.workloads
      .filter((workload) => workload.hasPodTemplate)
      .map((workload) => `${workload.namespace}/${workload.name}`)
      .join(', ')})`,
  );
  return [...lines, ...inference.notes];
}

/** Describes the changes the application needs, one object per line. */
export function describeChanges(
  changes: readonly ObjectChange[],
  lists: readonly string[],
  skipped: readonly string[],
  appliedFixes: number,
  options: InitOptions,
): string[] {
  if (changes.length === 0 && lists.length === 0 && skipped.length === 0)
    return ['changes to the application: none needed'];
  const mode = options.fix
    ? 'applied with --fix'
    : options.patches
      ? 'written as patches'
      : 'not applied; run with --fix or --patches';
  const lines = [`changes to the application (${mode}):`];
  for (const change of changes) {
    const name =
      change.namespace === undefined ? change.name : `${change.namespace}/${change.name}`;
    lines.push(
      `  ${change.kind} ${name} in ${change.file}: ${describeOperations(change.operations)}`,
    );
  }
  for (const list of lists) lines.push(`  objects of the List in ${list}`);
  if (appliedFixes > 0) {
    lines.push(
      `  ${plural(appliedFixes, 'rule fix and suggestion', 'rule fixes and suggestions')} went into them; some change how the pods run (user, capabilities, read-only root filesystem), so review them before rolling out`,
    );
  }
  for (const line of skipped) lines.push(`  not changed: ${line}`);
  if (
    changes.some((change) =>
      change.operations.some((operation) =>
        operation.path.startsWith('/spec/volumeClaimTemplates/'),
      ),
    )
  ) {
    lines.push(
      '  note: Kubernetes rejects changes to the volumeClaimTemplates of an existing StatefulSet, and its existing claims keep their unencrypted volumes; migrate the data to claims of the encrypted class',
    );
  }
  return lines;
}

/** Summarizes a check of the application and the layer, listing findings when changes were applied. */
export function describeRemaining(findings: readonly Finding[], options: InitOptions): string[] {
  const errors = findings.filter((finding) => finding.severity === 'error');
  const warnings = findings.filter((finding) => finding.severity === 'warning');
  const applied = options.fix || options.patches;
  const state = applied ? 'with the changes' : 'without the changes';
  if (errors.length === 0 && warnings.length === 0)
    return [`check of the application and the layer ${state}: no errors or warnings`];
  const counts = `${plural(errors.length, 'error')}, ${plural(warnings.length, 'warning')}`;
  if (!applied)
    return [
      `check of the application and the layer ${state}: ${counts}; run with --fix or --patches to resolve what the changes cover`,
    ];
  const lines = [`check of the application and the layer ${state}: ${counts}`];
  for (const finding of [...errors, ...warnings]) {
    lines.push(
      `  ${finding.file}:${finding.range.startLine}:${finding.range.startColumn} ${finding.severity} ${finding.message} (${finding.ruleId})`,
    );
  }
  return lines;
}

/** Formats a count with the singular or plural form of a noun. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
