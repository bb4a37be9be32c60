import type { CheckFn, PssCheck } from '../check.js';
import { podField } from '../pod.js';
import type { PodView } from '../pod.js';
import type { PssField } from '../types.js';
import { asArray, asObject, isSet, textOf } from '../values.js';

// Sysctls that are namespaced per pod and isolated from other pods, by the version that first
// allowed them. Each version allows its own names and those of every earlier version.
const SAFE_SYSCTLS_V1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SAFE_SYSCTLS_V1_27 = [...SAFE_SYSCTLS_V1_0, 'net.ipv4.ip_local_reserved_ports'];
const SAFE_SYSCTLS_V1_29 = [
  ...SAFE_SYSCTLS_V1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SAFE_SYSCTLS_V1_32 = [...SAFE_SYSCTLS_V1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SAFE_SYSCTLS_V1_37 = [
  ...SAFE_SYSCTLS_V1_32,
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
];

function sysctlsCheck(safeNames: readonly string[]): CheckFn {
  const safe = new Set(safeNames);

  return (pod: PodView) => {
    const forbidden: string[] = [];
    const fields: PssField[] = [];
    asArray(pod.securityContext?.sysctls).forEach((entry, index) => {
      const sysctl = asObject(entry);
      if (sysctl === undefined) return;
      const name = textOf(sysctl.name);
      if (safe.has(name)) return;
      forbidden.push(name);
      fields.push(
        podField(
          pod,
          ['securityContext', 'sysctls', index, 'name'],
          isSet(sysctl.name) ? 'forbidden-value' : 'missing',
          `The pod sets sysctl ${JSON.stringify(name)}, which is not on the list of safe sysctls at this policy version; remove it from securityContext.sysctls.`,
        ),
      );
    });
    if (forbidden.length === 0) return undefined;

    return { reason: 'forbidden sysctls', detail: forbidden.join(', '), fields };
  };
}

export const sysctls: PssCheck = {
  id: 'sysctls',
  level: 'baseline',
  versions: [
    { minMinor: 0, evaluate: sysctlsCheck(SAFE_SYSCTLS_V1_0) },
    { minMinor: 27, evaluate: sysctlsCheck(SAFE_SYSCTLS_V1_27) },
    { minMinor: 29, evaluate: sysctlsCheck(SAFE_SYSCTLS_V1_29) },
    { minMinor: 32, evaluate: sysctlsCheck(SAFE_SYSCTLS_V1_32) },
    { minMinor: 37, evaluate: sysctlsCheck(SAFE_SYSCTLS_V1_37) },
  ],
};
