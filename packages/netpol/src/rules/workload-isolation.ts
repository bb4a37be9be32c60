import { defineRule } from '@kubeharden/core';

import type { Direction } from '../model/policy.js';
import { readOptions, readStringList } from './options.js';
import { firstObjectOf, NETPOL_KINDS, networkAnalysis, workloadName } from './run-analysis.js';

const OPTION_KEYS = ['directions', 'exempt'];
const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

export const requireWorkloadIsolation = defineRule({
  id: 'require-workload-isolation',
  meta: {
    area: 'network',
    severity: 'warning',
    description: 'Every workload is selected by a NetworkPolicy for ingress and for egress.',
    remediation:
      'Add a default-deny NetworkPolicy to the namespace, or a policy whose podSelector matches the workload’s pod labels, for each direction.',
    rationale:
      'A pod that no NetworkPolicy selects for a direction is not isolated in that direction: it accepts connections from every pod and address, or may connect to every one. Checking each workload also catches pods whose labels slipped past the selectors of the namespace’s policies.',
    hipaa: ['164.312(a)(1)', '164.312(e)(1)'],
    equivalents: [
      { tool: 'kube-linter', id: 'non-isolated-pod' },
      { tool: 'polaris', id: 'missingNetworkPolicy' },
      { tool: 'kubescape', id: 'C-0260' },
      { tool: 'kubescape', id: 'C-0030' },
    ],
    kinds: NETPOL_KINDS,
    limitations: [
      'Pods created at run time by controllers that are not in the manifests, such as operators, are not checked.',
      'A Pod with a controller owner reference is checked as part of its owner.',
      'The option directions limits the check to ingress or egress, and the option exempt lists namespaces to skip.',
    ],
  },
  create(context) {
    const options = readOptions(context.ruleId, context.options, OPTION_KEYS);
    const exempt = new Set(readStringList(context.ruleId, options, 'exempt') ?? []);
    const directions = readStringList(context.ruleId, options, 'directions') ?? DIRECTIONS;
    for (const direction of directions) {
      if (!(DIRECTIONS as readonly string[]).includes(direction)) {
        throw new Error(
          `Option "directions" of rule "${context.ruleId}" lists "${direction}"; use "ingress", "egress" or both`,
        );
      }
    }

    return {
      end() {
        const run = networkAnalysis(context.objects, context.settings.defaultNamespace);
        const { tables, cluster } = run.analysis;
        const missing = cluster.workloads.map(() => new Set<Direction>());
        for (const variant of tables.variants) {
          const gaps = missing[variant.workloadIndex] as Set<Direction>;
          if ((tables.ingressPolicies[variant.id] ?? []).length === 0) gaps.add('ingress');
          if ((tables.egressPolicies[variant.id] ?? []).length === 0) gaps.add('egress');
        }

        cluster.workloads.forEach((workload, index) => {
          if (exempt.has(workload.namespace)) return;
          const gaps = DIRECTIONS.filter(
            (direction) => directions.includes(direction) && missing[index]?.has(direction),
          );
          const object = firstObjectOf(run, workload);
          if (gaps.length === 0 || object === undefined) return;

          context.report({
            object,
            path: ['metadata', 'name'],
            message: `${workloadName(workload)} is selected by no ${gaps.length === 2 ? '' : `${gaps[0]} `}NetworkPolicy, so it ${consequence(gaps)}.`,
            data: { directions: gaps },
          });
        });
      },
    };
  },
});

function consequence(gaps: readonly Direction[]): string {
  const parts = gaps.map((direction) =>
    direction === 'ingress'
      ? 'accepts connections from every pod and address'
      : 'may connect to every pod and address',
  );
  return parts.join(' and ');
}
