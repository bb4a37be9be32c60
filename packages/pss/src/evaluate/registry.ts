import type { CheckFn, PssCheck } from './check.js';
import { allowPrivilegeEscalation } from './checks/allowPrivilegeEscalation.js';
import { appArmorProfile } from './checks/appArmorProfile.js';
import { capabilitiesBaseline } from './checks/capabilitiesBaseline.js';
import { capabilitiesRestricted } from './checks/capabilitiesRestricted.js';
import { hostNamespaces } from './checks/hostNamespaces.js';
import { hostPathVolumes } from './checks/hostPathVolumes.js';
import { hostPorts } from './checks/hostPorts.js';
import { hostProbesAndHostLifecycle } from './checks/hostProbesAndHostLifecycle.js';
import { privileged } from './checks/privileged.js';
import { procMount, procMountRestricted } from './checks/procMount.js';
import { restrictedVolumes } from './checks/restrictedVolumes.js';
import { runAsNonRoot } from './checks/runAsNonRoot.js';
import { runAsUser } from './checks/runAsUser.js';
import { seccompProfileBaseline, seccompProfileRestricted } from './checks/seccompProfile.js';
import { seLinuxOptions } from './checks/seLinuxOptions.js';
import { sysctls } from './checks/sysctls.js';
import { windowsHostProcess } from './checks/windowsHostProcess.js';
import { compareCodePoints } from './format.js';

/** Every check of the Pod Security Standards, in the order upstream runs them. */
export const PSS_CHECKS: readonly PssCheck[] = orderChecks([
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  appArmorProfile,
  seLinuxOptions,
  procMount,
  seccompProfileBaseline,
  sysctls,
  windowsHostProcess,
  hostProbesAndHostLifecycle,
  restrictedVolumes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
  capabilitiesRestricted,
  procMountRestricted,
]);

/** Sorts checks as upstream runs them: baseline checks first, then restricted ones, each by id. */
function orderChecks(checks: readonly PssCheck[]): PssCheck[] {
  const rank = (check: PssCheck) => (check.level === 'baseline' ? 0 : 1);
  return [...checks].sort((a, b) => rank(a) - rank(b) || compareCodePoints(a.id, b.id));
}

/** A check with the behaviour that applies at one policy version. */
export interface ActiveCheck {
  readonly check: PssCheck;
  readonly evaluate: CheckFn;
}

/** Returns the behaviour of a check at `minor`, or `undefined` before its first version. */
function versionAt(check: PssCheck, minor: number): CheckFn | undefined {
  let evaluate: CheckFn | undefined;
  for (const version of check.versions) {
    if (version.minMinor <= minor) evaluate = version.evaluate;
  }
  return evaluate;
}

const cache = new Map<string, readonly ActiveCheck[]>();

/**
 * Lists the checks that run at a level and minor version. Restricted runs every baseline check
 * except those that an applicable restricted check overrides, and then the restricted checks.
 */
export function activeChecks(
  level: 'baseline' | 'restricted',
  minor: number,
): readonly ActiveCheck[] {
  const key = `${level}/${minor}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;

  const applicable: ActiveCheck[] = [];
  for (const check of PSS_CHECKS) {
    if (level === 'baseline' && check.level !== 'baseline') continue;
    const evaluate = versionAt(check, minor);
    if (evaluate !== undefined) applicable.push({ check, evaluate });
  }
  const overridden = new Set(applicable.flatMap(({ check }) => check.overrides ?? []));
  const active = applicable.filter(({ check }) => !overridden.has(check.id));

  cache.set(key, active);
  return active;
}
