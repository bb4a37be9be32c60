/** How far a requirement or checklist item is met, as far as manifests can show it. */
export type ComplianceStatus = 'met' | 'partly-met' | 'not-met' | 'not-checkable';

/** Statuses from best to worst, the order reports list them in. */
export const COMPLIANCE_STATUSES: readonly ComplianceStatus[] = ['met', 'partly-met', 'not-met', 'not-checkable'];

export const STATUS_LABELS: Readonly<Record<ComplianceStatus, string>> = {
  met: 'Met',
  'partly-met': 'Partly met',
  'not-met': 'Not met',
  'not-checkable': 'Not checkable from manifests',
};

/**
 * Combines the statuses of several requirements: met when all checkable ones are met, not met
 * when none is met or partly met, partly met otherwise, and not checkable when none can be checked.
 */
export function aggregateStatus(statuses: readonly ComplianceStatus[]): ComplianceStatus {
  const checkable = statuses.filter((status) => status !== 'not-checkable');
  if (checkable.length === 0) return 'not-checkable';
  if (checkable.every((status) => status === 'met')) return 'met';
  if (checkable.every((status) => status === 'not-met')) return 'not-met';
  return 'partly-met';
}
