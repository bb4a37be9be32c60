import { describe, expect, it } from 'vitest';

import {
  appendEdits,
  applyEdits,
  getAt,
  removeFieldEdits,
  renameKeyEdits,
  setValueEdits,
  SourceFile,
  type Path,
  type SourceDocument,
  type TextEdit,
} from '../../src/index.js';
import { changedLines, yaml } from '../helpers.js';

type Build = (document: SourceDocument) => TextEdit[] | undefined;

/** Applies the edits that `build` makes for document `index` of `text`; throws when it refuses. */
function edit(text: string, build: Build, index = 0): string {
  const document = new SourceFile('test.yaml', text).documents[index]!;
  const edits = build(document);
  if (!edits) throw new Error('The edit builder returned undefined.');
  return applyEdits(text, edits);
}

/** Returns the edits that `build` makes for document `index` of `text`. */
function editsFor(text: string, build: Build, index = 0): TextEdit[] | undefined {
  return build(new SourceFile('test.yaml', text).documents[index]!);
}

/** Returns the value of document `index` of `text`, after checking that it parses without problems. */
function valueOf(text: string, index = 0): unknown {
  const document = new SourceFile('test.yaml', text).documents[index]!;
  const { problems, value } = document.parse();
  if (problems.length > 0) throw new Error(`Edited text does not parse: ${problems[0]!.message}`);
  return value;
}

const set =
  (path: Path, value: unknown): Build =>
  (document) =>
    setValueEdits(document, path, value);
const append =
  (path: Path, item: unknown): Build =>
  (document) =>
    appendEdits(document, path, item);
const remove =
  (path: Path): Build =>
  (document) =>
    removeFieldEdits(document, path);
const rename =
  (path: Path, key: string): Build =>
  (document) =>
    renameKeyEdits(document, path, key);

const POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web  # the name',
  'spec:',
  '  containers:',
  '  - name: app',
  '    image: nginx',
  '    # end of app',
  '  volumes: []',
);

const POD_FOUR_SPACES = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '    name: web',
  'spec:',
  '    containers:',
  '        - name: app',
  '          image: nginx',
);

describe('setValueEdits', () => {
  it('missing parents in a 2-space file', () => {
    const output = edit(
      POD,
      set(['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], true),
    );

    expect(changedLines(POD, output)).toEqual({
      removed: [],
      added: ['    securityContext:', '      runAsNonRoot: true'],
    });
    expect(output.indexOf('runAsNonRoot')).toBeLessThan(output.indexOf('# end of app'));
    expect(getAt(valueOf(output), ['spec', 'containers', 0, 'securityContext'])).toEqual({
      runAsNonRoot: true,
    });
  });

  it('missing parents in a 4-space file with indented sequences', () => {
    const output = edit(
      POD_FOUR_SPACES,
      set(['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], ['ALL']),
    );

    expect(changedLines(POD_FOUR_SPACES, output).added).toEqual([
      '          securityContext:',
      '              capabilities:',
      '                  drop:',
      '                      - ALL',
    ]);
    expect(
      getAt(valueOf(output), ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop']),
    ).toEqual(['ALL']);
  });

  it('new sequence follows unindented sequences', () => {
    const output = edit(
      POD,
      set(['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], ['ALL']),
    );

    expect(changedLines(POD, output).added).toEqual([
      '    securityContext:',
      '      capabilities:',
      '        drop:',
      '        - ALL',
    ]);
  });

  it('new key under the root of a 4-space file', () => {
    const text = yaml('a:', '    b: 1', 'c: 1');
    const output = edit(text, set(['d', 'e', 'f'], 1));

    expect(output).toBe(yaml('a:', '    b: 1', 'c: 1', 'd:', '    e:', '        f: 1'));
  });

  it('mapping value at the end of a mapping', () => {
    const output = edit(
      POD_FOUR_SPACES,
      set(['spec', 'securityContext'], {
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      }),
    );

    expect(changedLines(POD_FOUR_SPACES, output).added).toEqual([
      '    securityContext:',
      '        runAsNonRoot: true',
      '        seccompProfile:',
      '            type: RuntimeDefault',
    ]);
  });

  it('existing scalar replaced with its comment kept', () => {
    const output = edit(POD, set(['metadata', 'name'], 'api'));

    expect(changedLines(POD, output)).toEqual({
      removed: ['  name: web  # the name'],
      added: ['  name: api  # the name'],
    });
  });

  it('strings quoted where YAML 1.1 or Go would read another type', () => {
    const values = [
      'yes',
      'off',
      'y',
      'null',
      '0644',
      '0o644',
      '0x1F',
      '1e3',
      '<<',
      '',
      '- x',
      'a: b',
      '#x',
      'true',
    ];
    for (const value of values) {
      const output = edit(yaml('a: 1'), set(['a'], value));

      expect(valueOf(output), `${JSON.stringify(value)} in ${JSON.stringify(output)}`).toEqual({
        a: value,
      });
    }
  });

  it('multi-line string replacing a scalar', () => {
    const text = yaml('a:', '  b: 1', 'c: 2');
    const output = edit(text, set(['a', 'b'], 'line one\nline two'));

    expect(changedLines(text, output)).toEqual({
      removed: ['  b: 1'],
      added: ['  b: "line one\\nline two"'],
    });
    expect(valueOf(output)).toEqual({ a: { b: 'line one\nline two' }, c: 2 });
  });

  it('multi-line string as a new key', () => {
    const output = edit(yaml('a:', '  b: 1'), set(['a', 'c'], 'one\ntwo'));

    expect(valueOf(output)).toEqual({ a: { b: 1, c: 'one\ntwo' } });
  });

  it('empty value becomes a block', () => {
    const text = yaml('spec:', '  securityContext:', '  containers: []');
    const output = edit(text, set(['spec', 'securityContext', 'runAsNonRoot'], true));

    expect(output).toBe(
      yaml('spec:', '  securityContext:', '    runAsNonRoot: true', '  containers: []'),
    );
  });

  it('empty value with a comment keeps the comment on the key line', () => {
    const text = yaml('spec:', '  securityContext: # to do', '  containers: []');
    const output = edit(text, set(['spec', 'securityContext', 'runAsNonRoot'], true));

    expect(output).toBe(
      yaml('spec:', '  securityContext: # to do', '    runAsNonRoot: true', '  containers: []'),
    );
  });

  it('null and tilde values become blocks', () => {
    expect(edit(yaml('a: ~'), set(['a', 'b'], 1))).toBe(yaml('a:', '  b: 1'));
    expect(edit(yaml('a: null # c', 'z: 1'), set(['a', 'b'], 1))).toBe(
      yaml('a: # c', '  b: 1', 'z: 1'),
    );
  });

  it('empty value set to a scalar', () => {
    expect(edit(yaml('a:', 'b: 1'), set(['a'], true))).toBe(yaml('a: true', 'b: 1'));
    expect(edit(yaml('a: # c', 'b: 1'), set(['a'], 5))).toBe(yaml('a: 5 # c', 'b: 1'));
    expect(edit(yaml('a: ~'), set(['a'], 'x'))).toBe(yaml('a: x'));
  });

  it('empty value set to a sequence follows the sequence style', () => {
    const text = yaml('a:', '- x', 'volumes:');
    const output = edit(text, set(['volumes'], [{ name: 'tmp', emptyDir: {} }]));

    expect(output).toBe(yaml('a:', '- x', 'volumes:', '- name: tmp', '  emptyDir: {}'));
  });

  it('empty flow mapping on its own line becomes a block', () => {
    const text = yaml('spec:', '  securityContext: {}', '  containers: []');
    const output = edit(text, set(['spec', 'securityContext', 'runAsNonRoot'], true));

    expect(output).toBe(
      yaml('spec:', '  securityContext:', '    runAsNonRoot: true', '  containers: []'),
    );
  });

  it('empty flow mapping in a sequence item becomes a block', () => {
    const text = yaml('containers:', '- securityContext: {}', '  name: app');
    const output = edit(text, set(['containers', 0, 'securityContext', 'privileged'], false));

    expect(output).toBe(
      yaml('containers:', '- securityContext:', '    privileged: false', '  name: app'),
    );
  });

  it('flow mapping gets a new entry', () => {
    const text = yaml('spec: {securityContext: {runAsUser: 1}, containers: []}');
    const output = edit(text, set(['spec', 'securityContext', 'runAsNonRoot'], true));

    expect(output).toBe(
      yaml('spec: {securityContext: {runAsUser: 1, runAsNonRoot: true}, containers: []}'),
    );
  });

  it('flow mapping gets missing parents', () => {
    const output = edit(
      yaml('spec: {containers: []}'),
      set(['spec', 'securityContext', 'runAsNonRoot'], true),
    );

    expect(output).toBe(yaml('spec: {containers: [], securityContext: {runAsNonRoot: true}}'));
  });

  it('empty flow mapping inside a flow collection', () => {
    const output = edit(yaml('a: [{}]'), set(['a', 0, 'b'], 1));

    expect(output).toBe(yaml('a: [{b: 1}]'));
  });

  it('flow sequence item replaced and appended', () => {
    expect(edit(yaml('a: [1, 2]'), set(['a', 1], 3))).toBe(yaml('a: [1, 3]'));
    expect(edit(yaml('a: [1, 2]'), set(['a', 2], 3))).toBe(yaml('a: [1, 2, 3]'));
    expect(edit(yaml('a: [3]'), set(['a', 1], 3))).toBe(yaml('a: [3, 3]'));
  });

  it('string with a colon quoted inside a flow mapping', () => {
    const output = edit(yaml('a: {b: 1}'), set(['a', 'image'], 'nginx:1.25'));

    expect(output).toBe(yaml('a: {b: 1, image: "nginx:1.25"}'));
  });

  it('existing block mapping replaced', () => {
    const text = yaml('a:', '  b: 1  # tail', '  c: 2', 'd: 3');
    const output = edit(text, set(['a'], { z: 1 }));

    expect(output).toBe(yaml('a:', '  z: 1', 'd: 3'));
  });

  it('existing mapping in a sequence item replaced', () => {
    const text = yaml('items:', '- sc:', '    x: 1', '  name: one');
    const output = edit(text, set(['items', 0, 'sc'], { x: 2, list: [1] }));

    expect(output).toBe(yaml('items:', '- sc:', '    x: 2', '    list:', '    - 1', '  name: one'));
  });

  it('insertion after a block scalar', () => {
    const text = yaml('a:', '  script: |', '    echo hi', '', '  # c', 'b: 1');
    const output = edit(text, set(['a', 'x'], 1));

    expect(output).toBe(yaml('a:', '  script: |', '    echo hi', '  x: 1', '', '  # c', 'b: 1'));
    expect(valueOf(output)).toEqual({ a: { script: 'echo hi\n', x: 1 }, b: 1 });
  });

  it('insertion refused after a block scalar that keeps trailing lines', () => {
    const text = yaml('a:', '  script: |+', '    echo hi', '', 'b: 1');

    expect(editsFor(text, set(['a', 'x'], 1))).toBeUndefined();
  });

  it('insertion on a last line without a line break', () => {
    expect(edit('a:\n  b: 1', set(['a', 'c'], 2))).toBe('a:\n  b: 1\n  c: 2');
  });

  it('insertion after a comment at column 0', () => {
    const text = yaml('spec:', '  containers:', '  - name: a', '# note', '  volumes: []');
    const output = edit(text, set(['spec', 'containers', 0, 'x'], 1));

    expect(output).toBe(
      yaml('spec:', '  containers:', '  - name: a', '    x: 1', '# note', '  volumes: []'),
    );
  });

  it('edit in a later document', () => {
    const text = yaml('a: 1', '---', 'b:', '  c: 1', '---', 'z: 1');
    const output = edit(text, set(['b', 'd'], 2), 1);

    expect(output).toBe(yaml('a: 1', '---', 'b:', '  c: 1', '  d: 2', '---', 'z: 1'));
  });

  it('CRLF preserved', () => {
    const text = 'spec:\r\n  containers:\r\n  - name: a\r\n    image: b\r\n';
    const output = edit(
      text,
      set(['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], ['ALL']),
    );

    expect(output).toBe(
      'spec:\r\n  containers:\r\n  - name: a\r\n    image: b\r\n    securityContext:\r\n      capabilities:\r\n        drop:\r\n        - ALL\r\n',
    );
  });

  it('root keys after a byte order mark', () => {
    expect(edit('\uFEFFa: 1\n', set(['b'], 2))).toBe('\uFEFFa: 1\nb: 2\n');
    expect(edit('\uFEFFa:\n  x: 1\n', set(['c', 'd'], 2))).toBe('\uFEFFa:\n  x: 1\nc:\n  d: 2\n');
  });

  it('CRLF preserved in an empty value', () => {
    const output = edit('a: # c\r\nb: 1\r\n', set(['a', 'x'], { z: 1 }));

    expect(output).toBe('a: # c\r\n  x:\r\n    z: 1\r\nb: 1\r\n');
  });

  it('scalar where a mapping is needed refused', () => {
    expect(editsFor(yaml('a: 1'), set(['a', 'b'], 1))).toBeUndefined();
  });

  it('sequence index past the end refused', () => {
    expect(editsFor(yaml('a: [1]'), set(['a', 3], 1))).toBeUndefined();
  });

  it('merged key overridden in the own mapping', () => {
    const text = yaml(
      'x: &d',
      '  runAsUser: 1000',
      'spec:',
      '  securityContext:',
      '    <<: *d',
      '    fsGroup: 1',
    );
    const output = edit(text, set(['spec', 'securityContext', 'runAsUser'], 2000));

    expect(changedLines(text, output)).toEqual({ removed: [], added: ['    runAsUser: 2000'] });
    expect(valueOf(output)).toMatchObject({
      x: { runAsUser: 1000 },
      spec: { securityContext: { runAsUser: 2000 } },
    });
  });

  it('alias value replaced, anchor kept', () => {
    const text = yaml('base: &base {runAsUser: 0}', 'spec:', '  securityContext: *base');
    const output = edit(text, set(['spec', 'securityContext'], { runAsUser: 1000 }));

    expect(output).toBe(
      yaml('base: &base {runAsUser: 0}', 'spec:', '  securityContext: {runAsUser: 1000}'),
    );
  });

  it('field inside an aliased node refused', () => {
    const text = yaml('base: &base {runAsUser: 0}', 'spec:', '  securityContext: *base');

    expect(editsFor(text, set(['spec', 'securityContext', 'runAsUser'], 1000))).toBeUndefined();
    expect(editsFor(text, set(['spec', 'securityContext', 'runAsNonRoot'], true))).toBeUndefined();
  });

  it('value already there gives no edits', () => {
    expect(editsFor(POD, set(['metadata', 'name'], 'web'))).toEqual([]);
    expect(editsFor(yaml('a: yes'), set(['a'], true))).toEqual([]);
    expect(editsFor(yaml('a: {b: [1, {c: 2}]}'), set(['a'], { b: [1, { c: 2 }] }))).toEqual([]);
  });
});

describe('edits applied twice', () => {
  const cases: { name: string; text: string; build: Build }[] = [
    {
      name: 'nested insertion',
      text: POD,
      build: set(['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], true),
    },
    { name: 'empty value', text: yaml('a:', 'b: 1'), build: set(['a', 'c', 'd'], [1, 2]) },
    { name: 'empty value with comment', text: yaml('a: # c', 'b: 1'), build: set(['a', 'c'], 1) },
    { name: 'flow mapping', text: yaml('a: {b: 1}'), build: set(['a', 'c'], { d: 'yes' }) },
    { name: 'multi-line string', text: yaml('a: 1'), build: set(['a'], 'x\ny') },
    { name: 'merged key', text: yaml('x: &d {u: 1}', 'w:', '  <<: *d'), build: set(['w', 'u'], 2) },
    {
      name: 'block append',
      text: POD,
      build: append(['spec', 'containers'], { name: 'side', image: 'busybox' }),
    },
    { name: 'flow append', text: yaml('drop: [NET_RAW]'), build: append(['drop'], 'ALL') },
    { name: 'append to missing', text: yaml('a: {}'), build: append(['a', 'drop'], 'ALL') },
    { name: 'removal', text: POD, build: remove(['metadata', 'name']) },
    { name: 'flow removal', text: yaml('a: {b: 1, c: 2}'), build: remove(['a', 'b']) },
    { name: 'rename', text: POD, build: rename(['metadata', 'name'], 'generateName') },
  ];

  for (const { name, text, build } of cases) {
    it(`${name} twice equals once`, () => {
      const once = edit(text, build);
      const twice = edit(once, build);

      expect(once).not.toBe(text);
      expect(twice).toBe(once);
      expect(editsFor(once, build)).toEqual([]);
    });
  }
});

describe('appendEdits', () => {
  it('item appended to an unindented block sequence', () => {
    const output = edit(POD, append(['spec', 'containers'], { name: 'side', image: 'busybox' }));

    expect(changedLines(POD, output)).toEqual({
      removed: [],
      added: ['  - name: side', '    image: busybox'],
    });
    expect(output.indexOf('name: side')).toBeLessThan(output.indexOf('volumes'));
  });

  it('item appended to an indented block sequence', () => {
    const output = edit(
      POD_FOUR_SPACES,
      append(['spec', 'containers'], { name: 'side', image: 'busybox' }),
    );

    expect(changedLines(POD_FOUR_SPACES, output).added).toEqual([
      '        - name: side',
      '          image: busybox',
    ]);
  });

  it('item after a last item with comments', () => {
    const text = yaml('a:', '  - x  # first', '  # trailing', 'b: 1');

    expect(edit(text, append(['a'], 'y'))).toBe(
      yaml('a:', '  - x  # first', '  - "y"', '  # trailing', 'b: 1'),
    );
  });

  it('item with a wide dash gap', () => {
    const text = yaml('a:', '  -   name: x', '      v: 1');

    expect(edit(text, append(['a'], { name: 'z', v: 2 }))).toBe(
      yaml('a:', '  -   name: x', '      v: 1', '  -   name: z', '      v: 2'),
    );
  });

  it('nested sequence item', () => {
    const output = edit(yaml('a:', '- - x'), append(['a'], ['z']));

    expect(output).toBe(yaml('a:', '- - x', '- - z'));
    expect(valueOf(output)).toEqual({ a: [['x'], ['z']] });
  });

  it('flow sequences', () => {
    expect(edit(yaml('drop: [NET_RAW]'), append(['drop'], 'ALL'))).toBe(
      yaml('drop: [NET_RAW, ALL]'),
    );
    expect(edit(yaml('drop: []'), append(['drop'], 'ALL'))).toBe(yaml('drop: [ALL]'));
  });

  it('missing and empty sequences created', () => {
    expect(edit(yaml('a:', '  drop:'), append(['a', 'drop'], 'ALL'))).toBe(
      yaml('a:', '  drop:', '    - ALL'),
    );
    expect(edit(yaml('a:', '  b: 1'), append(['a', 'drop'], 'ALL'))).toBe(
      yaml('a:', '  b: 1', '  drop:', '    - ALL'),
    );
  });

  it('equal item already there gives no edits', () => {
    expect(editsFor(yaml('drop: [ALL]'), append(['drop'], 'ALL'))).toEqual([]);
  });

  it('mapping where a sequence is needed refused', () => {
    expect(editsFor(yaml('a: {b: 1}'), append(['a'], 1))).toBeUndefined();
  });

  it('CRLF preserved', () => {
    expect(edit('a:\r\n- x\r\n', append(['a'], 'z'))).toBe('a:\r\n- x\r\n- z\r\n');
  });
});

describe('removeFieldEdits', () => {
  it('whole lines of a block field', () => {
    const text = yaml(
      'spec:',
      '  hostNetwork: true',
      '  securityContext:',
      '    privileged: true',
      '    # inside',
      '    runAsUser: 0',
      '  x: 1',
    );

    expect(edit(text, remove(['spec', 'securityContext']))).toBe(
      yaml('spec:', '  hostNetwork: true', '  x: 1'),
    );
  });

  it('field with a trailing comment', () => {
    expect(edit(POD, remove(['metadata', 'name']))).toBe(
      POD.replace('  name: web  # the name\n', ''),
    );
  });

  it('entry of a flow mapping', () => {
    expect(edit(yaml('a: {b: 1, c: 2}'), remove(['a', 'b']))).toBe(yaml('a: {c: 2}'));
    expect(edit(yaml('a: {b: 1, c: 2}'), remove(['a', 'c']))).toBe(yaml('a: {b: 1}'));
  });

  it('first key of a sequence item', () => {
    expect(edit(yaml('a:', '- name: x', '  b: 1'), remove(['a', 0, 'name']))).toBe(
      yaml('a:', '- b: 1'),
    );
    expect(edit(yaml('a:', '- name: x', '- name: y'), remove(['a', 0, 'name']))).toBe(
      yaml('a:', '- {}', '- name: y'),
    );
  });

  it('last line without a line break', () => {
    expect(edit('a: 1\nb: 2', remove(['b']))).toBe('a: 1\n');
  });

  it('CRLF lines', () => {
    expect(edit('a: 1\r\nb:\r\n  c: 2\r\nd: 3\r\n', remove(['b']))).toBe('a: 1\r\nd: 3\r\n');
  });

  it('block sequence item', () => {
    expect(edit(yaml('a:', '- 1', '- 2', '- 3'), remove(['a', 1]))).toBe(yaml('a:', '- 1', '- 3'));
    expect(edit('a:\r\n- 1\r\n- 2\r\n', remove(['a', 1]))).toBe('a:\r\n- 1\r\n');
  });

  it('flow sequence items', () => {
    expect(edit(yaml('a: [1, 2, 3]'), remove(['a', 1]))).toBe(yaml('a: [1, 3]'));
    expect(edit(yaml('a: [1, 2, 3]'), remove(['a', 2]))).toBe(yaml('a: [1, 2]'));
  });

  it('missing field gives no edits', () => {
    expect(editsFor(POD, remove(['metadata', 'namespace']))).toEqual([]);
    expect(editsFor(POD, remove(['status', 'phase']))).toEqual([]);
  });

  it('merged field refused', () => {
    expect(editsFor(yaml('x: &d {u: 1}', 'w:', '  <<: *d'), remove(['w', 'u']))).toBeUndefined();
  });
});

describe('renameKeyEdits', () => {
  it('key renamed in place', () => {
    expect(changedLines(POD, edit(POD, rename(['metadata', 'name'], 'generateName')))).toEqual({
      removed: ['  name: web  # the name'],
      added: ['  generateName: web  # the name'],
    });
  });

  it('new key quoted where needed', () => {
    expect(edit(yaml('a:', '  b: 1'), rename(['a', 'b'], 'yes'))).toBe(yaml('a:', '  "yes": 1'));
  });

  it('rename onto an existing key refused', () => {
    expect(editsFor(yaml('a: 1', 'b: 2'), rename(['a'], 'b'))).toBeUndefined();
  });
});
