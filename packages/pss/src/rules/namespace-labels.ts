import { defineRule, type FixProposal, type K8sObject } from '@kubeharden/core';

import { setField } from './fixes.js';
import { isPssLevel, isStricter, MODES, type PssMode } from './policy.js';
import type { PssLevel } from '../evaluate/types.js';

interface Options {
  /** Level every namespace must enforce; defaults to the configured PSS level. */
  readonly level?: PssLevel;
  /** Namespaces exempt from the rule, such as kube-system. */
  readonly exempt?: readonly string[];
}

function readOptions(raw: unknown): Options {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`options must be a mapping with "level" and "exempt", not ${JSON.stringify(raw)}`);
  }
  const { level, exempt } = raw as Record<string, unknown>;
  if (level !== undefined && !isPssLevel(level)) {
    throw new Error(`option "level" must be privileged, baseline or restricted, not ${JSON.stringify(level)}`);
  }
  if (exempt !== undefined && (!Array.isArray(exempt) || exempt.some((name) => typeof name !== 'string'))) {
    throw new Error(`option "exempt" must be a list of namespace names, not ${JSON.stringify(exempt)}`);
  }
  return { level: level as PssLevel | undefined, exempt: exempt as string[] | undefined };
}

const label = (mode: PssMode): string => `pod-security.kubernetes.io/${mode}`;

export const requirePodSecurityLabels = defineRule({
  id: 'require-pod-security-labels',
  meta: {
    area: 'pod-security',
    severity: 'error',
    description: 'Every Namespace enforces the required Pod Security level through its labels.',
    remediation:
      'Label the Namespace with pod-security.kubernetes.io/enforce, audit and warn set to restricted (and the matching -version labels).',
    rationale:
      'Pod Security Admission checks pods only in namespaces that ask for it. Without an enforce label, any pod, privileged or not, is admitted; audit and warn make violations visible before enforcement is tightened.',
    hipaa: ['164.312(a)(1)', '164.312(c)(1)'],
    equivalents: [{ tool: 'kubescape', id: 'C-0211' }],
    fixable: 'suggestion',
    kinds: ['Namespace'],
  },
  create(context) {
    const options = readOptions(context.options);
    const required = options.level ?? context.settings.pss.level;
    const exempt = new Set(options.exempt ?? []);

    return {
      object(namespace) {
        if (namespace.apiVersion !== 'v1' || required === 'privileged') return;
        if (namespace.name !== undefined && exempt.has(namespace.name)) return;
        const name = namespace.name ?? '<unnamed>';

        const enforce = namespace.labels[label('enforce')];
        if (enforce === undefined) {
          context.report({
            object: namespace,
            path: ['metadata', 'labels', label('enforce')],
            message: `Namespace "${name}" has no ${label('enforce')} label, so Pod Security Admission admits any pod; label it ${required}.`,
            suggestions: labelSuggestion(namespace, required),
          });
          return;
        }
        if (!isPssLevel(enforce)) {
          context.report({
            object: namespace,
            path: ['metadata', 'labels', label('enforce')],
            message: `Namespace "${name}" has an invalid ${label('enforce')} value "${enforce}"; use ${required}.`,
            suggestions: labelSuggestion(namespace, required),
          });
          return;
        }
        if (isStricter(required, enforce)) {
          context.report({
            object: namespace,
            path: ['metadata', 'labels', label('enforce')],
            message: `Namespace "${name}" enforces Pod Security level "${enforce}", weaker than the required "${required}"; set the label to ${required}.`,
            suggestions: labelSuggestion(namespace, required),
          });
        }
      },
    };
  },
});

/** Sets enforce, audit and warn to the required level, each with the latest version. */
function labelSuggestion(namespace: K8sObject, level: PssLevel): FixProposal[] {
  const proposals: FixProposal[] = [];
  // The labels are added one at a time because each edit is computed against the original
  // text; after applying one, a re-check offers the next.
  for (const mode of MODES) {
    if (namespace.labels[label(mode)] === level) continue;
    const proposal = setField(namespace, ['metadata', 'labels', label(mode)], level, `Set ${label(mode)} to ${level}`);
    if (proposal) proposals.push(proposal);
    break;
  }
  return proposals;
}
