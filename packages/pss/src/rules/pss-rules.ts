import {
  defineRule,
  POD_BEARING_KINDS,
  removeFieldEdits,
  type EquivalentCheck,
  type FixProposal,
  type HipaaSection,
  type K8sObject,
  type Rule,
  type RuleContext,
} from '@kubeharden/core';

import type { PssField, PssViolation } from '../evaluate/types.js';
import { fieldName, setField } from './fixes.js';
import { effectivePolicy, violationsOf } from './policy.js';

// Pod Security controls keep containers from reaching the node and other workloads' data
// (access control) and from changing what they run (integrity).
const HIPAA_SECTIONS: readonly HipaaSection[] = ['164.312(a)(1)', '164.312(c)(1)'];

interface Remedies {
  readonly fix?: FixProposal;
  readonly suggestions?: readonly FixProposal[];
}

interface ControlSpec {
  readonly id: string;
  /** Upstream Pod Security Admission check ids this rule reports. */
  readonly checkIds: readonly string[];
  readonly description: string;
  readonly remediation: string;
  readonly rationale: string;
  readonly equivalents?: readonly EquivalentCheck[];
  readonly fixable?: 'fix' | 'suggestion';
  readonly remedies?: (object: K8sObject, field: PssField) => Remedies;
  readonly limitations?: readonly string[];
}

const compact = (proposals: readonly (FixProposal | undefined)[]): FixProposal[] =>
  proposals.filter((proposal): proposal is FixProposal => proposal !== undefined);

/** Suggests setting a boolean field to `false` where it is set to `true`. */
const suggestFalse = (object: K8sObject, field: PssField): Remedies => ({
  suggestions: compact([setField(object, field.path, false, `Set ${fieldName(object, field.path)} to false`)]),
});

/** Suggests removing the offending field. */
const suggestRemoval = (object: K8sObject, field: PssField): Remedies => {
  const edits = removeFieldEdits(object.document, object.documentPath(field.path));
  return { suggestions: edits ? [{ description: `Remove ${fieldName(object, field.path)}`, edits }] : [] };
};

/** Builds one rule that reports the violations of the given upstream checks. */
function controlRule(spec: ControlSpec): Rule {
  return defineRule({
    id: spec.id,
    meta: {
      area: 'pod-security',
      severity: 'error',
      description: spec.description,
      remediation: spec.remediation,
      rationale: spec.rationale,
      hipaa: HIPAA_SECTIONS,
      equivalents: [
        ...spec.checkIds.map((id) => ({ tool: 'pod-security-admission' as const, id })),
        ...(spec.equivalents ?? []),
      ],
      ...(spec.fixable ? { fixable: spec.fixable } : {}),
      kinds: [...POD_BEARING_KINDS, 'Namespace'],
      ...(spec.limitations ? { limitations: spec.limitations } : {}),
    },
    create(context: RuleContext) {
      return {
        object(object) {
          if (!object.podTemplate) return;
          const policy = effectivePolicy(object, context);
          if (policy.level === 'privileged') return;

          for (const violation of violationsOf(object, policy.level, policy.version)) {
            if (!spec.checkIds.includes(violation.checkId)) continue;
            reportViolation(context, object, violation, policy, spec);
          }
        },
      };
    },
  });
}

function reportViolation(
  context: RuleContext,
  object: K8sObject,
  violation: PssViolation,
  policy: ReturnType<typeof effectivePolicy>,
  spec: ControlSpec,
): void {
  const origin =
    policy.source === 'namespace'
      ? ` (namespace "${object.namespace}" enforces ${policy.level} at ${policy.version})`
      : '';
  for (const field of violation.fields) {
    const remedies = spec.remedies?.(object, field) ?? {};
    context.report({
      object,
      path: field.path,
      target: field.problem === 'forbidden-value' ? 'value' : 'key',
      message: origin ? `${field.message.replace(/\.$/, '')}${origin}.` : field.message,
      ...(remedies.fix ? { fix: remedies.fix } : {}),
      ...(remedies.suggestions && remedies.suggestions.length > 0 ? { suggestions: remedies.suggestions } : {}),
      data: {
        pssCheck: violation.checkId,
        pssLevel: policy.level,
        pssVersion: policy.version,
        ...(field.container ? { container: field.container.name } : {}),
      },
    });
  }
}

export const noHostNamespaces = controlRule({
  id: 'no-host-namespaces',
  checkIds: ['hostNamespaces'],
  description: 'Pods do not share the host network, PID or IPC namespace.',
  remediation: 'Remove hostNetwork, hostPID and hostIPC from the pod spec, or set them to false.',
  rationale:
    'A pod in the host network namespace sees all node traffic and bypasses NetworkPolicies; host PID and IPC let it inspect and signal every process on the node, including other workloads that handle health data.',
  equivalents: [
    { tool: 'kube-linter', id: 'host-network' },
    { tool: 'kube-linter', id: 'host-pid' },
    { tool: 'kube-linter', id: 'host-ipc' },
    { tool: 'polaris', id: 'hostNetworkSet' },
    { tool: 'kubescape', id: 'C-0041' },
  ],
  fixable: 'suggestion',
  remedies: suggestFalse,
});

export const noPrivilegedContainers = controlRule({
  id: 'no-privileged-containers',
  checkIds: ['privileged'],
  description: 'No container runs privileged.',
  remediation: 'Remove securityContext.privileged or set it to false; grant only the capabilities the container needs.',
  rationale:
    'A privileged container has every capability and all host devices; escaping to the node is trivial, which exposes every volume and Secret mounted on it.',
  equivalents: [
    { tool: 'kube-linter', id: 'privileged-container' },
    { tool: 'polaris', id: 'runAsPrivileged' },
    { tool: 'kubescape', id: 'C-0057' },
  ],
  fixable: 'suggestion',
  remedies: suggestFalse,
});

export const noAddedCapabilities = controlRule({
  id: 'no-added-capabilities',
  checkIds: ['capabilities_baseline'],
  description: 'Containers add no Linux capability beyond the baseline allow-list.',
  remediation: 'Remove the capability from securityContext.capabilities.add.',
  rationale:
    'Capabilities such as SYS_ADMIN or NET_ADMIN give a container powers close to root on the node.',
  equivalents: [
    { tool: 'polaris', id: 'dangerousCapabilities' },
    { tool: 'kubescape', id: 'C-0046' },
  ],
  fixable: 'suggestion',
  remedies: suggestRemovalOfListEntry,
});

export const requireDropAllCapabilities = controlRule({
  id: 'require-drop-all-capabilities',
  checkIds: ['capabilities_restricted'],
  description: 'Every container drops ALL capabilities and adds back at most NET_BIND_SERVICE.',
  remediation: 'Set securityContext.capabilities.drop to ["ALL"] and add back only NET_BIND_SERVICE if the container binds a low port.',
  rationale:
    'Container runtimes grant a default set of capabilities (such as NET_RAW, used for spoofing) that most applications never need.',
  equivalents: [
    { tool: 'polaris', id: 'insecureCapabilities' },
    { tool: 'kubescape', id: 'C-0046' },
  ],
  fixable: 'suggestion',
  remedies: dropAllRemedies,
});

export const noHostPathVolumes = controlRule({
  id: 'no-host-path-volumes',
  checkIds: ['hostPathVolumes'],
  description: 'Pods mount no hostPath volume.',
  remediation: 'Replace the hostPath volume with a PersistentVolumeClaim, a ConfigMap, a Secret or an emptyDir.',
  rationale:
    'A hostPath volume exposes the node filesystem; even read-only, it can reveal credentials and other workloads data.',
  equivalents: [
    { tool: 'kube-linter', id: 'sensitive-host-mounts' },
    { tool: 'kubescape', id: 'C-0048' },
  ],
});

export const noHostPorts = controlRule({
  id: 'no-host-ports',
  checkIds: ['hostPorts'],
  description: 'Containers bind no host port.',
  remediation: 'Remove hostPort and expose the port through a Service.',
  rationale: 'A host port bypasses Services and NetworkPolicies and ties the pod to a node.',
  equivalents: [
    { tool: 'polaris', id: 'hostPortSet' },
    { tool: 'kubescape', id: 'C-0044' },
  ],
  fixable: 'suggestion',
  remedies: suggestRemoval,
});

export const noUnconfinedApparmor = controlRule({
  id: 'no-unconfined-apparmor',
  checkIds: ['appArmorProfile'],
  description: 'AppArmor profiles are RuntimeDefault or Localhost, never Unconfined.',
  remediation: 'Set appArmorProfile.type to RuntimeDefault, or remove the override.',
  rationale: 'Disabling AppArmor removes a mandatory access control layer that limits what a compromised container can do.',
  fixable: 'suggestion',
  remedies: (object, field) => ({
    suggestions: compact([
      field.path[field.path.length - 1] === 'type'
        ? setField(object, field.path, 'RuntimeDefault', 'Use the RuntimeDefault AppArmor profile')
        : undefined,
    ]),
  }),
});

export const noCustomSelinuxOptions = controlRule({
  id: 'no-custom-selinux-options',
  checkIds: ['seLinuxOptions'],
  description: 'SELinux options set no user or role and only the container types.',
  remediation: 'Remove seLinuxOptions.user and role, and use a container_t type or none.',
  rationale: 'A custom SELinux user, role or type can lift the confinement that separates containers from the host.',
});

export const noUnmaskedProcMount = controlRule({
  id: 'no-unmasked-proc-mount',
  checkIds: ['procMount', 'procMount_restricted'],
  description: 'Containers keep the default masked /proc mount.',
  remediation: 'Remove securityContext.procMount or set it to Default.',
  rationale: 'An unmasked /proc exposes kernel interfaces that the default mask hides from containers.',
  fixable: 'suggestion',
  remedies: (object, field) => ({
    suggestions: compact([setField(object, field.path, 'Default', 'Set procMount to Default')]),
  }),
});

export const noUnconfinedSeccomp = controlRule({
  id: 'no-unconfined-seccomp',
  checkIds: ['seccompProfile_baseline'],
  description: 'Seccomp is never set to Unconfined.',
  remediation: 'Set seccompProfile.type to RuntimeDefault or Localhost.',
  rationale: 'Seccomp filters the system calls a container can make; Unconfined opens the whole kernel attack surface.',
  fixable: 'suggestion',
  remedies: seccompRemedies,
});

export const requireSeccompProfile = controlRule({
  id: 'require-seccomp-profile',
  checkIds: ['seccompProfile_restricted'],
  description: 'Every container runs with the RuntimeDefault or a Localhost seccomp profile.',
  remediation: 'Set spec.securityContext.seccompProfile.type to RuntimeDefault for the pod.',
  rationale:
    'Without a profile, most runtimes run containers unconfined. RuntimeDefault blocks rarely used system calls that kernel exploits rely on.',
  equivalents: [{ tool: 'kubescape', id: 'C-0055' }],
  fixable: 'fix',
  remedies: seccompRemedies,
  limitations: [
    'The fix sets the profile at pod level when no container overrides it. A workload that needs a system call outside the runtime default profile then fails at that call.',
  ],
});

export const noUnsafeSysctls = controlRule({
  id: 'no-unsafe-sysctls',
  checkIds: ['sysctls'],
  description: 'Pods set only the sysctls that Pod Security Standards allow.',
  remediation: 'Remove the sysctl from spec.securityContext.sysctls.',
  rationale: 'Sysctls outside the safe set change kernel behaviour for the whole node, not only the pod.',
});

export const noWindowsHostProcess = controlRule({
  id: 'no-windows-host-process',
  checkIds: ['windowsHostProcess'],
  description: 'No Windows container runs as a host process.',
  remediation: 'Remove windowsOptions.hostProcess or set it to false.',
  rationale: 'A Windows HostProcess container has full access to the node.',
  fixable: 'suggestion',
  remedies: suggestFalse,
});

export const noHostProbes = controlRule({
  id: 'no-host-probes',
  checkIds: ['hostProbesAndHostLifecycle'],
  description: 'Probes and lifecycle handlers target the pod itself, not another host.',
  remediation: 'Remove the host field from httpGet and tcpSocket probes and lifecycle handlers.',
  rationale: 'A probe with a host field makes the kubelet connect to an arbitrary address, which can reach services that NetworkPolicies would block.',
  fixable: 'suggestion',
  remedies: suggestRemoval,
});

export const noDisallowedVolumeTypes = controlRule({
  id: 'no-disallowed-volume-types',
  checkIds: ['restrictedVolumes'],
  description: 'Volumes use only the restricted allow-list of types.',
  remediation: 'Use configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volumes.',
  rationale: 'Other volume types (hostPath, nfs, iscsi and similar) attach storage outside the control of the cluster and its encryption.',
});

export const requireRunAsNonRoot = controlRule({
  id: 'require-run-as-non-root',
  checkIds: ['runAsNonRoot'],
  description: 'Every container must run as a non-root user.',
  remediation: 'Set securityContext.runAsNonRoot to true for the pod or for each container, and build the image with a non-root user.',
  rationale: 'A process running as root inside a container is root on the node after any container escape.',
  equivalents: [
    { tool: 'kube-linter', id: 'run-as-non-root' },
    { tool: 'polaris', id: 'runAsRootAllowed' },
    { tool: 'kubescape', id: 'C-0013' },
  ],
  fixable: 'suggestion',
  remedies: (object, field) => ({
    suggestions: compact([setField(object, field.path, true, `Set ${fieldName(object, field.path)} to true`)]),
  }),
});

export const noPrivilegeEscalation = controlRule({
  id: 'no-privilege-escalation',
  checkIds: ['allowPrivilegeEscalation'],
  description: 'Every container sets allowPrivilegeEscalation to false.',
  remediation: 'Set securityContext.allowPrivilegeEscalation to false in each container.',
  rationale: 'Without it, a process can gain more privileges than its parent through setuid binaries.',
  equivalents: [
    { tool: 'kube-linter', id: 'privilege-escalation-container' },
    { tool: 'polaris', id: 'privilegeEscalationAllowed' },
    { tool: 'kubescape', id: 'C-0016' },
  ],
  fixable: 'fix',
  remedies: (object, field) => {
    const fix = setField(object, field.path, false, 'Set allowPrivilegeEscalation to false');
    return fix ? { fix } : {};
  },
  limitations: ['The fix breaks programs that rely on setuid binaries such as sudo; such images should not run with health data anyway.'],
});

export const noRunAsRootUser = controlRule({
  id: 'no-run-as-root-user',
  checkIds: ['runAsUser'],
  description: 'No pod or container sets runAsUser to 0.',
  remediation: 'Set runAsUser to a non-zero user id, or remove it and rely on the image user with runAsNonRoot.',
  rationale: 'User id 0 is root; see require-run-as-non-root.',
  fixable: 'suggestion',
  remedies: suggestRemoval,
});

function suggestRemovalOfListEntry(object: K8sObject, field: PssField): Remedies {
  return removeListEntry(object, field);
}

function removeListEntry(object: K8sObject, field: PssField): Remedies {
  const edits = removeFieldEdits(object.document, object.documentPath(field.path));
  if (!edits) return {};

  // A list entry is named by its value, because the dotted name of the list alone would read
  // as if the whole list went away.
  const last = field.path[field.path.length - 1];
  const description =
    typeof last === 'number'
      ? `Remove ${JSON.stringify(object.get(field.path))} from ${fieldName(object, field.path.slice(0, -1))}`
      : `Remove ${fieldName(object, field.path)}`;
  return { suggestions: [{ description, edits }] };
}

function dropAllRemedies(object: K8sObject, field: PssField): Remedies {
  const last = field.path[field.path.length - 1];
  if (field.problem === 'missing') {
    const value = typeof last === 'number' ? 'ALL' : ['ALL'];
    return { suggestions: compact([setField(object, field.path, value, 'Drop ALL capabilities')]) };
  }

  const inDrop = last === 'drop' || field.path[field.path.length - 2] === 'drop';
  if (!inDrop) return removeListEntry(object, field);

  // containerd and CRI-O compare capability names without regard to case, so writing "all" as
  // "ALL" keeps behaviour. Replacing another value with ["ALL"] does not.
  const current = object.get(field.path);
  const spellsAll = typeof current === 'string' && current.toUpperCase() === 'ALL';
  if (typeof last === 'number') {
    const fix = spellsAll ? setField(object, field.path, 'ALL', 'Write the capability as "ALL"') : undefined;
    return fix ? { fix } : {};
  }
  if (spellsAll) {
    const fix = setField(object, field.path, ['ALL'], 'Write drop as the list ["ALL"]');
    return fix ? { fix } : {};
  }
  return { suggestions: compact([setField(object, field.path, ['ALL'], 'Drop ALL capabilities')]) };
}

function seccompRemedies(object: K8sObject, field: PssField): Remedies {
  const path = field.path[field.path.length - 1] === 'type' ? field.path : [...field.path, 'type'];
  // A profile written without a type gets its type where it is. Only a container that sets no
  // profile at all is covered by the pod-level one.
  const setsProfile = object.get(path.slice(0, -1)) !== undefined;
  if (field.problem === 'missing' && !setsProfile) {
    // One pod-level profile covers every container that sets none, so all findings of a pod
    // share one edit; the containers that set a profile of their own keep it.
    const spec = object.podTemplate?.spec ?? ['spec'];
    const podPath = [...spec, 'securityContext', 'seccompProfile', 'type'];
    if (object.get(podPath) === undefined) {
      const fix = setField(object, podPath, 'RuntimeDefault', 'Use the RuntimeDefault seccomp profile');
      return fix ? { fix } : {};
    }
    // The pod sets a profile that is not allowed, such as Unconfined. Overriding that choice in
    // the container changes behaviour, so it is only suggested.
  }
  return { suggestions: compact([setField(object, path, 'RuntimeDefault', 'Use the RuntimeDefault seccomp profile')]) };
}

export const PSS_CONTROL_RULES: readonly Rule[] = [
  noHostNamespaces,
  noPrivilegedContainers,
  noAddedCapabilities,
  requireDropAllCapabilities,
  noHostPathVolumes,
  noHostPorts,
  noUnconfinedApparmor,
  noCustomSelinuxOptions,
  noUnmaskedProcMount,
  noUnconfinedSeccomp,
  requireSeccompProfile,
  noUnsafeSysctls,
  noWindowsHostProcess,
  noHostProbes,
  noDisallowedVolumeTypes,
  requireRunAsNonRoot,
  noPrivilegeEscalation,
  noRunAsRootUser,
];
