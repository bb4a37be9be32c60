import {
  HIPAA,
  isPlainObject,
  ruleDocsUrl,
  type Finding,
  type K8sObject,
  type ObjectIndex,
  type Rule,
} from '@kubeharden/core';

const HIPAA_TITLES = new Map(
  HIPAA.requirements.map((requirement) => [requirement.id, requirement.title]),
);

/** Markdown that explains a finding: what the rule checks, why, the HIPAA sections and the way out. */
export function describeFinding(finding: Finding, rule: Rule | undefined): string {
  const lines = [`**${finding.ruleId}**: ${finding.message}`, ''];
  if (rule) {
    lines.push(rule.meta.description, '', `**Why it matters.** ${rule.meta.rationale}`, '');
  }
  if (finding.hipaa.length > 0) {
    const sections = finding.hipaa.map((section) => {
      const title = HIPAA_TITLES.get(section);
      return title ? `§${section} ${title}` : `§${section}`;
    });
    lines.push(`**HIPAA:** ${sections.join('; ')}`, '');
  }
  if (rule) lines.push(`**Fix.** ${rule.meta.remediation}`);
  const proposals = [finding.fix, ...(finding.suggestions ?? [])].filter(
    (proposal) => proposal !== undefined,
  );
  if (proposals.length > 0) {
    lines.push('', `Quick fixes: ${proposals.map((proposal) => proposal.description).join('; ')}.`);
  }
  lines.push('', `[Rule documentation](${ruleDocsUrl(finding.ruleId)})`);
  return lines.join('\n');
}

/** Direction of traffic a NetworkPolicy governs. */
type Direction = 'Ingress' | 'Egress';

/**
 * Markdown that summarises a Namespace's posture from the manifests of the workspace: the Pod
 * Security labels, whether a policy denies all traffic by default in each direction, and how
 * many workloads some NetworkPolicy selects.
 */
export function describeNamespace(namespace: K8sObject, objects: ObjectIndex): string {
  const name = namespace.name ?? '<unnamed>';
  const lines = [`**Namespace ${name}**`, ''];

  const label = (mode: string): string => {
    const level = namespace.labels[`pod-security.kubernetes.io/${mode}`];
    const version = namespace.labels[`pod-security.kubernetes.io/${mode}-version`];
    if (level === undefined) return 'not set';
    return version === undefined ? level : `${level} (${version})`;
  };
  lines.push(
    `- Pod Security: enforce ${label('enforce')}, audit ${label('audit')}, warn ${label('warn')}`,
  );

  const policies = objects.ofKind('NetworkPolicy').filter((policy) => policy.namespace === name);
  const deny = (direction: Direction): string =>
    policies.some((policy) => deniesAll(policy, direction)) ? 'yes' : 'no';
  lines.push(`- Default deny: ingress ${deny('Ingress')}, egress ${deny('Egress')}`);

  const workloads = objects.all.filter((object) => object.podTemplate && object.namespace === name);
  const covered = workloads.filter((workload) =>
    policies.some((policy) => selects(policy, workload)),
  );
  lines.push(`- Workloads selected by a NetworkPolicy: ${covered.length} of ${workloads.length}`);
  lines.push(`- NetworkPolicies: ${policies.length}`);
  return lines.join('\n');
}

function policyTypes(spec: Record<string, unknown>): Direction[] {
  if (Array.isArray(spec.policyTypes)) {
    return spec.policyTypes.filter(
      (type): type is Direction => type === 'Ingress' || type === 'Egress',
    );
  }
  // Without policyTypes, a policy governs ingress, and egress too when it has egress rules.
  return spec.egress === undefined ? ['Ingress'] : ['Ingress', 'Egress'];
}

function deniesAll(policy: K8sObject, direction: Direction): boolean {
  const spec = policy.get(['spec']);
  if (!isPlainObject(spec) || !selectsEveryPod(spec.podSelector)) return false;
  const rules = spec[direction === 'Ingress' ? 'ingress' : 'egress'];
  return (
    policyTypes(spec).includes(direction) &&
    (rules === undefined || (Array.isArray(rules) && rules.length === 0))
  );
}

function selectsEveryPod(selector: unknown): boolean {
  if (!isPlainObject(selector)) return false;
  return Object.values(selector).every(
    (entry) =>
      entry === null ||
      (Array.isArray(entry)
        ? entry.length === 0
        : isPlainObject(entry) && Object.keys(entry).length === 0),
  );
}

/**
 * True when the policy's pod selector matches the workload's pod labels. Only `matchLabels` is
 * read, so a selector with `matchExpressions` counts as not matching.
 */
function selects(policy: K8sObject, workload: K8sObject): boolean {
  const spec = policy.get(['spec']);
  if (!isPlainObject(spec) || !isPlainObject(spec.podSelector)) return false;
  if (selectsEveryPod(spec.podSelector)) return true;
  const { matchLabels, matchExpressions } = spec.podSelector;
  if (Array.isArray(matchExpressions) && matchExpressions.length > 0) return false;
  if (!isPlainObject(matchLabels)) return false;
  const metadata = workload.podTemplate ? workload.get(workload.podTemplate.metadata) : undefined;
  const labels = isPlainObject(metadata) && isPlainObject(metadata.labels) ? metadata.labels : {};
  return Object.entries(matchLabels).every(([key, value]) => String(labels[key]) === String(value));
}
