import { formatPath } from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import { createSchemaRules } from '../../src/index.js';
import { checkFiles, registryOf, yaml } from '../helpers.js';

const WIDGET_CRD = yaml`
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata:
    name: widgets.example.com
  spec:
    group: example.com
    names:
      kind: Widget
      plural: widgets
    scope: Namespaced
    versions:
      - name: v1
        served: true
        storage: true
        schema:
          openAPIV3Schema:
            type: object
            properties:
              spec:
                type: object
                properties:
                  size:
                    type: integer
`;

/** Returns the Widget CRD with extra string fields in its spec. */
function widgetCrd(extraFields: readonly string[] = []): string {
  const extra = extraFields
    .map((field) => `                ${field}:\n                  type: string\n`)
    .join('');
  return `${WIDGET_CRD}${extra}`;
}

function widget(field = 'size: 3'): string {
  return yaml`
    apiVersion: example.com/v1
    kind: Widget
    metadata:
      name: small
    spec:
      ${field}
  `;
}

const NAMESPACE = yaml`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: widgets
`;

const WIDGET_KINDS = registryOf(createSchemaRules({ kinds: ['Widget', 'Namespace'] }));
const ALL_KINDS = registryOf(createSchemaRules({ kinds: 'all' }));

/** Lists `ruleId path` of each schema finding of one file. */
function schemaFindings(
  files: readonly (readonly [string, string])[],
  file: string,
  registry = WIDGET_KINDS,
): string[] {
  return checkFiles(files, registry)
    .filter(
      (finding) =>
        finding.file === file && !['valid-yaml', 'no-duplicate-keys'].includes(finding.ruleId),
    )
    .map((finding) => `${finding.ruleId} ${formatPath(finding.path)}`);
}

describe('custom resource schemas', () => {
  it('CRD in the same file', () => {
    const files = [['widget.yaml', `${widgetCrd()}---\n${widget('colour: red')}`]] as const;

    expect(schemaFindings(files, 'widget.yaml')).toEqual(['no-unknown-fields spec.colour']);
  });

  it('CRD in a file with another validated object', () => {
    const files = [
      ['crds.yaml', `${NAMESPACE}---\n${widgetCrd()}`],
      ['widget.yaml', widget('colour: red')],
    ] as const;

    expect(schemaFindings(files, 'widget.yaml')).toEqual(['no-unknown-fields spec.colour']);
  });

  it('CRD alone in its file with the default kinds', () => {
    const files = [
      ['crds.yaml', widgetCrd()],
      ['widget.yaml', widget('colour: red')],
    ] as const;

    expect(schemaFindings(files, 'widget.yaml')).toEqual(['require-kind-schema kind']);
  });

  it('CRD alone in its file with every kind', () => {
    const files = [
      ['crds.yaml', widgetCrd()],
      ['widget.yaml', widget('colour: red')],
    ] as const;

    expect(schemaFindings(files, 'widget.yaml', ALL_KINDS)).toEqual([
      'no-unknown-fields spec.colour',
    ]);
  });

  it('largest of several releases', () => {
    const files = [
      ['old.yaml', `${NAMESPACE}---\n${widgetCrd()}`],
      ['new.yaml', `${NAMESPACE}---\n${widgetCrd(['colour'])}`],
      ['widget.yaml', widget('colour: red')],
    ] as const;

    expect(schemaFindings(files, 'widget.yaml')).toEqual([]);
  });

  it('smaller release not consulted', () => {
    const files = [
      ['new.yaml', `${NAMESPACE}---\n${widgetCrd(['shape', 'weight'])}`],
      ['old.yaml', `${NAMESPACE}---\n${widgetCrd(['colour'])}`],
      ['widget.yaml', widget('colour: red')],
    ] as const;

    expect(schemaFindings(files, 'widget.yaml')).toEqual(['no-unknown-fields spec.colour']);
  });

  it('same-file CRD before better matches elsewhere', () => {
    const files = [
      ['new.yaml', `${NAMESPACE}---\n${widgetCrd(['colour'])}`],
      ['widget.yaml', `${widgetCrd()}---\n${widget('colour: red')}`],
    ] as const;

    expect(schemaFindings(files, 'widget.yaml')).toEqual(['no-unknown-fields spec.colour']);
  });

  it('CRD inside a List', () => {
    const crd = widgetCrd()
      .split('\n')
      .map((line, index) => (line === '' ? line : `${index === 0 ? '  - ' : '    '}${line}`))
      .join('\n');
    const files = [
      ['widget.yaml', `apiVersion: v1\nkind: List\nitems:\n${crd}---\n${widget('colour: red')}`],
    ] as const;

    expect(schemaFindings(files, 'widget.yaml')).toEqual(['no-unknown-fields spec.colour']);
  });

  it('CRD names in flow style', () => {
    const crd = widgetCrd().replace(
      'names:\n    kind: Widget\n    plural: widgets',
      'names: {kind: Widget, plural: widgets}',
    );
    const files = [['widget.yaml', `${crd}---\n${widget('colour: red')}`]] as const;

    expect(schemaFindings(files, 'widget.yaml')).toEqual(['no-unknown-fields spec.colour']);
  });

  it('CRD cannot replace a built-in kind', () => {
    const crd = widgetCrd()
      .replace('group: example.com', 'group: apps')
      .replace(/Widget/g, 'Deployment');
    const deployment = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        size: 3
    `;
    const files = [['web.yaml', `${crd}---\n${deployment}`]] as const;
    const registry = registryOf(createSchemaRules({ kinds: ['Deployment'] }));

    expect(schemaFindings(files, 'web.yaml', registry)).toEqual([
      'require-required-fields spec',
      'require-required-fields spec',
      'no-unknown-fields spec.size',
    ]);
  });

  it('user CRD of a bundled custom resource group', () => {
    const crd = widgetCrd(['futureField'])
      .replace('group: example.com', 'group: cert-manager.io')
      .replace('widgets.example.com', 'certificates.cert-manager.io')
      .replace(/Widget/g, 'Certificate');
    const certificate = yaml`
      apiVersion: cert-manager.io/v1
      kind: Certificate
      metadata:
        name: web
      spec:
        futureField: enabled
    `;
    const registry = registryOf(createSchemaRules({ kinds: ['Certificate'] }));

    expect(schemaFindings([['cert.yaml', certificate]], 'cert.yaml', registry)).toEqual([
      'require-required-fields spec',
      'require-required-fields spec',
      'no-unknown-fields spec.futureField',
    ]);
    expect(
      schemaFindings([['cert.yaml', `${crd}---\n${certificate}`]], 'cert.yaml', registry),
    ).toEqual([]);
  });
});
