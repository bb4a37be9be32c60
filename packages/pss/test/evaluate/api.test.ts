import { describe, expect, it } from 'vitest';
import {
  LATEST_PSS_MINOR,
  evaluateObject,
  evaluatePodSpec,
  parsePssVersion,
} from '../../src/evaluate/index.js';
import { PSS_CHECKS } from '../../src/evaluate/registry.js';
import { checkIds, evaluate, restrictedSpec } from './helpers.js';

const privilegedSpec = { containers: [{ name: 'app', securityContext: { privileged: true } }] };

describe('parsePssVersion', () => {
  it('accepted forms', () => {
    expect(parsePssVersion('latest')).toBe('latest');
    expect(parsePssVersion('v1.0')).toEqual({ minor: 0 });
    expect(parsePssVersion('v1.25')).toEqual({ minor: 25 });
    expect(parsePssVersion('v1.99')).toEqual({ minor: 99 });
  });

  it('rejected forms', () => {
    for (const text of [
      '',
      'Latest',
      '1.25',
      'v1.025',
      'v2.0',
      'v1.',
      'v1.25.0',
      ' v1.25',
      'v1.-1',
    ]) {
      expect(() => parsePssVersion(text), text).toThrow(
        `Invalid Pod Security Standards version ${JSON.stringify(text)}: use "latest" or "v1.<minor>", such as "v1.30".`,
      );
    }
  });

  it('minor beyond safe integers', () => {
    expect(() => parsePssVersion('v1.99999999999999999999')).toThrow(
      'Invalid Pod Security Standards version',
    );
  });
});

describe('version resolution', () => {
  it('latest and later versions', () => {
    const spec = {
      securityContext: { sysctls: [{ name: 'net.ipv4.tcp_notsent_lowat', value: '1' }] },
      containers: [{ name: 'a' }],
    };

    expect(LATEST_PSS_MINOR).toBe(37);
    expect(evaluate('baseline', 'v1.36', spec)).not.toEqual([]);
    expect(evaluate('baseline', 'v1.37', spec)).toEqual([]);
    expect(evaluate('baseline', 'latest', spec)).toEqual([]);
    expect(evaluate('baseline', 'v1.50', spec)).toEqual([]);
  });

  it('invalid version object', () => {
    for (const version of [{ minor: -1 }, { minor: 1.5 }, { minor: Number.NaN }, null]) {
      expect(() => evaluatePodSpec({ spec: {} }, 'baseline', version as never)).toThrow(
        'Invalid Pod Security Standards version',
      );
    }
  });

  it('invalid level', () => {
    expect(() => evaluatePodSpec({ spec: {} }, 'strict' as never, 'latest')).toThrow(
      'Invalid Pod Security Standards level "strict": use "privileged", "baseline" or "restricted".',
    );
  });
});

describe('evaluatePodSpec', () => {
  it('privileged level', () => {
    expect(evaluate('privileged', 'latest', privilegedSpec)).toEqual([]);
  });

  it('violation level and order', () => {
    const spec = {
      hostNetwork: true,
      containers: [{ name: 'app', securityContext: { privileged: true, runAsUser: 0 } }],
    };
    const violations = evaluate('restricted', 'latest', spec);

    expect(checkIds(violations)).toEqual([
      'hostNamespaces',
      'privileged',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
    ]);
    expect(violations.map((v) => v.level)).toEqual([
      'baseline',
      'baseline',
      'restricted',
      'restricted',
      'restricted',
      'restricted',
      'restricted',
    ]);
  });

  it('custom location', () => {
    const violations = evaluatePodSpec({ spec: privilegedSpec }, 'baseline', 'latest', {
      metadata: ['template', 'metadata'],
      spec: ['template', 'spec'],
    });

    expect(violations[0]?.fields[0]?.path).toEqual([
      'template',
      'spec',
      'containers',
      0,
      'securityContext',
      'privileged',
    ]);
  });

  it('malformed input', () => {
    const malformed: unknown[] = [
      null,
      5,
      'spec',
      [],
      {},
      { containers: 'app' },
      { containers: [null, 5, 'app', [], { name: 7, securityContext: 5 }] },
      {
        containers: [
          {
            name: 'a',
            securityContext: { capabilities: 5, seccompProfile: 'x', seLinuxOptions: [] },
          },
        ],
      },
      {
        containers: [
          { name: 'a', securityContext: { capabilities: { add: 'SYS_ADMIN', drop: 'ALL' } } },
        ],
      },
      { containers: [{ name: 'a', ports: 'x', livenessProbe: 5, lifecycle: { preStop: 'x' } }] },
      {
        securityContext: { sysctls: [null, 'x', { name: 5 }] },
        volumes: [null, 'x', { name: 1, nfs: {} }],
        containers: [],
      },
      { os: 5, hostUsers: 'false', securityContext: { windowsOptions: 'x', appArmorProfile: 5 } },
    ];
    for (const spec of malformed) {
      for (const level of ['baseline', 'restricted'] as const) {
        for (const version of ['v1.0', 'v1.18', 'v1.24', 'latest']) {
          expect(
            () => evaluate(level, version, spec, { annotations: 5 }),
            JSON.stringify(spec),
          ).not.toThrow();
        }
      }
    }
  });

  it('container with scalar securityContext', () => {
    const spec = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'a', securityContext: 5 }],
    };

    expect(checkIds(evaluate('restricted', 'latest', spec))).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
    ]);
  });

  it('skipped non-mapping containers', () => {
    const spec = restrictedSpec({ containers: ['app', null] });

    expect(evaluate('restricted', 'latest', spec)).toEqual([]);
  });
});

describe('evaluateObject', () => {
  const template = {
    metadata: {
      annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' },
    },
    spec: privilegedSpec,
  };
  const kinds: [string, string, object, (string | number)[]][] = [
    ['v1', 'Pod', template, []],
    ['v1', 'PodTemplate', { template }, ['template']],
    ['v1', 'ReplicationController', { spec: { template } }, ['spec', 'template']],
    ['apps/v1', 'Deployment', { spec: { template } }, ['spec', 'template']],
    ['apps/v1', 'StatefulSet', { spec: { template } }, ['spec', 'template']],
    ['apps/v1', 'DaemonSet', { spec: { template } }, ['spec', 'template']],
    ['apps/v1', 'ReplicaSet', { spec: { template } }, ['spec', 'template']],
    ['batch/v1', 'Job', { spec: { template } }, ['spec', 'template']],
    [
      'batch/v1',
      'CronJob',
      { spec: { jobTemplate: { spec: { template } } } },
      ['spec', 'jobTemplate', 'spec', 'template'],
    ],
  ];

  it('paths from the object root', () => {
    for (const [apiVersion, kind, body, prefix] of kinds) {
      const violations = evaluateObject({ apiVersion, kind, ...body }, 'baseline', 'latest');
      const paths = violations?.flatMap((v) => v.fields.map((f) => f.path));

      expect(paths, kind).toEqual([
        [
          ...prefix,
          'metadata',
          'annotations',
          'container.apparmor.security.beta.kubernetes.io/app',
        ],
        [...prefix, 'spec', 'containers', 0, 'securityContext', 'privileged'],
      ]);
    }
  });

  it('kinds without a pod template', () => {
    expect(
      evaluateObject(
        { apiVersion: 'v1', kind: 'Service', spec: privilegedSpec },
        'baseline',
        'latest',
      ),
    ).toBeUndefined();
    expect(
      evaluateObject(
        { apiVersion: 'example.com/v1', kind: 'Deployment', spec: { template } },
        'baseline',
        'latest',
      ),
    ).toBeUndefined();
    expect(
      evaluateObject({ kind: 'Pod', spec: privilegedSpec }, 'baseline', 'latest'),
    ).toBeUndefined();
    expect(evaluateObject(null, 'baseline', 'latest')).toBeUndefined();
    expect(evaluateObject('Pod', 'baseline', 'latest')).toBeUndefined();
  });

  it('deployment without a template', () => {
    expect(
      evaluateObject(
        { apiVersion: 'apps/v1', kind: 'Deployment', spec: {} },
        'restricted',
        'latest',
      ),
    ).toEqual([]);
  });
});

describe('check registry', () => {
  it('unique ids and valid overrides', () => {
    const ids = PSS_CHECKS.map((check) => check.id);
    const baselineIds = new Set(PSS_CHECKS.filter((c) => c.level === 'baseline').map((c) => c.id));

    expect(ids).toHaveLength(19);
    expect(new Set(ids).size).toBe(19);
    for (const check of PSS_CHECKS) {
      for (const overridden of check.overrides ?? []) {
        expect(check.level, check.id).toBe('restricted');
        expect(baselineIds.has(overridden), `${check.id} overrides ${overridden}`).toBe(true);
      }
      const minors = check.versions.map((v) => v.minMinor);
      expect(minors, check.id).toEqual([...minors].sort((a, b) => a - b));
      expect(new Set(minors).size, check.id).toBe(minors.length);
    }
  });
});
