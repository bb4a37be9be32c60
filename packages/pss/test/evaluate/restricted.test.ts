import { describe, expect, it } from 'vitest';
import { checkIds, evaluate, restrictedContainer, restrictedSpec, violationOf } from './helpers.js';

describe('restricted baseline pod', () => {
  it('compliant pod at every version', () => {
    for (let minor = 0; minor <= 40; minor += 1) {
      expect(evaluate('restricted', `v1.${minor}`, restrictedSpec()), `v1.${minor}`).toEqual([]);
    }
  });
});

describe('restrictedVolumes', () => {
  it('allowed volume types', () => {
    const spec = restrictedSpec({
      volumes: [
        { name: 'a', configMap: { name: 'c' } },
        { name: 'b', csi: { driver: 'secrets-store.csi.k8s.io' } },
        { name: 'c', downwardAPI: {} },
        { name: 'd', emptyDir: {} },
        { name: 'e', ephemeral: { volumeClaimTemplate: {} } },
        { name: 'f', image: { reference: 'registry.example.com/data:1' } },
        { name: 'g', persistentVolumeClaim: { claimName: 'x' } },
        { name: 'h', projected: { sources: [] } },
        { name: 'i', secret: { secretName: 's' } },
      ],
    });

    expect(evaluate('restricted', 'v1.0', spec)).toEqual([]);
    expect(evaluate('restricted', 'latest', spec)).toEqual([]);
  });

  it('volume with no source', () => {
    const spec = restrictedSpec({
      volumes: [{ name: 'scratch' }, { name: 'other', unknownSource: {} }],
    });

    expect(evaluate('restricted', 'latest', spec)).toEqual([]);
  });

  it('restricted volume types', () => {
    const spec = restrictedSpec({
      volumes: [
        { name: 'share', nfs: { server: 'nfs.example.com', path: '/' } },
        { name: 'ok', emptyDir: {} },
        { name: 'logs', hostPath: { path: '/var/log' } },
      ],
    });
    const violations = evaluate('restricted', 'latest', spec);
    const violation = violationOf(violations, 'restrictedVolumes');

    expect(checkIds(violations)).toEqual(['restrictedVolumes']);
    expect(violation?.reason).toBe('restricted volume types');
    expect(violation?.detail).toBe(
      'volumes "share", "logs" use restricted volume types "hostPath", "nfs"',
    );
    expect(violation?.fields.map((f) => f.path)).toEqual([
      ['spec', 'volumes', 0, 'nfs'],
      ['spec', 'volumes', 2, 'hostPath'],
    ]);
    expect(violation?.fields[0]?.message).toBe(
      'Volume "share" uses the restricted volume type "nfs"; use one of configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret instead.',
    );
  });

  it('baseline ignores restricted types', () => {
    const spec = {
      containers: [{ name: 'a' }],
      volumes: [{ name: 'share', nfs: { server: 's', path: '/' } }],
    };

    expect(evaluate('baseline', 'latest', spec)).toEqual([]);
  });
});

describe('allowPrivilegeEscalation', () => {
  it('missing and true', () => {
    const spec = restrictedSpec({
      initContainers: [{ name: 'init', securityContext: { capabilities: { drop: ['ALL'] } } }],
      containers: [restrictedContainer('app', { allowPrivilegeEscalation: true })],
    });
    const violation = violationOf(
      evaluate('restricted', 'latest', spec),
      'allowPrivilegeEscalation',
    );

    expect(violation?.reason).toBe('allowPrivilegeEscalation != false');
    expect(violation?.detail).toBe(
      'containers "init", "app" must set securityContext.allowPrivilegeEscalation=false',
    );
    expect(violation?.fields.map((f) => [f.problem, f.path])).toEqual([
      ['missing', ['spec', 'initContainers', 0, 'securityContext', 'allowPrivilegeEscalation']],
      ['forbidden-value', ['spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation']],
    ]);
    expect(violation?.fields[0]?.message).toBe(
      'Init container "init" does not set securityContext.allowPrivilegeEscalation, which defaults to true; set it to false.',
    );
  });

  it('not applied before v1.8', () => {
    const spec = restrictedSpec({
      containers: [{ name: 'a', securityContext: { capabilities: { drop: ['ALL'] } } }],
    });

    expect(evaluate('restricted', 'v1.7', spec)).toEqual([]);
    expect(checkIds(evaluate('restricted', 'v1.8', spec))).toEqual(['allowPrivilegeEscalation']);
  });
});

describe('runAsNonRoot', () => {
  it('explicit pod false with compliant containers', () => {
    const spec = restrictedSpec({
      securityContext: { runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        restrictedContainer('app', { runAsNonRoot: true }),
        restrictedContainer('sidecar', { runAsNonRoot: true }),
      ],
    });
    const violation = violationOf(evaluate('restricted', 'latest', spec), 'runAsNonRoot');

    expect(violation?.reason).toBe('runAsNonRoot != true');
    expect(violation?.detail).toBe('pod must not set securityContext.runAsNonRoot=false');
    expect(violation?.fields).toEqual([
      {
        path: ['spec', 'securityContext', 'runAsNonRoot'],
        problem: 'forbidden-value',
        message: 'The pod sets securityContext.runAsNonRoot to false; set it to true.',
      },
    ]);
  });

  it('explicit pod false with unset container', () => {
    const spec = restrictedSpec({
      securityContext: { runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [restrictedContainer('app'), restrictedContainer('ok', { runAsNonRoot: true })],
    });
    const violation = violationOf(evaluate('restricted', 'latest', spec), 'runAsNonRoot');

    expect(violation?.detail).toBe('pod must not set securityContext.runAsNonRoot=false');
    expect(violation?.fields.map((f) => [f.problem, f.path])).toEqual([
      ['forbidden-value', ['spec', 'securityContext', 'runAsNonRoot']],
      ['missing', ['spec', 'containers', 0, 'securityContext', 'runAsNonRoot']],
    ]);
  });

  it('unset everywhere', () => {
    const spec = restrictedSpec({
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [restrictedContainer('a'), restrictedContainer('b', { runAsNonRoot: true })],
    });
    const violation = violationOf(evaluate('restricted', 'latest', spec), 'runAsNonRoot');

    expect(violation?.detail).toBe(
      'pod or container "a" must set securityContext.runAsNonRoot=true',
    );
    expect(violation?.fields).toEqual([
      {
        path: ['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'],
        problem: 'missing',
        container: { list: 'containers', index: 0, name: 'a' },
        message:
          'Container "a" does not set securityContext.runAsNonRoot and does not inherit true from the pod; set runAsNonRoot to true on the container or the pod.',
      },
    ]);
  });

  it('container false under pod true', () => {
    const spec = restrictedSpec({
      containers: [restrictedContainer('a', { runAsNonRoot: false })],
    });
    const violation = violationOf(evaluate('restricted', 'latest', spec), 'runAsNonRoot');

    expect(violation?.detail).toBe('container "a" must not set securityContext.runAsNonRoot=false');
    expect(violation?.fields.map((f) => f.container?.name)).toEqual(['a']);
  });

  it('string value not coerced', () => {
    const spec = restrictedSpec({
      securityContext: { runAsNonRoot: 'true', seccompProfile: { type: 'RuntimeDefault' } },
    });
    const violation = violationOf(evaluate('restricted', 'latest', spec), 'runAsNonRoot');

    expect(violation?.fields[0]?.message).toBe(
      'The pod sets securityContext.runAsNonRoot to "true"; set it to true.',
    );
  });

  it('user namespace relaxation from v1.35', () => {
    const spec = restrictedSpec({
      hostUsers: false,
      securityContext: { runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } },
    });

    expect(checkIds(evaluate('restricted', 'v1.34', spec))).toEqual(['runAsNonRoot']);
    expect(evaluate('restricted', 'v1.35', spec)).toEqual([]);
    expect(evaluate('restricted', 'latest', spec)).toEqual([]);
  });
});

describe('runAsUser', () => {
  const rootSpec = restrictedSpec({
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 0,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [
      restrictedContainer('a', { runAsUser: 0 }),
      restrictedContainer('b', { runAsUser: 1000 }),
    ],
  });

  it('root user at pod and container', () => {
    const violation = violationOf(evaluate('restricted', 'latest', rootSpec), 'runAsUser');

    expect(violation?.reason).toBe('runAsUser=0');
    expect(violation?.detail).toBe('pod and container "a" must not set runAsUser=0');
    expect(violation?.fields.map((f) => f.path)).toEqual([
      ['spec', 'securityContext', 'runAsUser'],
      ['spec', 'containers', 0, 'securityContext', 'runAsUser'],
    ]);
  });

  it('not applied before v1.23', () => {
    expect(evaluate('restricted', 'v1.22', rootSpec)).toEqual([]);
    expect(checkIds(evaluate('restricted', 'v1.23', rootSpec))).toEqual(['runAsUser']);
  });

  it('user namespace relaxation from v1.35', () => {
    const spec = { ...rootSpec, hostUsers: false };

    expect(checkIds(evaluate('restricted', 'v1.34', spec))).toEqual(['runAsUser']);
    expect(evaluate('restricted', 'v1.35', spec)).toEqual([]);
  });
});

describe('seccompProfile_restricted', () => {
  it('container profile without pod profile', () => {
    const spec = restrictedSpec({
      securityContext: { runAsNonRoot: true },
      containers: [
        restrictedContainer('a', {
          seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' },
        }),
        restrictedContainer('b'),
      ],
    });
    const violation = violationOf(
      evaluate('restricted', 'latest', spec),
      'seccompProfile_restricted',
    );

    expect(violation?.reason).toBe('seccompProfile');
    expect(violation?.detail).toBe(
      'pod or container "b" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    );
    expect(violation?.fields.map((f) => [f.problem, f.path])).toEqual([
      ['missing', ['spec', 'containers', 1, 'securityContext', 'seccompProfile', 'type']],
    ]);
  });

  it('explicit bad values', () => {
    const spec = restrictedSpec({
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } },
      containers: [
        restrictedContainer('a', { seccompProfile: { type: 'RuntimeDefault' } }),
        restrictedContainer('b'),
      ],
    });
    const violation = violationOf(
      evaluate('restricted', 'latest', spec),
      'seccompProfile_restricted',
    );

    expect(violation?.detail).toBe(
      'pod must not set securityContext.seccompProfile.type to "Unconfined"',
    );
    expect(violation?.fields.map((f) => [f.problem, f.path])).toEqual([
      ['forbidden-value', ['spec', 'securityContext', 'seccompProfile', 'type']],
      ['missing', ['spec', 'containers', 1, 'securityContext', 'seccompProfile', 'type']],
    ]);
  });

  it('annotations before v1.19', () => {
    const spec = restrictedSpec({ securityContext: { runAsNonRoot: true } });
    const unconfined = {
      annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' },
    };

    expect(evaluate('restricted', 'v1.18', spec)).toEqual([]);
    expect(checkIds(evaluate('restricted', 'v1.18', spec, unconfined))).toEqual([
      'seccompProfile_baseline',
    ]);
    expect(checkIds(evaluate('restricted', 'v1.19', spec, unconfined))).toEqual([
      'seccompProfile_restricted',
    ]);
  });

  it('overrides the baseline check', () => {
    const spec = restrictedSpec({
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } },
    });

    expect(checkIds(evaluate('restricted', 'latest', spec))).toEqual(['seccompProfile_restricted']);
  });
});

describe('capabilities_restricted', () => {
  it('lower-case all', () => {
    const spec = restrictedSpec({
      containers: [restrictedContainer('app', { capabilities: { drop: ['NET_RAW', 'all'] } })],
    });
    const violation = violationOf(
      evaluate('restricted', 'latest', spec),
      'capabilities_restricted',
    );

    expect(violation?.reason).toBe('unrestricted capabilities');
    expect(violation?.detail).toBe(
      'container "app" must set securityContext.capabilities.drop=["ALL"]',
    );
    expect(violation?.fields).toEqual([
      {
        path: ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop', 1],
        problem: 'forbidden-value',
        container: { list: 'containers', index: 0, name: 'app' },
        message:
          'Container "app" drops "all", but the check accepts only the exact upper-case "ALL"; change it to "ALL".',
      },
    ]);
  });

  it('missing drop', () => {
    const spec = restrictedSpec({
      initContainers: [{ name: 'init', securityContext: { allowPrivilegeEscalation: false } }],
      containers: [restrictedContainer('app', { capabilities: { drop: ['NET_RAW'] } })],
    });
    const violation = violationOf(
      evaluate('restricted', 'latest', spec),
      'capabilities_restricted',
    );

    expect(violation?.detail).toBe(
      'containers "init", "app" must set securityContext.capabilities.drop=["ALL"]',
    );
    expect(violation?.fields.map((f) => [f.problem, f.path])).toEqual([
      ['missing', ['spec', 'initContainers', 0, 'securityContext', 'capabilities', 'drop']],
      ['missing', ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop', 1]],
    ]);
  });

  it('added capabilities', () => {
    const spec = restrictedSpec({
      containers: [
        restrictedContainer('web', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }),
        restrictedContainer('worker', { capabilities: { add: ['SYS_ADMIN', 'CHOWN'] } }),
      ],
    });
    const violation = violationOf(
      evaluate('restricted', 'latest', spec),
      'capabilities_restricted',
    );

    expect(violation?.detail).toBe(
      'container "worker" must set securityContext.capabilities.drop=["ALL"]; container "worker" must not include "CHOWN", "SYS_ADMIN" in securityContext.capabilities.add',
    );
    expect(violation?.fields.map((f) => f.path.slice(-2))).toEqual([
      ['capabilities', 'drop'],
      ['add', 0],
      ['add', 1],
    ]);
  });

  it('baseline check before v1.22', () => {
    const spec = restrictedSpec({
      containers: [
        restrictedContainer('a', { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } }),
      ],
    });

    expect(checkIds(evaluate('restricted', 'v1.21', spec))).toEqual(['capabilities_baseline']);
    expect(checkIds(evaluate('restricted', 'v1.22', spec))).toEqual(['capabilities_restricted']);
    expect(
      evaluate(
        'restricted',
        'v1.21',
        restrictedSpec({
          containers: [{ name: 'a', securityContext: { allowPrivilegeEscalation: false } }],
        }),
      ),
    ).toEqual([]);
  });
});

describe('procMount_restricted', () => {
  const spec = restrictedSpec({
    hostUsers: false,
    containers: [restrictedContainer('a', { procMount: 'Unmasked' })],
  });

  it('user namespace pod', () => {
    expect(checkIds(evaluate('restricted', 'v1.34', spec))).toEqual(['procMount']);
    expect(checkIds(evaluate('restricted', 'v1.35', spec))).toEqual(['procMount_restricted']);
    expect(evaluate('baseline', 'v1.35', spec)).toEqual([]);
  });

  it('detail text', () => {
    const violation = violationOf(evaluate('restricted', 'latest', spec), 'procMount_restricted');

    expect(violation?.level).toBe('restricted');
    expect(violation?.reason).toBe('procMount');
    expect(violation?.detail).toBe(
      'container "a" must not set securityContext.procMount to "Unmasked"',
    );
  });
});

describe('Windows pods', () => {
  const windows = {
    os: { name: 'windows' },
    securityContext: { runAsNonRoot: true },
    containers: [{ name: 'app' }],
  };

  it('exemptions from v1.25', () => {
    expect(checkIds(evaluate('restricted', 'v1.24', windows))).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'seccompProfile_restricted',
    ]);
    expect(evaluate('restricted', 'v1.25', windows)).toEqual([]);
  });

  it('other checks still apply', () => {
    const spec = { ...windows, securityContext: { runAsNonRoot: false } };

    expect(checkIds(evaluate('restricted', 'latest', spec))).toEqual(['runAsNonRoot']);
  });
});
