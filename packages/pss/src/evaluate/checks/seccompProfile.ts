import type { CheckFailure, PssCheck } from '../check.js';
import {
  containerLabel,
  containersPhrase,
  goQuote,
  joinQuote,
  pluralize,
  sortedSet,
} from '../format.js';
import { annotationField, containerField, podField } from '../pod.js';
import type { ContainerView, PodView } from '../pod.js';
import type { PssField, PssFieldProblem } from '../types.js';
import { asObject, isSet, textOf } from '../values.js';
import type { PlainObject } from '../values.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

const ALLOWED_TYPES: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);
const TYPE_PATH = ['securityContext', 'seccompProfile', 'type'];

function allowedAnnotationValue(value: string): boolean {
  return (
    value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/')
  );
}

// Before v1.19 upstream reads only the alpha annotations, for the pod and for each container.
function seccompProfileBaselineV1Dot0(pod: PodView): CheckFailure | undefined {
  const annotations = new Map(pod.annotations);
  const keys = [
    POD_ANNOTATION,
    ...pod.containers.map((c) => CONTAINER_ANNOTATION_PREFIX + c.ref.name),
  ];
  const forbidden = new Map<string, string>();
  for (const key of keys) {
    const value = annotations.get(key);
    if (value === undefined || allowedAnnotationValue(value)) continue;
    forbidden.set(key, value);
  }
  if (forbidden.size === 0) return undefined;

  const entries = sortedSet([...forbidden].map(([key, value]) => `${key}=${goQuote(value)}`));
  return {
    reason: 'seccompProfile',
    detail: `forbidden ${pluralize('annotation', 'annotations', entries.length)} ${entries.join(', ')}`,
    fields: [...forbidden].map(([key, value]) =>
      annotationField(
        pod,
        key,
        `Annotation ${JSON.stringify(key)} is set to ${JSON.stringify(value)}; set it to "runtime/default" or "localhost/<profile>", or remove it.`,
      ),
    ),
  };
}

/** Reads the seccomp profile of a security context, or returns `undefined` when none is set. */
function profileOf(
  securityContext: PlainObject | undefined,
): { type: unknown; allowed: boolean } | undefined {
  const profile = asObject(securityContext?.seccompProfile);
  if (profile === undefined) return undefined;
  return { type: profile.type, allowed: ALLOWED_TYPES.has(textOf(profile.type)) };
}

function badTypeFix(subject: string, type: unknown): { problem: PssFieldProblem; message: string } {
  if (!isSet(type)) {
    return {
      problem: 'missing',
      message: `${subject} sets securityContext.seccompProfile without a type; set type to "RuntimeDefault" or "Localhost".`,
    };
  }
  return {
    problem: 'forbidden-value',
    message: `${subject} sets securityContext.seccompProfile.type to ${JSON.stringify(textOf(type))}; set it to "RuntimeDefault" or "Localhost".`,
  };
}

/** Collects the explicitly bad seccomp settings of the pod and its containers. */
function explicitFaults(pod: PodView) {
  const setters: string[] = [];
  const badTypes: string[] = [];
  const fields: PssField[] = [];

  const podProfile = profileOf(pod.securityContext);
  if (podProfile !== undefined && !podProfile.allowed) {
    setters.push('pod');
    badTypes.push(textOf(podProfile.type));
    const fix = badTypeFix('The pod', podProfile.type);
    fields.push(podField(pod, TYPE_PATH, fix.problem, fix.message));
  }

  const badContainers: string[] = [];
  const unset: ContainerView[] = [];
  for (const container of pod.containers) {
    const profile = profileOf(container.securityContext);
    if (profile === undefined) {
      unset.push(container);
      continue;
    }
    if (profile.allowed) continue;
    badContainers.push(container.ref.name);
    badTypes.push(textOf(profile.type));
    const fix = badTypeFix(containerLabel(container.ref), profile.type);
    fields.push(containerField(container, TYPE_PATH, fix.problem, fix.message));
  }
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));

  return { setters, badTypes, fields, podAllowed: podProfile?.allowed === true, unset };
}

function explicitDetail(setters: readonly string[], badTypes: readonly string[]): string {
  return `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badTypes))}`;
}

// From v1.19 upstream reads only the fields, and an unset profile passes at baseline.
function seccompProfileBaselineV1Dot19(pod: PodView): CheckFailure | undefined {
  const faults = explicitFaults(pod);
  if (faults.setters.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: explicitDetail(faults.setters, faults.badTypes),
    fields: faults.fields,
  };
}

export const seccompProfileBaseline: PssCheck = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  versions: [
    { minMinor: 0, evaluate: seccompProfileBaselineV1Dot0 },
    { minMinor: 19, evaluate: seccompProfileBaselineV1Dot19 },
  ],
};

// Restricted also requires every container to have an allowed profile, its own or the pod's.
function seccompProfileRestrictedV1Dot19(pod: PodView): CheckFailure | undefined {
  const faults = explicitFaults(pod);
  const inheritsNothing = faults.podAllowed ? [] : faults.unset;
  const fields = [
    ...faults.fields,
    ...inheritsNothing.map((container) =>
      containerField(
        container,
        TYPE_PATH,
        'missing',
        `${containerLabel(container.ref)} has no seccomp profile of its own and none allowed from the pod; set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost" on the pod or the container.`,
      ),
    ),
  ];

  // Upstream names the explicit setters first and reports unset containers only when none exist.
  if (faults.setters.length > 0) {
    return {
      reason: 'seccompProfile',
      detail: explicitDetail(faults.setters, faults.badTypes),
      fields,
    };
  }
  if (inheritsNothing.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `pod or ${containersPhrase(inheritsNothing.map((c) => c.ref.name))} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    fields,
  };
}

// From v1.25 a Windows pod is exempt, because the API rejects seccomp settings on Windows pods.
function seccompProfileRestrictedV1Dot25(pod: PodView): CheckFailure | undefined {
  if (pod.isWindows) return undefined;
  return seccompProfileRestrictedV1Dot19(pod);
}

export const seccompProfileRestricted: PssCheck = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  overrides: ['seccompProfile_baseline'],
  versions: [
    { minMinor: 19, evaluate: seccompProfileRestrictedV1Dot19 },
    { minMinor: 25, evaluate: seccompProfileRestrictedV1Dot25 },
  ],
};
