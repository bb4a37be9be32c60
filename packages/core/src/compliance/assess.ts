import type { CheckResult } from '../engine/run.js';
import type { Finding, SuppressedFinding } from '../engine/finding.js';
import type { ChecklistItem, EvidenceSelector, Framework, FrameworkRequirement } from '../frameworks/framework.js';
import { requirementsOfRule } from '../frameworks/index.js';
import { containersOf } from '../model/containers.js';
import type { K8sObject, ObjectRef } from '../model/object.js';
import type { Rule } from '../rules/rule.js';
import { aggregateStatus, type ComplianceStatus } from './status.js';

/** Something that shows a requirement is met: an object, or a fact about the run itself. */
export interface EvidenceItem {
  readonly description: string;
  readonly object?: ObjectRef;
  readonly file?: string;
  /** 1-based line of the object's `kind` field in `file`. */
  readonly line?: number;
}

/** A step that moves a requirement towards met. */
export interface Action {
  readonly text: string;
  /** The rule whose findings this action resolves. */
  readonly ruleId?: string;
  /** Number of findings the action resolves. */
  readonly findings?: number;
}

export interface RequirementResult {
  readonly requirement: FrameworkRequirement;
  readonly status: ComplianceStatus;
  /** One sentence that gives the reason for the status. */
  readonly reason: string;
  /** Enabled rules that give evidence for the requirement. */
  readonly ruleIds: readonly string[];
  readonly evidence: readonly EvidenceItem[];
  readonly findings: readonly Finding[];
  /** Findings that annotations accepted, with their reasons. */
  readonly suppressed: readonly SuppressedFinding[];
  readonly actions: readonly Action[];
}

/** The status of one requirement counted only through the rules of one checklist item. */
export interface ChecklistCell {
  readonly requirementId: string;
  readonly status: ComplianceStatus;
  readonly evidence: number;
  readonly findings: number;
}

export interface ChecklistResult {
  readonly item: ChecklistItem;
  readonly status: ComplianceStatus;
  readonly reason: string;
  readonly cells: readonly ChecklistCell[];
  readonly ruleIds: readonly string[];
  readonly findings: number;
}

export interface ComplianceSummary {
  readonly requirements: Readonly<Record<ComplianceStatus, number>>;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly suppressed: number;
  readonly objects: number;
  readonly files: number;
  readonly rules: number;
}

/** Everything a compliance report shows; reporters render it without knowing the framework. */
export interface ComplianceReport {
  readonly framework: {
    readonly id: string;
    readonly name: string;
    readonly source: string;
    readonly organization?: string;
  };
  /** When the report was made, as an ISO 8601 timestamp in UTC. */
  readonly generatedAt: string;
  /** The assessed target, such as the paths checked or the cluster context scanned. */
  readonly scope: string;
  readonly tool: { readonly name: 'kubeharden'; readonly version: string };
  readonly summary: ComplianceSummary;
  readonly checklist: readonly ChecklistResult[];
  readonly requirements: readonly RequirementResult[];
}

export interface AssessOptions {
  readonly framework: Framework;
  /** The enabled rules of the run. */
  readonly rules: readonly Rule[];
  readonly generatedAt: Date;
  readonly scope: string;
  readonly version: string;
}

interface Judgement {
  readonly status: ComplianceStatus;
  readonly reason: string;
  readonly evidence: readonly EvidenceItem[];
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
}

// Kinds named in a "no object found" reason; more would make the sentence unreadable.
const MAX_KINDS_NAMED = 6;

/**
 * Assesses a check result against a framework. A requirement's rules are the enabled rules
 * mapped to it. Objects those rules read without a finding of theirs are its evidence, and
 * their findings break it. Procedural requirements cannot be checked from manifests.
 */
export function assessCompliance(result: CheckResult, options: AssessOptions): ComplianceReport {
  const { framework } = options;
  const run = new RunFacts(result, options.rules);
  const rulesByRequirement = new Map<string, Rule[]>();
  for (const rule of options.rules) {
    for (const id of requirementsOfRule(framework, rule)) {
      const list = rulesByRequirement.get(id);
      if (list) list.push(rule);
      else rulesByRequirement.set(id, [rule]);
    }
  }

  const requirements = framework.requirements.map((requirement) =>
    assessRequirement(requirement, rulesByRequirement.get(requirement.id) ?? [], run, options),
  );

  const requirementById = new Map(framework.requirements.map((requirement) => [requirement.id, requirement]));
  const checklist = (framework.checklist ?? []).map((item) =>
    assessChecklistItem(item, requirementById, rulesByRequirement, run),
  );

  const counts: Record<ComplianceStatus, number> = { met: 0, 'partly-met': 0, 'not-met': 0, 'not-checkable': 0 };
  for (const requirement of requirements) counts[requirement.status]++;
  return {
    framework: {
      id: framework.id,
      name: framework.name,
      source: framework.source,
      ...(framework.organization ? { organization: framework.organization } : {}),
    },
    generatedAt: options.generatedAt.toISOString(),
    scope: options.scope,
    tool: { name: 'kubeharden', version: options.version },
    summary: {
      requirements: counts,
      errors: result.findings.filter((finding) => finding.severity === 'error').length,
      warnings: result.findings.filter((finding) => finding.severity === 'warning').length,
      infos: result.findings.filter((finding) => finding.severity === 'info').length,
      suppressed: result.suppressed.length,
      objects: result.statistics.objects,
      files: result.statistics.files,
      rules: options.rules.length,
    },
    checklist,
    requirements,
  };
}

function assessRequirement(
  requirement: FrameworkRequirement,
  rules: readonly Rule[],
  run: RunFacts,
  options: AssessOptions,
): RequirementResult {
  const judged = judge(rules, run);
  const procedural = requirement.assessment === 'procedural';

  const evidence: EvidenceItem[] = [...judged.evidence];
  for (const selector of requirement.evidenceObjects ?? []) evidence.push(...run.select(selector));
  if (requirement.reportIsEvidence) {
    evidence.unshift({
      description: `This report, made on ${options.generatedAt.toISOString().slice(0, 10)}, is a dated technical assessment of ${options.scope}.`,
    });
  }

  // Rule remediations fix findings. The requirement's guidance names what to add when nothing
  // shows it is met, or what the organisation must do for a procedural requirement.
  const actions: Action[] = remediationActions(rules, judged.findings);
  const lacksEvidence = judged.status !== 'met' && actions.length === 0;
  if (requirement.guidance && (procedural || lacksEvidence)) actions.push({ text: requirement.guidance });

  const status: ComplianceStatus = procedural ? 'not-checkable' : judged.status;
  const reason = procedural
    ? `Only the organisation's own records can show this; it is ${requirement.responsibility ?? 'the organisation'}'s responsibility.`
    : judged.reason;
  return {
    requirement,
    status,
    reason,
    ruleIds: rules.map((rule) => rule.id),
    evidence,
    findings: judged.findings,
    suppressed: judged.suppressed,
    actions,
  };
}

function assessChecklistItem(
  item: ChecklistItem,
  requirementById: ReadonlyMap<string, FrameworkRequirement>,
  rulesByRequirement: ReadonlyMap<string, readonly Rule[]>,
  run: RunFacts,
): ChecklistResult {
  const itemRules = new Set<Rule>();
  const cells: ChecklistCell[] = item.requirements.map((requirementId) => {
    const rules = (rulesByRequirement.get(requirementId) ?? []).filter((rule) => countsForItem(item, rule));
    for (const rule of rules) itemRules.add(rule);
    const judged = judge(rules, run);
    const procedural = requirementById.get(requirementId)?.assessment === 'procedural';
    return {
      requirementId,
      status: procedural ? 'not-checkable' : judged.status,
      evidence: judged.evidence.length,
      findings: judged.findings.length,
    };
  });

  const status = aggregateStatus(cells.map((cell) => cell.status));
  const findingIds = new Set<Finding>();
  for (const rule of itemRules) for (const finding of run.findingsOf(rule)) findingIds.add(finding);

  let reason: string;
  if (status === 'not-checkable') {
    reason = item.responsibility
      ? `No tool can check this from manifests; it is ${item.responsibility}'s responsibility.`
      : 'No enabled rule checks this item.';
  } else {
    const checkable = cells.filter((cell) => cell.status !== 'not-checkable');
    const met = checkable.filter((cell) => cell.status === 'met').length;
    reason = `${met} of ${checkable.length} requirement${checkable.length === 1 ? '' : 's'} met.`;
  }
  return {
    item,
    status,
    reason,
    cells,
    ruleIds: [...itemRules].map((rule) => rule.id).sort(),
    findings: findingIds.size,
  };
}

function countsForItem(item: ChecklistItem, rule: Rule): boolean {
  if (item.areas && !item.areas.includes(rule.meta.area)) return false;
  if (!item.kinds) return true;
  const kinds = rule.meta.kinds;
  return kinds === 'all' || kinds.some((kind) => item.kinds?.includes(kind));
}

/** Applies the status rules to the objects and findings of a set of rules. */
function judge(rules: readonly Rule[], run: RunFacts): Judgement {
  if (rules.length === 0) {
    return {
      status: 'not-checkable',
      reason: 'No enabled rule checks this requirement.',
      evidence: [],
      findings: [],
      suppressed: [],
    };
  }

  const findings = rules.flatMap((rule) => run.findingsOf(rule)).sort(run.order);
  const suppressed = rules.flatMap((rule) => run.suppressedOf(rule)).sort(run.order);
  const broken = new Set(findings.map((finding) => run.findingKey(finding)));
  const candidates = run.objectsReadBy(rules);
  const evidence = candidates
    .filter((object) => !broken.has(run.objectKey(object)))
    .map((object) => run.evidenceOf(object, rules.length));
  const errors = findings.filter((finding) => finding.severity === 'error').length;

  if (candidates.length === 0 && findings.length === 0) {
    const kinds = run.kindsReadBy(rules);
    const named = kinds.slice(0, MAX_KINDS_NAMED).join(', ') + (kinds.length > MAX_KINDS_NAMED ? ', …' : '');
    return {
      status: 'not-met',
      reason: `No object that its rules read was found (${named}), so nothing shows it is met.`,
      evidence,
      findings,
      suppressed,
    };
  }
  const checked = `${plural(evidence.length, 'object')} checked without a finding`;
  if (evidence.length > 0 && errors === 0) {
    const rest = findings.length > 0 ? `; ${plural(findings.length, 'finding')}, none of them an error` : '';
    return { status: 'met', reason: `${checked}${rest}.`, evidence, findings, suppressed };
  }
  if (evidence.length > 0) {
    return {
      status: 'partly-met',
      reason: `${checked}; ${plural(findings.length, 'finding')}, ${errors} of them errors.`,
      evidence,
      findings,
      suppressed,
    };
  }
  return {
    status: 'not-met',
    reason: `Every object its rules read has a finding (${plural(findings.length, 'finding')}).`,
    evidence,
    findings,
    suppressed,
  };
}

function remediationActions(rules: readonly Rule[], findings: readonly Finding[]): Action[] {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  return rules
    .filter((rule) => counts.has(rule.id))
    .map((rule) => ({ text: rule.meta.remediation, ruleId: rule.id, findings: counts.get(rule.id) ?? 0 }))
    .sort((a, b) => (b.findings ?? 0) - (a.findings ?? 0) || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''));
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Lookups over one check result, shared by every requirement and checklist item. */
class RunFacts {
  readonly #result: CheckResult;
  readonly #findingsByRule = new Map<string, Finding[]>();
  readonly #suppressedByRule = new Map<string, SuppressedFinding[]>();

  constructor(result: CheckResult, rules: readonly Rule[]) {
    this.#result = result;
    const enabled = new Set(rules.map((rule) => rule.id));
    for (const finding of result.findings) {
      if (enabled.has(finding.ruleId)) pushTo(this.#findingsByRule, finding.ruleId, finding);
    }
    for (const finding of result.suppressed) {
      if (enabled.has(finding.ruleId)) pushTo(this.#suppressedByRule, finding.ruleId, finding);
    }
  }

  readonly order = (a: Finding, b: Finding): number =>
    a.file.localeCompare(b.file) || a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId);

  findingsOf(rule: Rule): readonly Finding[] {
    return this.#findingsByRule.get(rule.id) ?? [];
  }

  suppressedOf(rule: Rule): readonly SuppressedFinding[] {
    return this.#suppressedByRule.get(rule.id) ?? [];
  }

  kindsReadBy(rules: readonly Rule[]): string[] {
    const kinds = new Set<string>();
    for (const rule of rules) {
      if (rule.meta.kinds === 'all') return ['any kind'];
      for (const kind of rule.meta.kinds) kinds.add(kind);
    }
    return [...kinds];
  }

  objectsReadBy(rules: readonly Rule[]): readonly K8sObject[] {
    const index = this.#result.objects;
    if (rules.some((rule) => rule.meta.kinds === 'all')) return index.all;
    const kinds = new Set(this.kindsReadBy(rules));
    return index.all.filter((object) => kinds.has(object.kind));
  }

  objectKey(object: K8sObject): string {
    return refKey(object.file, object.document.index, object.ref);
  }

  findingKey(finding: Finding): string {
    return finding.object ? refKey(finding.file, finding.documentIndex, finding.object) : `${finding.file}\u0000${finding.documentIndex}`;
  }

  evidenceOf(object: K8sObject, ruleCount: number): EvidenceItem {
    return {
      description: `Checked by ${plural(ruleCount, 'rule')} without a finding.`,
      object: object.ref,
      file: object.file,
      line: object.rangeOf([], 'value').startLine,
    };
  }

  /** Objects that a framework names as evidence by their presence. */
  select(selector: EvidenceSelector): EvidenceItem[] {
    return this.#result.objects
      .ofKind(selector.kind)
      .filter((object) => selector.imageContains === undefined || usesImage(object, selector.imageContains))
      .map((object) => ({
        description: selector.description,
        object: object.ref,
        file: object.file,
        line: object.rangeOf([], 'value').startLine,
      }));
  }
}

function usesImage(object: K8sObject, text: string): boolean {
  const template = object.podTemplate;
  if (!template) return false;
  return containersOf(object.get(template.spec), template.spec).some(
    (container) => typeof container.value.image === 'string' && container.value.image.includes(text),
  );
}

function refKey(file: string, documentIndex: number, ref: ObjectRef): string {
  return [file, documentIndex, ref.kind, ref.namespace ?? '', ref.name ?? ''].join('\u0000');
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
