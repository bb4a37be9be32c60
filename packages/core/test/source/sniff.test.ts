import { describe, expect, it } from 'vitest';

import { SourceFile } from '../../src/index.js';
import { onlyDocument, yaml } from '../helpers.js';

/** Returns the text from the template marker of a one-document text to the end of its line. */
function markerLine(text: string): string | undefined {
  const marker = onlyDocument(text).sniff.templateMarker;
  return marker === undefined ? undefined : text.slice(marker).split('\n')[0];
}

describe('document sniffing', () => {
  it('kind and apiVersion from top-level lines', () => {
    const sniff = onlyDocument(
      yaml('metadata:', '  kind: Nested', 'apiVersion: apps/v1', 'kind: Deployment # the kind'),
    ).sniff;

    expect(sniff.kind).toBe('Deployment');
    expect(sniff.apiVersion).toBe('apps/v1');
  });

  it('quoted kind and CRLF lines', () => {
    expect(onlyDocument('kind: "Pod"\r\n').sniff.kind).toBe('Pod');
    expect(onlyDocument("kind: 'Pod'\r\n").sniff.kind).toBe('Pod');
  });

  it('flow-style document has no sniffed kind', () => {
    expect(onlyDocument('{"kind": "Pod", "apiVersion": "v1"}\n').sniff.kind).toBeUndefined();
  });

  it('kind written with an alias or a tag left to the parser', () => {
    expect(onlyDocument(yaml('kind: !!str Pod')).sniff.kind).toBeUndefined();
    expect(onlyDocument(yaml('x: &k Pod', 'kind: *k')).sniff.kind).toBeUndefined();
  });

  it('kind of each document', () => {
    const file = new SourceFile('a.yaml', yaml('kind: Pod', '---', 'kind: Service'));

    expect(file.documents.map((document) => document.sniff.kind)).toEqual(['Pod', 'Service']);
  });
});

describe('template markers', () => {
  it('value that is a template action', () => {
    expect(markerLine(yaml('spec:', '  replicas: {{ .Values.replicas }}'))).toBe(
      '{{ .Values.replicas }}',
    );
  });

  it('line that is a template action', () => {
    expect(
      markerLine(yaml('metadata:', '  labels:', '    {{- include "labels" . | nindent 4 }}')),
    ).toBe('{{- include "labels" . | nindent 4 }}');
  });

  it('sequence item that is a template action', () => {
    expect(markerLine(yaml('args:', '  - {{ .Values.arg }}'))).toBe('{{ .Values.arg }}');
  });

  it('marker offset is a file offset', () => {
    const text = yaml('kind: A', '---', 'kind: B', 'x: {{ .y }}');
    const second = new SourceFile('a.yaml', text).documents[1]!;

    expect(second.sniff.templateMarker).toBe(text.indexOf('{{'));
  });

  it('braces in quoted strings are content', () => {
    expect(markerLine(yaml('image: "{{ .Values.image }}"', "text: '{{ x }}'"))).toBeUndefined();
  });

  it('braces in a block scalar are content', () => {
    const text = yaml('data:', '  alert: |', '    {{ $labels.instance }} is down', '  other: 1');

    expect(markerLine(text)).toBeUndefined();
  });

  it('braces inside a plain string are content', () => {
    expect(markerLine(yaml('summary: Instance {{ $labels.instance }} down'))).toBeUndefined();
  });

  it('braces in a comment are content', () => {
    expect(markerLine(yaml('# {{ .Values.x }}', 'a: 1 # {{ y }}'))).toBeUndefined();
  });

  it('multi-line quoted string is content', () => {
    expect(markerLine(yaml('a: "first', '  {{ second }}"', 'b: 1'))).toBeUndefined();
  });

  it('marker after a block scalar ends', () => {
    const text = yaml('a: |', '  {{ inside }}', 'b: {{ outside }}');

    expect(markerLine(text)).toBe('{{ outside }}');
  });
});
