import type { ControlArea } from '../rules/rule.js';

/**
 * The shape of a compliance framework's data: its requirements, how rules map onto them, and a
 * checklist that groups them by control area. Reports are computed from this data alone, so a
 * framework (HIPAA, SOC 2, CIS, NIST 800-53) is added as one more file of this shape.
 */
export interface FrameworkRequirement {
  /** The citation as the framework writes it, e.g. `164.312(a)(1)`. */
  readonly id: string;
  readonly title: string;
  /** R for a required implementation specification, A for an addressable one. */
  readonly specification?: 'R' | 'A';
  readonly summary: string;
  /**
   * `manifests` (the default) when rules over Kubernetes objects give evidence for it;
   * `procedural` when only the organisation's own records can show it is met.
   */
  readonly assessment?: 'manifests' | 'procedural';
  /** What to do to meet the requirement, shown when it is not met or cannot be checked. */
  readonly guidance?: string;
  /** Who must act on a procedural requirement, e.g. "the client". */
  readonly responsibility?: string;
  /** Objects that are evidence by their presence alone, whether or not a rule reads them. */
  readonly evidenceObjects?: readonly EvidenceSelector[];
  /** True when a dated report is itself evidence, as for a periodic technical evaluation. */
  readonly reportIsEvidence?: boolean;
}

/** Selects objects of a kind, optionally only those with a container image containing a text. */
export interface EvidenceSelector {
  readonly kind: string;
  readonly imageContains?: string;
  /** What such an object shows, as a sentence. */
  readonly description: string;
}

/** One line of a checklist: a safeguard in a control area and the requirements it supports. */
export interface ChecklistItem {
  readonly id: string;
  readonly title: string;
  readonly requirements: readonly string[];
  /** Areas whose rules count for this item; absent means rules of every area. */
  readonly areas?: readonly ControlArea[];
  /** When present, only rules that read at least one of these kinds count for this item. */
  readonly kinds?: readonly string[];
  /** Who is responsible when no tool can check the item, e.g. "the client". */
  readonly responsibility?: string;
}

export interface Framework {
  readonly id: string;
  readonly name: string;
  /** The document the requirements are taken from. */
  readonly source: string;
  /** The body that publishes the framework. */
  readonly organization?: string;
  readonly requirements: readonly FrameworkRequirement[];
  /**
   * Maps the HIPAA sections that rules list in `meta.hipaa` to this framework's requirement ids.
   * Absent when the framework's ids are those sections themselves.
   */
  readonly crosswalk?: Readonly<Record<string, readonly string[]>>;
  readonly checklist?: readonly ChecklistItem[];
}
