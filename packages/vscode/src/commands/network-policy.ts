import { parseLabels, type K8sObject } from '@kubeharden/core';
import * as vscode from 'vscode';

import {
  activeYamlEditor,
  objectAtCursor,
  objectsOf,
  sourceOf,
  withObjects,
} from '../documents.js';
import {
  DEFAULT_DATABASE_PORT,
  findTemplate,
  parsePorts,
  POLICY_TEMPLATES,
  type PolicyTemplate,
  type TemplateField,
  type TemplateInput,
} from '../policy-templates.js';
import { replaceDocumentText } from './edit.js';

/** Arguments that skip the prompts, for keybindings and tests; selectors as `key=value,…`. */
export interface InsertNetworkPolicyArgs {
  readonly template?: string;
  readonly namespace?: string;
  readonly gatewayNamespace?: string;
  readonly appSelector?: string;
  readonly dbSelector?: string;
  readonly ports?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * "Insert NetworkPolicy…": picks a template, prompts for the namespace and the selectors the
 * template needs, and appends the generated policies to the active YAML file.
 */
export async function insertNetworkPolicy(args: InsertNetworkPolicyArgs = {}): Promise<boolean> {
  const editor = activeYamlEditor();
  if (!editor) return false;

  const template = args.template ? findTemplate(args.template) : await pickTemplate();
  if (!template) {
    if (args.template)
      void vscode.window.showErrorMessage(
        `kubeharden: unknown NetworkPolicy template "${args.template}"; use one of ${POLICY_TEMPLATES.map((entry) => entry.id).join(', ')}.`,
      );
    return false;
  }
  const objects = objectsOf(editor.document);
  const namespace =
    args.namespace ??
    (await askNamespace('Namespace of the policies', defaultNamespace(editor, objects)));
  if (namespace === undefined) return false;

  const input: Record<string, unknown> = { namespace };
  for (const field of template.fields) {
    const value = await answer(template, field, args, namespace, objects);
    if (value === undefined) return false;
    input[field] = value;
  }

  let policies: readonly object[];
  try {
    policies = template.generate(input as unknown as TemplateInput);
  } catch (error) {
    void vscode.window.showErrorMessage(`kubeharden: ${(error as Error).message}`);
    return false;
  }
  const file = sourceOf(editor.document);
  return replaceDocumentText(editor, file.text, withObjects(file, policies), 'end');
}

async function pickTemplate(): Promise<PolicyTemplate | undefined> {
  const picked = await vscode.window.showQuickPick(
    POLICY_TEMPLATES.map((template) => ({
      label: template.label,
      detail: template.detail,
      template,
    })),
    { title: 'Insert NetworkPolicy', placeHolder: 'Pick a template' },
  );
  return picked?.template;
}

export async function askNamespace(title: string, value: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title,
    value,
    prompt: 'A namespace name: lower-case letters, digits and "-".',
    validateInput: (text) =>
      DNS_LABEL.test(text) && text.length <= 63
        ? undefined
        : `"${text}" is not a valid namespace name.`,
  });
}

/** Reads one template field from the arguments or a prompt, converted to the template's type. */
async function answer(
  template: PolicyTemplate,
  field: TemplateField,
  args: InsertNetworkPolicyArgs,
  namespace: string,
  objects: readonly K8sObject[],
): Promise<unknown> {
  switch (field) {
    case 'gatewayNamespace': {
      const others = objects
        .map((object) => object.namespace)
        .filter((name) => name && name !== namespace);
      return (
        args.gatewayNamespace ??
        askNamespace('Namespace of the gateway pods', others[0] ?? 'gateway')
      );
    }
    case 'appSelector':
    case 'dbSelector': {
      const text =
        (field === 'appSelector' ? args.appSelector : args.dbSelector) ??
        (await askSelector(field, suggestedSelector(field, namespace, objects)));
      return text === undefined ? undefined : parseLabels(text, field);
    }
    case 'ports': {
      const suggested =
        template.id === 'apps-to-db'
          ? String(DEFAULT_DATABASE_PORT)
          : suggestedPorts(namespace, objects);
      const text = args.ports ?? (await askPorts(suggested));
      return text === undefined ? undefined : parsePorts(text);
    }
  }
}

async function askSelector(
  field: 'appSelector' | 'dbSelector',
  value: string,
): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title:
      field === 'appSelector' ? 'Labels of the application pods' : 'Labels of the database pods',
    value,
    prompt: 'Pod labels as key=value, separated by commas.',
    validateInput: (text) => {
      try {
        parseLabels(text, field);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
}

async function askPorts(value: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Ports to allow',
    value,
    prompt: 'Port numbers or names, separated by commas.',
    validateInput: (text) => (parsePorts(text).length > 0 ? undefined : 'Give at least one port.'),
  });
}

function defaultNamespace(editor: vscode.TextEditor, objects: readonly K8sObject[]): string {
  const atCursor = objectAtCursor(editor, objects);
  const namespaced = objects.find((object) => object.namespace !== undefined);
  return (
    (atCursor?.kind === 'Namespace' ? atCursor.name : atCursor?.namespace) ??
    namespaced?.namespace ??
    'default'
  );
}

/** Labels of the first workload of the namespace, preferring a database for `dbSelector`. */
function suggestedSelector(
  field: 'appSelector' | 'dbSelector',
  namespace: string,
  objects: readonly K8sObject[],
): string {
  const workloads = objects.filter(
    (object) => object.podTemplate && object.namespace === namespace,
  );
  const isDatabase = (object: K8sObject): boolean => object.kind === 'StatefulSet';
  const preferred =
    workloads.find((object) => (field === 'dbSelector') === isDatabase(object)) ?? workloads[0];
  const labels = preferred ? podLabels(preferred) : {};
  return Object.entries(labels)
    .slice(0, 1)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

function podLabels(workload: K8sObject): Record<string, string> {
  const metadataPath = [...(workload.podTemplate?.metadata ?? []), 'labels'];
  const labels = workload.get(metadataPath);
  return labels && typeof labels === 'object' ? (labels as Record<string, string>) : {};
}

function suggestedPorts(namespace: string, objects: readonly K8sObject[]): string {
  for (const workload of objects.filter(
    (object) => object.podTemplate && object.namespace === namespace,
  )) {
    const containers = workload.get([...(workload.podTemplate?.spec ?? []), 'containers']);
    if (!Array.isArray(containers)) continue;
    for (const container of containers) {
      const port = (container as { ports?: { containerPort?: unknown }[] }).ports?.[0]
        ?.containerPort;
      if (typeof port === 'number') return String(port);
    }
  }
  return '';
}
