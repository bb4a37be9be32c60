import type { PssCheck } from '../check.js';
import {
  compareCodePoints,
  containerLabel,
  containersPhrase,
  goQuote,
  joinQuote,
  pluralize,
  sortedSet,
} from '../format.js';
import { annotationField, containerField, podField } from '../pod.js';
import type { PodView } from '../pod.js';
import type { PssField } from '../types.js';
import { asObject, isSet, textOf } from '../values.js';
import type { PlainObject } from '../values.js';

/** Prefix of the deprecated per-container AppArmor annotation, still checked at every version. */
const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

const ALLOWED_TYPES: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);

function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

/** Returns the bad `appArmorProfile.type` of a security context, or `undefined` when it is fine. */
function badProfileType(securityContext: PlainObject | undefined): { type: unknown } | undefined {
  const profile = asObject(securityContext?.appArmorProfile);
  if (profile === undefined || ALLOWED_TYPES.has(textOf(profile.type))) return undefined;
  return { type: profile.type };
}

function typeFix(
  subject: string,
  type: unknown,
): { problem: 'missing' | 'forbidden-value'; message: string } {
  if (!isSet(type)) {
    return {
      problem: 'missing',
      message: `${subject} sets securityContext.appArmorProfile without a type; set type to "RuntimeDefault" or "Localhost".`,
    };
  }
  return {
    problem: 'forbidden-value',
    message: `${subject} sets securityContext.appArmorProfile.type to ${JSON.stringify(textOf(type))}; set it to "RuntimeDefault" or "Localhost".`,
  };
}

// The field form and the annotation form share one check id. Upstream reads both in the check's
// only version (v1.0), so the field is checked at every policy version.
function appArmorProfileV1Dot0(pod: PodView) {
  const setters: string[] = [];
  const badTypes: string[] = [];
  const fields: PssField[] = [];

  const podBad = badProfileType(pod.securityContext);
  if (podBad !== undefined) {
    setters.push('pod');
    badTypes.push(textOf(podBad.type));
    const fix = typeFix('The pod', podBad.type);
    fields.push(
      podField(pod, ['securityContext', 'appArmorProfile', 'type'], fix.problem, fix.message),
    );
  }

  const badContainers: string[] = [];
  for (const container of pod.containers) {
    const bad = badProfileType(container.securityContext);
    if (bad === undefined) continue;
    badContainers.push(container.ref.name);
    badTypes.push(textOf(bad.type));
    const fix = typeFix(containerLabel(container.ref), bad.type);
    fields.push(
      containerField(
        container,
        ['securityContext', 'appArmorProfile', 'type'],
        fix.problem,
        fix.message,
      ),
    );
  }
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));

  const annotations: string[] = [];
  for (const [key, value] of pod.annotations) {
    if (!key.startsWith(ANNOTATION_PREFIX) || allowedAnnotationValue(value)) continue;
    annotations.push(`${key}=${goQuote(value)}`);
    fields.push(
      annotationField(
        pod,
        key,
        `Annotation ${JSON.stringify(key)} is set to ${JSON.stringify(value)}; set it to "runtime/default" or "localhost/<profile>", or remove it.`,
      ),
    );
  }
  if (annotations.length > 0)
    setters.push(pluralize('annotation', 'annotations', annotations.length));
  if (setters.length === 0) return undefined;

  const badValues = [...sortedSet(badTypes), ...[...annotations].sort(compareCodePoints)];
  return {
    reason: pluralize(
      'forbidden AppArmor profile',
      'forbidden AppArmor profiles',
      badValues.length,
    ),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(badValues)}`,
    fields,
  };
}

export const appArmorProfile: PssCheck = {
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [{ minMinor: 0, evaluate: appArmorProfileV1Dot0 }],
};
