import {
  appendEdits,
  defineRule,
  removeFieldEdits,
  setValueEdits,
  type FixProposal,
  type K8sObject,
  type RuleContext,
} from '@kubeharden/core';

import { parseCidr } from '../model/ip.js';
import type { Problem, ProblemCode } from '../model/problem.js';
import { NETPOL_KINDS, networkAnalysis, objectOf, type NetworkAnalysis } from './run-analysis.js';

/** Warnings about fields that the API server drops or reads differently than they are written. */
const MISLEADING_CODES: ReadonlySet<ProblemCode> = new Set([
  'invalid-field',
  'invalid-label-selector',
  'non-canonical-cidr',
  'duplicate-policy',
  'inconsistent-owner-labels',
]);

/** Edits offered with a finding. */
interface Remedies {
  readonly fix?: FixProposal;
  readonly suggestions?: readonly FixProposal[];
}

/** Reports the analysis problems that `accepts` picks, each on its own object. */
export function reportProblems(
  context: RuleContext,
  run: NetworkAnalysis,
  accepts: (problem: Problem) => boolean,
  remedies: (object: K8sObject, problem: Problem) => Remedies = () => ({}),
): void {
  for (const problem of run.analysis.problems) {
    if (!accepts(problem)) continue;
    const object = objectOf(run, problem.object);
    if (object === undefined) continue;
    context.report({
      object,
      path: problem.path,
      target: problem.target,
      message: problem.message,
      ...remedies(object, problem),
      data: { problem: problem.code },
    });
  }
}

/**
 * True for a problem that makes the API server reject the NetworkPolicy. A workload or Namespace
 * without a name is left to the schema checks, which cover every kind.
 */
export function isInvalidPolicyProblem(problem: Problem): boolean {
  return problem.severity === 'error' && problem.object.kind === 'NetworkPolicy';
}

export const noInvalidNetworkPolicies = defineRule({
  id: 'no-invalid-network-policies',
  meta: {
    area: 'network',
    severity: 'error',
    description: 'NetworkPolicies contain nothing the API server would reject.',
    remediation:
      'Correct the field the finding points at: a valid label selector and operator, a CIDR that contains its exceptions, a port from 1 to 65535 or a valid port name, endPort only after a numeric port, and ipBlock in a peer of its own.',
    rationale:
      'The API server rejects the whole object, so `kubectl apply` fails and the isolation the policy was meant to add never takes effect. Finding the error before deployment keeps a failed rollout from leaving workloads open.',
    hipaa: ['164.312(a)(1)'],
    kinds: NETPOL_KINDS,
    limitations: [
      'Fields that the networking.k8s.io/v1 schema forbids but that do not change connectivity, such as an unknown field under spec, are left to the schema checks.',
    ],
  },
  create(context) {
    return {
      end() {
        const run = networkAnalysis(context.objects, context.settings.defaultNamespace);
        reportProblems(context, run, isInvalidPolicyProblem);
      },
    };
  },
});

export const noMisleadingNetworkPolicies = defineRule({
  id: 'no-misleading-network-policies',
  meta: {
    area: 'network',
    severity: 'warning',
    description:
      'NetworkPolicies and the pods they select contain nothing that the API server drops or reads differently than written.',
    remediation:
      'Remove unknown fields, write CIDRs in canonical form, give every NetworkPolicy of a namespace its own name, and give all pods of one controller the same labels.',
    rationale:
      'An unknown field under a peer or selector is dropped, so it does not restrict anything; a CIDR with host bits set means its network address; of two policies with one name only the last applied exists. Each makes a policy allow more or less than its text says.',
    hipaa: ['164.312(a)(1)'],
    fixable: 'fix',
    kinds: NETPOL_KINDS,
  },
  create(context) {
    return {
      end() {
        const run = networkAnalysis(context.objects, context.settings.defaultNamespace);
        reportProblems(
          context,
          run,
          (problem) => problem.severity === 'warning' && MISLEADING_CODES.has(problem.code),
          (object, problem) => {
            const fix =
              problem.code === 'non-canonical-cidr' ? canonicalCidrFix(object, problem) : undefined;
            return fix === undefined ? {} : { fix };
          },
        );
      },
    };
  },
});

export const noIgnoredPolicyRules = defineRule({
  id: 'no-ignored-policy-rules',
  meta: {
    area: 'network',
    severity: 'warning',
    description:
      'No NetworkPolicy has ingress or egress rules that its policyTypes make the API ignore.',
    remediation:
      'Add the direction (Ingress or Egress) to spec.policyTypes, or remove the rules of the direction it does not list.',
    rationale:
      'When spec.policyTypes is set, rules of a direction it does not list have no effect. The policy then reads as if it restricted that direction while the selected pods stay open in it, or its author believes a connection is allowed that is denied.',
    hipaa: ['164.312(a)(1)', '164.312(e)(1)'],
    fixable: 'suggestion',
    kinds: NETPOL_KINDS,
  },
  create(context) {
    return {
      end() {
        const run = networkAnalysis(context.objects, context.settings.defaultNamespace);
        reportProblems(
          context,
          run,
          (problem) => problem.code === 'ignored-rules',
          (object, problem) => ({ suggestions: ignoredRulesSuggestions(object, problem) }),
        );
      },
    };
  },
});

/** Rewrites a CIDR with host bits or leading zeros into the canonical form the API server reads. */
function canonicalCidrFix(object: K8sObject, problem: Problem): FixProposal | undefined {
  const value = object.get(problem.path);
  if (typeof value !== 'string') return undefined;
  const parsed = parseCidr(value);
  if (typeof parsed === 'string') return undefined;
  const edits = setValueEdits(object.document, object.documentPath(problem.path), parsed.canonical);
  return edits === undefined
    ? undefined
    : { description: `Write the CIDR as ${parsed.canonical}`, edits };
}

/** Offers to list the ignored direction in policyTypes, or to remove its rules. */
function ignoredRulesSuggestions(object: K8sObject, problem: Problem): FixProposal[] {
  const direction = problem.path[problem.path.length - 1];
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  const proposals: FixProposal[] = [];

  const add = appendEdits(object.document, object.documentPath(['spec', 'policyTypes']), type);
  if (add !== undefined)
    proposals.push({ description: `Add ${type} to spec.policyTypes`, edits: add });
  const remove = removeFieldEdits(object.document, object.documentPath(problem.path));
  if (remove !== undefined)
    proposals.push({ description: `Remove spec.${String(direction)}`, edits: remove });
  return proposals;
}
