import { describe, expect, it } from 'vitest';

import {
  check,
  DEFAULT_SETTINGS,
  setValueEdits,
  SourceFile,
  type Finding,
  type K8sObject,
  type Settings,
} from '../../src/index.js';
import { registryWith, testRule, yaml } from '../helpers.js';

const POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  '  namespace: clinic',
  'spec:',
  '  hostNetwork: true',
);

const CONFIG_MAP = yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings');

/** A rule that reports `hostNetwork` of every Pod at its key. */
const noHostNetwork = testRule('no-host-network', ['Pod'], (context) => ({
  object(object) {
    if (object.get(['spec', 'hostNetwork']) === true) {
      context.report({
        object,
        path: ['spec', 'hostNetwork'],
        target: 'key',
        message: 'Pod uses the host network.',
      });
    }
  },
}));

const settingsWith = (rules: Settings['rules']): Settings => ({ ...DEFAULT_SETTINGS, rules });

/** Lists the text each finding's range covers, with its rule id. */
function covered(files: SourceFile[], findings: readonly Finding[]): [string, string][] {
  return findings.map((finding) => {
    const file = files.find((candidate) => candidate.path === finding.file)!;
    return [finding.ruleId, file.text.slice(finding.range.start, finding.range.end)];
  });
}

describe('check', () => {
  it('finding of a rule', () => {
    const file = new SourceFile('pod.yaml', POD);
    const { findings } = check([file], { registry: registryWith(noHostNetwork) });
    const finding = findings[0]!;

    expect(findings).toHaveLength(1);
    expect(finding).toMatchObject({
      ruleId: 'no-host-network',
      severity: 'error',
      message: 'Pod uses the host network.',
      file: 'pod.yaml',
      documentIndex: 0,
      object: { apiVersion: 'v1', kind: 'Pod', namespace: 'clinic', name: 'web' },
      path: ['spec', 'hostNetwork'],
      hipaa: ['164.312(a)(1)'],
    });
    expect(finding.range).toMatchObject({
      startLine: 7,
      startColumn: 3,
      endLine: 7,
      endColumn: 14,
    });
  });

  it('kinds prefilter skips parsing', () => {
    const file = new SourceFile('mixed.yaml', `${CONFIG_MAP}---\n${POD}`);
    const result = check([file], { registry: registryWith(noHostNetwork) });

    expect(file.documents[0]?.isParsed).toBe(false);
    expect(file.documents[1]?.isParsed).toBe(true);
    expect(result.statistics).toEqual({ files: 1, documents: 2, parsedDocuments: 1, objects: 1 });
  });

  it('broken document of an unread kind not reported', () => {
    const file = new SourceFile('mixed.yaml', yaml('kind: ConfigMap', 'data: {a: [1}'));

    expect(check([file], { registry: registryWith(noHostNetwork) }).findings).toEqual([]);
  });

  it('Lists and documents of unknown kind parsed', () => {
    const list = yaml(
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Pod',
      '  spec: {hostNetwork: true}',
    );
    const typedList = yaml('apiVersion: v1', 'kind: PodList', 'items: []');
    const flow = '{"apiVersion": "v1", "kind": "Pod", "spec": {"hostNetwork": true}}\n';
    const files = [
      new SourceFile('list.yaml', list),
      new SourceFile('typed.yaml', typedList),
      new SourceFile('flow.json', flow),
    ];
    const result = check(files, { registry: registryWith(noHostNetwork) });

    expect(result.statistics.parsedDocuments).toBe(3);
    expect(result.findings.map((finding) => [finding.file, finding.path])).toEqual([
      ['flow.json', ['spec', 'hostNetwork']],
      ['list.yaml', ['items', 0, 'spec', 'hostNetwork']],
    ]);
  });

  it('rule reading all kinds parses every document', () => {
    const readsAll = testRule('reads-all', 'all', () => ({}));
    const file = new SourceFile('mixed.yaml', `${CONFIG_MAP}---\n${POD}`);

    expect(check([file], { registry: registryWith(readsAll) }).statistics.parsedDocuments).toBe(2);
  });

  it('objects visited in file and document order', () => {
    const seen: string[] = [];
    const recorder = testRule('records-names', 'all', () => ({
      object: (object) => void seen.push(object.name ?? ''),
    }));
    const files = [
      new SourceFile(
        'b.yaml',
        yaml(
          'apiVersion: v1',
          'kind: Pod',
          'metadata: {name: b1}',
          '---',
          'apiVersion: v1',
          'kind: Pod',
          'metadata: {name: b2}',
        ),
      ),
      new SourceFile('a.yaml', yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: a1}')),
    ];
    const result = check(files, { registry: registryWith(recorder) });

    expect(seen).toEqual(['b1', 'b2', 'a1']);
    expect(result.objects.all.map((object) => object.name)).toEqual(['b1', 'b2', 'a1']);
  });

  it('options and settings passed to rules', () => {
    let received: unknown;
    let namespace: string | undefined;
    const reader = testRule('reads-options', ['Pod'], (context) => {
      received = context.options;
      return { object: (object) => void (namespace = object.namespace) };
    });
    const settings: Settings = {
      ...settingsWith({ 'reads-options': { options: { limit: 2 } } }),
      defaultNamespace: 'ward',
    };
    check([new SourceFile('pod.yaml', yaml('apiVersion: v1', 'kind: Pod'))], {
      registry: registryWith(reader),
      settings,
    });

    expect(received).toEqual({ limit: 2 });
    expect(namespace).toBe('ward');
  });

  it('progress reported per file', () => {
    const calls: [number, number][] = [];
    const files = [new SourceFile('a.yaml', POD), new SourceFile('b.yaml', POD)];
    check(files, {
      registry: registryWith(noHostNetwork),
      onProgress: (done, total) => void calls.push([done, total]),
    });

    expect(calls).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });
});

describe('source problems', () => {
  it('syntax error located and other documents checked', () => {
    const file = new SourceFile(
      'pods.yaml',
      `${yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: [x')}---\n${POD}`,
    );
    const { findings } = check([file], { registry: registryWith(noHostNetwork) });

    expect(findings.map((finding) => [finding.ruleId, finding.documentIndex])).toEqual([
      ['valid-yaml', 0],
      ['no-host-network', 1],
    ]);
    expect(findings[0]?.range.startLine).toBe(3);
  });

  it('duplicate keys at both occurrences and object not checked', () => {
    const text = yaml(
      'apiVersion: v1',
      'kind: Pod',
      'spec:',
      '  hostNetwork: true',
      '  hostNetwork: false',
    );
    const file = new SourceFile('dup.yaml', text);
    const result = check([file], { registry: registryWith(noHostNetwork) });

    expect(covered([file], result.findings)).toEqual([
      ['no-duplicate-keys', 'hostNetwork'],
      ['no-duplicate-keys', 'hostNetwork'],
    ]);
    expect(result.findings.map((finding) => finding.range.startLine)).toEqual([4, 5]);
    expect(result.objects.all).toEqual([]);
  });

  it('template marker reported and document not parsed', () => {
    const file = new SourceFile(
      'chart.yaml',
      yaml('apiVersion: v1', 'kind: Pod', 'spec:', '  hostNetwork: {{ .Values.host }}'),
    );
    const result = check([file], { registry: registryWith(noHostNetwork) });

    expect(covered([file], result.findings)).toEqual([
      ['no-unrendered-templates', '{{ .Values.host }}'],
    ]);
    expect(result.findings[0]?.message).toMatch(/^Template syntax "\{\{" found/);
    expect(file.documents[0]?.isParsed).toBe(false);
  });

  it('separator problem reported', () => {
    const file = new SourceFile('sep.yaml', `${POD}--- extra\n${CONFIG_MAP}`);
    const { findings } = check([file], { registry: registryWith(noHostNetwork) });

    expect(covered([file], findings)).toContainEqual(['valid-yaml', '--- extra']);
  });

  it('source rule turned off', () => {
    const file = new SourceFile('bad.yaml', yaml('apiVersion: v1', 'kind: Pod', 'spec: [x'));
    const settings = settingsWith({ 'valid-yaml': { severity: 'off' } });

    expect(check([file], { registry: registryWith(noHostNetwork), settings }).findings).toEqual([]);
  });
});

describe('suppression', () => {
  const suppressedPod = (annotations: string[]): string =>
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      '  annotations:',
      ...annotations.map((line) => `    ${line}`),
      'spec:',
      '  hostNetwork: true',
    );

  it('annotation with a reason suppresses', () => {
    const file = new SourceFile(
      'pod.yaml',
      suppressedPod([
        'kubeharden.io/ignore: no-host-network',
        'kubeharden.io/ignore-reason: Node agent.',
      ]),
    );
    const result = check([file], { registry: registryWith(noHostNetwork) });

    expect(result.findings).toEqual([]);
    expect(result.suppressed).toHaveLength(1);
    expect(result.suppressed[0]?.ruleId).toBe('no-host-network');
    expect(result.suppressed[0]?.suppression).toEqual({ reason: 'Node agent.' });
  });

  it('annotation without a reason does not take effect', () => {
    const file = new SourceFile(
      'pod.yaml',
      suppressedPod(['kubeharden.io/ignore: no-host-network']),
    );
    const result = check([file], { registry: registryWith(noHostNetwork) });

    expect(covered([file], result.findings)).toEqual([
      ['require-suppression-reason', 'kubeharden.io/ignore'],
      ['no-host-network', 'hostNetwork'],
    ]);
    expect(result.suppressed).toEqual([]);
    expect(result.findings[0]?.message).toBe(
      'Suppression of "no-host-network" has no reason, so it does not take effect; add a "kubeharden.io/ignore-reason" annotation.',
    );
  });

  it('blank reason does not count', () => {
    const file = new SourceFile(
      'pod.yaml',
      suppressedPod(['kubeharden.io/ignore: no-host-network', 'kubeharden.io/ignore-reason: "  "']),
    );
    const result = check([file], { registry: registryWith(noHostNetwork) });

    expect(result.findings.map((finding) => finding.ruleId)).toEqual([
      'require-suppression-reason',
      'no-host-network',
    ]);
  });

  it('list of rule ids with spaces', () => {
    const other = testRule('other-rule', ['Pod'], (context) => ({
      object: (object) => context.report({ object, path: ['metadata', 'name'], message: 'Other.' }),
    }));
    const file = new SourceFile(
      'pod.yaml',
      suppressedPod([
        'kubeharden.io/ignore: " no-host-network , other-rule "',
        'kubeharden.io/ignore-reason: Reviewed.',
      ]),
    );
    const result = check([file], { registry: registryWith(noHostNetwork, other) });

    expect(result.findings).toEqual([]);
    expect(result.suppressed.map((finding) => finding.ruleId)).toEqual([
      'other-rule',
      'no-host-network',
    ]);
  });

  it('unknown rule id reported', () => {
    const file = new SourceFile(
      'pod.yaml',
      suppressedPod([
        'kubeharden.io/ignore: no-host-netwrok',
        'kubeharden.io/ignore-reason: Reviewed.',
      ]),
    );
    const result = check([file], { registry: registryWith(noHostNetwork) });

    expect(covered([file], result.findings)).toEqual([
      ['no-unknown-suppressed-rule', 'no-host-netwrok'],
      ['no-host-network', 'hostNetwork'],
    ]);
    expect(result.findings[0]?.severity).toBe('warning');
    expect(result.findings[0]?.message).toMatch(
      /^Suppression names unknown rule "no-host-netwrok"/,
    );
  });

  it('suppression limited to the annotated object', () => {
    const annotated = suppressedPod([
      'kubeharden.io/ignore: no-host-network',
      'kubeharden.io/ignore-reason: Agent.',
    ]);
    const file = new SourceFile('pods.yaml', `${annotated}---\n${POD}`);
    const result = check([file], { registry: registryWith(noHostNetwork) });

    expect(result.findings.map((finding) => finding.documentIndex)).toEqual([1]);
    expect(result.suppressed.map((finding) => finding.documentIndex)).toEqual([0]);
  });
});

describe('rule failures', () => {
  const throwsOnPod = testRule('throws-on-pod', ['Pod'], () => ({
    object() {
      throw new Error('cannot read property x.');
    },
  }));

  it('failing rule reported with file, object and rule id', () => {
    const file = new SourceFile('pod.yaml', POD);
    const { findings } = check([file], { registry: registryWith(throwsOnPod, noHostNetwork) });
    const failure = findings.find((finding) => finding.ruleId === 'rule-failure');

    expect(findings.map((finding) => finding.ruleId).sort()).toEqual([
      'no-host-network',
      'rule-failure',
    ]);
    expect(failure?.file).toBe('pod.yaml');
    expect(failure?.object).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: 'clinic',
      name: 'web',
    });
    expect(failure?.data).toEqual({ failedRuleId: 'throws-on-pod' });
    expect(failure?.message).toBe(
      'Rule "throws-on-pod" failed on Pod/clinic/web: cannot read property x. The other rules still ran; please report this as a bug.',
    );
    expect(covered([file], [failure!])).toEqual([['rule-failure', 'Pod']]);
  });

  it('failure on one object leaves the others checked', () => {
    let visited = 0;
    const failsOnFirst = testRule('fails-on-first', ['Pod'], () => ({
      object() {
        visited++;
        if (visited === 1) throw new Error('first');
      },
    }));
    const file = new SourceFile('pods.yaml', `${POD}---\n${POD}`);
    const { findings } = check([file], { registry: registryWith(failsOnFirst) });

    expect(visited).toBe(2);
    expect(findings.map((finding) => [finding.ruleId, finding.documentIndex])).toEqual([
      ['rule-failure', 0],
    ]);
  });

  it('failure in create and end reported', () => {
    const failsInCreate = testRule('fails-in-create', ['Pod'], () => {
      throw new Error('bad options');
    });
    const failsInEnd = testRule('fails-in-end', ['Pod'], () => ({
      end() {
        throw new Error('bad summary');
      },
    }));
    const { findings } = check([new SourceFile('pod.yaml', POD)], {
      registry: registryWith(failsInCreate, failsInEnd, noHostNetwork),
    });

    expect(findings.map((finding) => finding.data?.failedRuleId ?? finding.ruleId).sort()).toEqual([
      'fails-in-create',
      'fails-in-end',
      'no-host-network',
    ]);
  });

  it('failure without objects logged only', () => {
    const failsInCreate = testRule('fails-in-create', ['Pod'], () => {
      throw new Error('bad options');
    });

    expect(check([], { registry: registryWith(failsInCreate) }).findings).toEqual([]);
  });
});

describe('severities', () => {
  it('severity override', () => {
    const settings = settingsWith({ 'no-host-network': { severity: 'info' } });
    const { findings } = check([new SourceFile('pod.yaml', POD)], {
      registry: registryWith(noHostNetwork),
      settings,
    });

    expect(findings.map((finding) => finding.severity)).toEqual(['info']);
  });

  it('rule turned off is not run', () => {
    let created = false;
    const tracked = testRule('tracked', ['Pod'], () => {
      created = true;
      return {};
    });
    const settings = settingsWith({
      tracked: { severity: 'off' },
      'no-host-network': { severity: 'off' },
    });
    const file = new SourceFile('pod.yaml', POD);
    const result = check([file], { registry: registryWith(tracked, noHostNetwork), settings });

    expect(created).toBe(false);
    expect(result.findings).toEqual([]);
    expect(file.documents[0]?.isParsed).toBe(false);
  });

  it('options without severity keep the default', () => {
    const settings = settingsWith({ 'no-host-network': { options: {} } });
    const { findings } = check([new SourceFile('pod.yaml', POD)], {
      registry: registryWith(noHostNetwork),
      settings,
    });

    expect(findings.map((finding) => finding.severity)).toEqual(['error']);
  });
});

describe('fixes on findings', () => {
  const withFix = (edits: 'real' | 'none') =>
    testRule('fixes-host-network', ['Pod'], (context) => ({
      object(object: K8sObject) {
        const realEdits =
          setValueEdits(object.document, object.documentPath(['spec', 'hostNetwork']), false) ?? [];
        context.report({
          object,
          path: ['spec', 'hostNetwork'],
          message: 'Pod uses the host network.',
          fix: {
            description: 'Set hostNetwork to false',
            edits: edits === 'real' ? realEdits : [],
          },
          suggestions: [{ description: 'Nothing', edits: [] }],
        });
      },
    }));

  it('fix carried on the finding', () => {
    const { findings } = check([new SourceFile('pod.yaml', POD)], {
      registry: registryWith(withFix('real')),
    });

    expect(findings[0]?.fix?.edits).toHaveLength(1);
    expect(findings[0]?.suggestions).toBeUndefined();
  });

  it('fix without edits dropped', () => {
    const { findings } = check([new SourceFile('pod.yaml', POD)], {
      registry: registryWith(withFix('none')),
    });

    expect(findings[0]?.fix).toBeUndefined();
  });
});

describe('finding order', () => {
  const everywhere = testRule('everywhere', 'all', (context) => ({
    object(object) {
      context.report({ object, path: ['metadata', 'name'], message: 'Name.' });
      context.report({ object, path: [], message: 'Object.', target: 'key' });
    },
  }));
  const second = testRule('a-second-rule', 'all', (context) => ({
    object: (object) => context.report({ object, path: [], message: 'Also object.' }),
  }));

  it('same order whatever the input order', () => {
    const texts: [string, string][] = [
      ['b.yaml', `${POD}---\n${CONFIG_MAP}`],
      ['a.yaml', CONFIG_MAP],
      ['B.yaml', POD],
    ];
    const run = (order: [string, string][], reversed: boolean) => {
      const files = order.map(([name, text]) => new SourceFile(name, text));
      const rules = reversed ? [second, everywhere] : [everywhere, second];
      return check(files, { registry: registryWith(...rules) }).findings.map((finding) => [
        finding.file,
        finding.range.start,
        finding.ruleId,
        finding.message,
      ]);
    };
    const forward = run(texts, false);

    expect(run([...texts].reverse(), true)).toEqual(forward);
    expect(forward.map(([file]) => file)).toEqual([
      'B.yaml',
      'B.yaml',
      'B.yaml',
      'a.yaml',
      'a.yaml',
      'a.yaml',
      'b.yaml',
      'b.yaml',
      'b.yaml',
      'b.yaml',
      'b.yaml',
      'b.yaml',
    ]);
  });

  it('severity then rule id at one position', () => {
    const settings = settingsWith({ 'a-second-rule': { severity: 'warning' } });
    const { findings } = check([new SourceFile('a.yaml', CONFIG_MAP)], {
      registry: registryWith(everywhere, second),
      settings,
    });

    expect(findings.map((finding) => [finding.range.start, finding.ruleId])).toEqual([
      [CONFIG_MAP.indexOf('ConfigMap'), 'everywhere'],
      [CONFIG_MAP.indexOf('ConfigMap'), 'a-second-rule'],
      [CONFIG_MAP.indexOf('settings'), 'everywhere'],
    ]);
  });
});
