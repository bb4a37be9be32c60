import type { SourceDocument } from '@kubeharden/core';
import jsyaml from 'js-yaml';

import { readCustomResourceDefinition, type CustomResourceSchemas } from './crd.js';

/** Group and kind of a CRD document read from its text without parsing it. */
export interface CrdHeader {
  readonly group?: string;
  readonly kind?: string;
}

const headers = new WeakMap<SourceDocument, CrdHeader>();
const loaded = new WeakMap<SourceDocument, CustomResourceSchemas | null>();

const NAMES_LINE = /^([ \t]+)names:[ \t]*(?:#.*)?\r?$/gm;
const SCALAR_VALUE = `[ \\t]*["']?([A-Za-z0-9.-]+)["']?[ \\t]*(?:#.*)?\\r?$`;

/**
 * Reads `spec.group` and `spec.names.kind` of a block-style CRD from its lines, so that only the
 * CRDs of kinds being validated are loaded. The result is a hint: `loadCustomResourceDefinition`
 * checks it, and a header that cannot be read has neither field.
 */
export function crdHeader(document: SourceDocument): CrdHeader {
  const cached = headers.get(document);
  if (cached) return cached;

  const body = document.file.text.slice(document.span.start, document.span.end);
  let header: CrdHeader = {};
  for (const names of body.matchAll(NAMES_LINE)) {
    const indent = names[1]!;
    const block = body
      .slice(names.index + names[0].length)
      .match(new RegExp(`^(?:\\r?\\n${indent}[ \\t]+.*)+`))?.[0];
    const kind = block?.match(new RegExp(`^[ \\t]+kind:${SCALAR_VALUE}`, 'm'))?.[1];
    if (!kind) continue;
    const group = body.match(new RegExp(`^${indent}group:${SCALAR_VALUE}`, 'm'))?.[1];
    header = { kind, ...(group ? { group } : {}) };
    break;
  }
  headers.set(document, header);
  return header;
}

/**
 * Loads a CRD document that the engine did not parse. CRDs make up most of the bytes of real
 * manifest collections, and the `yaml` package builds a syntax tree with source ranges that
 * validation of custom resources does not need, so js-yaml reads the value instead, about ten
 * times faster. A CRD's schema contains no YAML 1.1-only scalars in practice, so the difference
 * in scalar rules between js-yaml (YAML 1.2) and kubectl (YAML 1.1) does not matter here.
 * Returns `undefined` for a document that is not valid YAML or not a CRD; the engine reports
 * syntax errors of documents it parses.
 */
export function loadCustomResourceDefinition(
  document: SourceDocument,
): CustomResourceSchemas | undefined {
  if (!loaded.has(document)) {
    let crd: CustomResourceSchemas | undefined;
    try {
      const body = document.file.text.slice(document.span.start, document.span.end);
      crd = readCustomResourceDefinition(
        jsyaml.load(body, { schema: jsyaml.CORE_SCHEMA, json: true }),
      );
    } catch {
      crd = undefined;
    }
    loaded.set(document, crd ?? null);
  }
  return loaded.get(document) ?? undefined;
}
