import type { NamedPorts } from './ports.js';
import type { PolicyTables } from './tables.js';

/**
 * Pod variants that no policy can tell apart: the same rules isolate them in each direction,
 * the same rule peers select them, and the named ports in use resolve to the same numbers.
 * Connectivity is computed per class and expanded to workloads only for output.
 */
export interface EndpointClass {
  readonly id: number;
  /** Sorted ids of the ingress rules that apply to the class, or `null` when no policy isolates it. */
  readonly ingressRules: Int32Array | null;
  readonly egressRules: Int32Array | null;
  /** Sorted ids of the rules whose pod peers select the class. */
  readonly selectedBy: Int32Array;
  readonly namedPorts: NamedPorts;
  /** Resolution of the named ports in use, equal for classes that resolve them alike. */
  readonly namedPortKey: string;
}

export interface ClassIndex {
  readonly classes: readonly EndpointClass[];
  /** Class id of each variant. */
  readonly classOfVariant: Int32Array;
}

export function buildClasses(tables: PolicyTables): ClassIndex {
  const classes: EndpointClass[] = [];
  const bySignature = new Map<string, number>();
  const classOfVariant = new Int32Array(tables.variants.length);

  for (const variant of tables.variants) {
    const ingressRules = isolatingRules(
      tables,
      tables.ingressPolicies[variant.id] ?? [],
      'ingress',
    );
    const egressRules = isolatingRules(tables, tables.egressPolicies[variant.id] ?? [], 'egress');
    const selectedBy = tables.selectedBy[variant.id] ?? new Int32Array();
    const namedPortKey = tables.namedPortsInUse
      .map((key) => variant.namedPorts.get(key) ?? '')
      .join(',');
    const signature = [
      ingressRules === null ? '*' : ingressRules.join(','),
      egressRules === null ? '*' : egressRules.join(','),
      selectedBy.join(','),
      namedPortKey,
    ].join('|');

    let id = bySignature.get(signature);
    if (id === undefined) {
      id = classes.length;
      bySignature.set(signature, id);
      classes.push({
        id,
        ingressRules,
        egressRules,
        selectedBy,
        namedPorts: variant.namedPorts,
        namedPortKey,
      });
    }
    classOfVariant[variant.id] = id;
  }
  return { classes, classOfVariant };
}

/** Rule ids of one direction of the given policies, or `null` when there are no policies. */
function isolatingRules(
  tables: PolicyTables,
  policyIds: readonly number[],
  direction: 'ingress' | 'egress',
): Int32Array | null {
  if (policyIds.length === 0) return null;

  const ids: number[] = [];
  for (const policyId of policyIds) {
    for (const ruleId of tables.policyRules[policyId] ?? []) {
      if (tables.rules[ruleId]?.rule.direction === direction) ids.push(ruleId);
    }
  }
  return Int32Array.from(ids);
}
