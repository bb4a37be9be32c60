import { describe, expect, it } from 'vitest';

import { readCustomResourceDefinition } from '../../src/index.js';

/** Builds a CRD value of group example.com and kind Widget with the schema of version v1. */
function crd(schema: unknown, extra: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets' },
      versions: [{ name: 'v1', schema: { openAPIV3Schema: schema } }],
      ...extra,
    },
  };
}

describe('readCustomResourceDefinition', () => {
  it('group, kind and versions', () => {
    const schemas = readCustomResourceDefinition(crd({ type: 'object' }));

    expect(schemas?.group).toBe('example.com');
    expect(schemas?.kind).toBe('Widget');
    expect(schemas?.versions).toEqual(['v1']);
    expect(schemas?.schemaFor('v2')).toBeUndefined();
  });

  it('not a CRD', () => {
    expect(readCustomResourceDefinition({ kind: 'ConfigMap' })).toBeUndefined();
    expect(
      readCustomResourceDefinition({
        kind: 'CustomResourceDefinition',
        spec: { group: 'example.com' },
      }),
    ).toBeUndefined();
  });

  it('root fields the API server always checks', () => {
    const node = readCustomResourceDefinition(
      crd({ type: 'object', properties: { metadata: { type: 'object' } } }),
    )?.schemaFor('v1');

    expect(node).toEqual({
      properties: { apiVersion: 'string', kind: 'string', metadata: { ref: 'meta/v1/ObjectMeta' } },
    });
  });

  it('scalars, enums, lists, maps and required fields', () => {
    const node = readCustomResourceDefinition(
      crd({
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            required: ['size'],
            properties: {
              size: { type: 'integer' },
              mode: { type: 'string', enum: ['fast', 'safe'] },
              port: {
                'x-kubernetes-int-or-string': true,
                anyOf: [{ type: 'integer' }, { type: 'string' }],
              },
              tags: { type: 'array', items: { type: 'string' } },
              settings: { type: 'object', additionalProperties: { type: 'string' } },
              anything: { type: 'object', additionalProperties: true },
            },
          },
        },
      }),
    )?.schemaFor('v1');

    expect(node).toMatchObject({
      properties: {
        spec: {
          required: ['size'],
          properties: {
            size: 'integer',
            mode: { enum: ['fast', 'safe'], type: 'string' },
            port: 'int-or-string',
            tags: { array: 'string' },
            settings: { properties: {}, map: 'string' },
            anything: { properties: {}, map: 'any' },
          },
        },
      },
    });
  });

  it('preserved unknown fields and embedded resources', () => {
    const node = readCustomResourceDefinition(
      crd({
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              raw: { 'x-kubernetes-preserve-unknown-fields': true },
              open: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
                properties: { name: { type: 'string' } },
              },
              template: {
                type: 'object',
                'x-kubernetes-embedded-resource': true,
                properties: { spec: { type: 'object' } },
              },
            },
          },
        },
      }),
    )?.schemaFor('v1');

    expect(node).toMatchObject({
      properties: {
        spec: {
          properties: {
            raw: 'any',
            open: { properties: { name: 'string' }, map: 'any' },
            template: {
              properties: {
                spec: { properties: {} },
                apiVersion: 'string',
                kind: 'string',
                metadata: { ref: 'meta/v1/ObjectMeta' },
              },
            },
          },
        },
      },
    });
  });

  it('v1beta1 schema shared by all versions', () => {
    const schemas = readCustomResourceDefinition({
      kind: 'CustomResourceDefinition',
      spec: {
        group: 'example.com',
        names: { kind: 'Widget' },
        version: 'v1beta1',
        validation: {
          openAPIV3Schema: { type: 'object', properties: { spec: { type: 'string' } } },
        },
      },
    });

    expect(schemas?.schemaFor('v1beta1')).toMatchObject({ properties: { spec: 'string' } });
  });

  it('version without a schema', () => {
    const schemas = readCustomResourceDefinition(crd(undefined));

    expect(schemas?.versions).toEqual(['v1']);
    expect(schemas?.schemaFor('v1')).toBeUndefined();
  });
});
