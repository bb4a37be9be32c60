import { holdsHealthData, type K8sObject, type RuleContext } from '@kubeharden/core';

import { recordOf, stringOf } from './values.js';

/**
 * True when an object is in the health-data scope of the settings, judged by its namespace, its
 * labels, the labels of its pod template (`extraLabels`) and the labels of its Namespace object.
 */
export function isHealthData(
  context: RuleContext,
  object: K8sObject,
  extraLabels: Readonly<Record<string, string>> = {},
  namespace: string | undefined = object.namespace,
): boolean {
  const namespaceLabels =
    namespace === undefined ? {} : (context.objects.namespace(namespace)?.labels ?? {});
  return holdsHealthData(
    context.settings.healthData,
    namespace,
    { ...extraLabels, ...object.labels },
    namespaceLabels,
  );
}

/** Labels of the pods a workload creates, read from its pod template. */
export function podTemplateLabels(object: K8sObject): Record<string, string> {
  const template = object.podTemplate;
  if (!template) return {};
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(
    recordOf(object.get([...template.metadata, 'labels'])),
  )) {
    const text = stringOf(value);
    if (text !== undefined) labels[key] = text;
  }
  return labels;
}

/**
 * Namespaces that hold health data according to the settings and the manifests: the configured
 * list when it is not empty, otherwise the namespaces of the given objects, minus those the label
 * scope leaves out.
 */
export function healthDataNamespaces(
  context: RuleContext,
  objects: readonly K8sObject[],
): string[] {
  const scope = context.settings.healthData;
  const found = new Set<string>(scope.namespaces);
  for (const object of objects) {
    if (object.kind === 'Namespace' && object.apiVersion === 'v1' && object.name !== undefined) {
      if (isHealthData(context, object, {}, object.name)) found.add(object.name);
      continue;
    }
    if (
      object.namespace !== undefined &&
      isHealthData(context, object, podTemplateLabels(object))
    ) {
      found.add(object.namespace);
    }
  }
  return [...found].sort();
}
