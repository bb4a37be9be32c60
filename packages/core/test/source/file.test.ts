import { describe, expect, it } from 'vitest';

import {
  LineIndex,
  SourceFile,
  type Path,
  type RangeTarget,
  type SourceDocument,
} from '../../src/index.js';
import { onlyDocument, yaml } from '../helpers.js';

const POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  '  labels: {app: web}',
  'spec:',
  '  containers:',
  '  - name: app',
  '    image: nginx',
  '  - image: sidecar',
  '    name: proxy',
);

/** Returns the text a range covers and its 1-based start and end positions. */
function located(document: SourceDocument, path: Path, target: RangeTarget = 'value') {
  const range = document.rangeOf(path, target);
  return {
    text: document.file.text.slice(range.start, range.end),
    start: [range.startLine, range.startColumn],
    end: [range.endLine, range.endColumn],
  };
}

describe('rangeOf', () => {
  const pod = onlyDocument(POD);

  it('value of a scalar field', () => {
    expect(located(pod, ['metadata', 'name'])).toEqual({
      text: 'web',
      start: [4, 9],
      end: [4, 12],
    });
  });

  it('key of a field', () => {
    expect(located(pod, ['metadata', 'name'], 'key')).toEqual({
      text: 'name',
      start: [4, 3],
      end: [4, 7],
    });
  });

  it('value of a collection points at its key', () => {
    expect(located(pod, ['metadata', 'labels']).text).toBe('labels');
  });

  it('value inside a flow mapping', () => {
    expect(located(pod, ['metadata', 'labels', 'app'])).toEqual({
      text: 'web',
      start: [5, 17],
      end: [5, 20],
    });
  });

  it('missing field points at the nearest parent key', () => {
    expect(located(pod, ['metadata', 'labels', 'tier']).text).toBe('labels');
    expect(located(pod, ['spec', 'securityContext', 'runAsNonRoot']).text).toBe('spec');
    expect(located(pod, ['spec', 'securityContext'], 'key').text).toBe('spec');
  });

  it('sequence item points at its name', () => {
    expect(located(pod, ['spec', 'containers', 0])).toEqual({
      text: 'app',
      start: [8, 11],
      end: [8, 14],
    });
    expect(located(pod, ['spec', 'containers', 1]).text).toBe('proxy');
  });

  it('missing field of a sequence item points at its name', () => {
    const range = located(pod, ['spec', 'containers', 1, 'securityContext', 'privileged']);

    expect(range).toEqual({ text: 'proxy', start: [11, 11], end: [11, 16] });
  });

  it('missing sequence item points at the sequence key', () => {
    expect(located(pod, ['spec', 'containers', 7]).text).toBe('containers');
  });

  it('document root points at the kind', () => {
    expect(located(pod, []).text).toBe('Pod');
    expect(located(pod, ['status']).text).toBe('Pod');
  });

  it('item without a name points at its first key', () => {
    const document = onlyDocument(yaml('ports:', '- port: 80', '  protocol: TCP'));

    expect(located(document, ['ports', 0]).text).toBe('80');
  });

  it('merged key points at its anchored definition', () => {
    const text = yaml(
      'defaults: &defaults',
      '  runAsUser: 1000',
      'spec:',
      '  securityContext:',
      '    <<: *defaults',
      '    fsGroup: 2000',
    );
    const document = onlyDocument(text);

    expect(located(document, ['spec', 'securityContext', 'runAsUser'])).toEqual({
      text: '1000',
      start: [2, 14],
      end: [2, 18],
    });
    expect(located(document, ['spec', 'securityContext', 'runAsUser'], 'key').text).toBe(
      'runAsUser',
    );
    expect(located(document, ['spec', 'securityContext', 'fsGroup']).text).toBe('2000');
    expect(located(document, ['spec', 'securityContext', 'runAsGroup']).text).toBe(
      'securityContext',
    );
  });

  it('alias value followed to its anchor', () => {
    const document = onlyDocument(
      yaml('base: &base {runAsUser: 0}', 'spec:', '  securityContext: *base'),
    );

    expect(located(document, ['spec', 'securityContext', 'runAsUser']).text).toBe('0');
  });

  it('columns count UTF-16 code units', () => {
    const document = onlyDocument(yaml('a: "é😀"', 'b: x'));

    expect(located(document, ['a'])).toEqual({ text: '"é😀"', start: [1, 4], end: [1, 9] });
    expect(located(document, ['b'])).toEqual({ text: 'x', start: [2, 4], end: [2, 5] });
  });

  it('byte order mark takes no column', () => {
    const document = onlyDocument('\uFEFFkind: Service\nmetadata: {name: app}\n');

    expect(located(document, ['kind'])).toEqual({ text: 'Service', start: [1, 7], end: [1, 14] });
    expect(located(document, ['metadata', 'name']).start).toEqual([2, 18]);
  });

  it('CRLF file positions', () => {
    const document = onlyDocument(
      'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: web\r\nspec: {}\r\n',
    );

    expect(located(document, ['metadata', 'name'])).toEqual({
      text: 'web',
      start: [4, 9],
      end: [4, 12],
    });
    expect(located(document, ['spec', 'containers'])).toEqual({
      text: 'spec',
      start: [5, 1],
      end: [5, 5],
    });
  });

  it('later document offsets are file offsets', () => {
    const file = new SourceFile(
      'two.yaml',
      yaml('kind: A', '---', 'kind: B', 'metadata:', '  name: second'),
    );
    const second = file.documents[1]!;

    expect(located(second, ['metadata', 'name'])).toEqual({
      text: 'second',
      start: [5, 9],
      end: [5, 15],
    });
  });

  it('block scalar value spans its lines', () => {
    const document = onlyDocument(
      yaml('data:', '  script: |', '    echo one', '    echo two', 'other: 1'),
    );
    const range = located(document, ['data', 'script']);

    expect(range.start).toEqual([2, 11]);
    expect(range.text.startsWith('|\n    echo one')).toBe(true);
  });

  it('empty value points at its key', () => {
    const document = onlyDocument(yaml('spec:', '  securityContext:', '  hostNetwork: true'));

    expect(located(document, ['spec', 'securityContext']).text).toBe('securityContext');
  });

  it('document with a syntax error still located', () => {
    const document = onlyDocument(yaml('kind: Pod', 'metadata: {name: [broken'));

    expect(located(document, ['metadata', 'name'], 'key').text).toBe('name');
  });

  it('document over the depth limit points at its first line', () => {
    const document = onlyDocument(yaml('kind: Pod', `data: ${'['.repeat(200)}`));

    expect(located(document, ['data'])).toEqual({ text: 'kind: Pod', start: [1, 1], end: [1, 10] });
  });
});

describe('SourceDocument', () => {
  it('has for existing and missing paths', () => {
    const document = onlyDocument(POD);

    expect(document.has(['spec', 'containers', 1, 'name'])).toBe(true);
    expect(document.has(['spec', 'containers', 2])).toBe(false);
    expect(document.has(['metadata', 'namespace'])).toBe(false);
  });

  it('parsed only on first use', () => {
    const document = onlyDocument(POD);

    expect(document.isParsed).toBe(false);
    expect(document.sniff.kind).toBe('Pod');
    expect(document.isParsed).toBe(false);
    document.parse();
    expect(document.isParsed).toBe(true);
  });

  it('cache shared between file versions', () => {
    const cache = new Map();
    const first = new SourceFile('a.yaml', yaml('kind: A', '---', 'kind: B'), { cache });
    const second = new SourceFile('a.yaml', yaml('kind: Z', '---', 'kind: B'), { cache });

    expect(first.documents[1]!.parse().tree).toBe(second.documents[1]!.parse().tree);
    expect(first.documents[0]!.parse().tree).not.toBe(second.documents[0]!.parse().tree);
  });

  it('cached problems shifted to the new position', () => {
    const cache = new Map();
    const broken = yaml('a: [1');
    const first = new SourceFile('a.yaml', broken, { cache });
    const second = new SourceFile('a.yaml', yaml('b: 2', '---') + broken, { cache });
    const before = first.documents[0]!.parse().problems[0]!;
    const after = second.documents[1]!.parse().problems[0]!;

    expect(after.start - before.start).toBe(second.documents[1]!.span.start);
  });
});

describe('SourceFile', () => {
  it('line break of LF and CRLF files', () => {
    expect(new SourceFile('a.yaml', 'a: 1\nb: 2\n').lineBreak).toBe('\n');
    expect(new SourceFile('a.yaml', 'a: 1\r\nb: 2\r\n').lineBreak).toBe('\r\n');
  });

  it('range of offsets', () => {
    const file = new SourceFile('a.yaml', 'ab\ncd\n');

    expect(file.range(3, 5)).toEqual({
      start: 3,
      end: 5,
      startLine: 2,
      startColumn: 1,
      endLine: 2,
      endColumn: 3,
    });
  });
});

describe('LineIndex', () => {
  it('positions and offsets', () => {
    const lines = new LineIndex('ab\n\ncd');

    expect(lines.lineCount).toBe(3);
    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.position(3)).toEqual({ line: 2, column: 1 });
    expect(lines.position(6)).toEqual({ line: 3, column: 3 });
    expect(lines.offset(3, 2)).toBe(5);
  });

  it('byte order mark before line 1', () => {
    const lines = new LineIndex('\uFEFFab\ncd');

    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.position(1)).toEqual({ line: 1, column: 1 });
    expect(lines.position(2)).toEqual({ line: 1, column: 2 });
    expect(lines.position(5)).toEqual({ line: 2, column: 2 });
    expect(lines.offset(1, 1)).toBe(1);
    expect(lines.offset(2, 1)).toBe(4);
  });
});
