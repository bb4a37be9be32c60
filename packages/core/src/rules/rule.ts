import type { HipaaSection } from '../frameworks/hipaa.js';
import type { K8sObject } from '../model/object.js';
import type { Path } from '../model/path.js';
import type { RangeTarget } from '../source/file.js';
import type { TextEdit } from '../source/edit.js';
import type { ObjectIndex } from '../engine/object-index.js';
import type { Settings } from '../config/settings.js';

export type Severity = 'error' | 'warning' | 'info';

/** The control areas of the hardening layer, plus the engine's own checks. */
export type ControlArea =
  | 'pod-security'
  | 'network'
  | 'rbac'
  | 'encryption'
  | 'audit'
  | 'schema'
  | 'source';

/** A check of another tool that covers the same ground, for users who compare or migrate. */
export interface EquivalentCheck {
  readonly tool: 'kube-linter' | 'polaris' | 'kubescape' | 'checkov' | 'kyverno' | 'pod-security-admission';
  readonly id: string;
}

export interface RuleMeta {
  readonly area: ControlArea;
  readonly severity: Severity;
  /** One-line summary of what the rule checks. */
  readonly description: string;
  /** Steps a user takes to resolve a finding. */
  readonly remediation: string;
  /** Why the control matters; the first paragraph of the rule's docs page. */
  readonly rationale: string;
  readonly hipaa: readonly HipaaSection[];
  readonly equivalents?: readonly EquivalentCheck[];
  /** `fix` when findings carry edits that keep behaviour, `suggestion` when edits change it. */
  readonly fixable?: 'fix' | 'suggestion';
  /** Kinds of object the rule reads; documents of other kinds are not parsed for it. */
  readonly kinds: readonly string[] | 'all';
  /**
   * Substrings by kind that a document must contain, compared without regard to case, for the
   * rule to read it, such as `sslmode` for ConfigMaps. A document of that kind without any of them is not parsed, unless another
   * rule reads the kind without hints, so the rule must find nothing in such documents.
   */
  readonly contentHints?: Readonly<Record<string, readonly string[]>>;
  /** Known limitations, listed on the rule's docs page. */
  readonly limitations?: readonly string[];
}

/** A proposed change to the source, applied as a whole or not at all. */
export interface FixProposal {
  readonly description: string;
  readonly edits: readonly TextEdit[];
}

/** Report of a rule, which the engine turns into a located finding. */
export interface ReportDescriptor {
  readonly object: K8sObject;
  /** Path relative to the object root. */
  readonly path: Path;
  /**
   * `key` for a field that must not be set, `value` (the default) for a bad value. A missing
   * field points at its nearest existing parent key whatever this field is set to.
   */
  readonly target?: RangeTarget;
  readonly message: string;
  /** An edit that keeps the workload's behaviour and can be applied without review. */
  readonly fix?: FixProposal;
  /** Edits that change behaviour; a user picks one. */
  readonly suggestions?: readonly FixProposal[];
  /** Extra data for reporters and editors, such as the upstream check id. */
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface RuleContext {
  readonly ruleId: string;
  readonly settings: Settings;
  /** Options of this rule from the configuration, or `undefined`. */
  readonly options: unknown;
  /** Every object of the run, for rules that relate objects to each other. */
  readonly objects: ObjectIndex;
  report(descriptor: ReportDescriptor): void;
}

/** Callbacks a rule returns from `create`; `object` runs for each object of its kinds. */
export interface RuleVisitor {
  object?(object: K8sObject): void;
  /** Runs once after every object was visited. */
  end?(): void;
}

export interface Rule {
  readonly id: string;
  readonly meta: RuleMeta;
  create(context: RuleContext): RuleVisitor;
}

const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Declares a rule, checking the parts a typo would silently break. */
export function defineRule(rule: Rule): Rule {
  if (!RULE_ID.test(rule.id)) {
    throw new Error(`Rule id "${rule.id}" is not kebab-case; use lower-case words joined by "-".`);
  }
  if (rule.meta.hipaa.length === 0 && rule.meta.area !== 'source' && rule.meta.area !== 'schema') {
    throw new Error(`Rule "${rule.id}" lists no HIPAA section; name the requirements it supports.`);
  }
  if (!rule.meta.description.endsWith('.') || !rule.meta.remediation.endsWith('.')) {
    throw new Error(`Rule "${rule.id}" needs a description and a remediation that end with a period.`);
  }
  return rule;
}
