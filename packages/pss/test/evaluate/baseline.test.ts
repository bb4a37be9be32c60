import { describe, expect, it } from 'vitest';
import { checkIds, evaluate, violationOf } from './helpers.js';

const app = { name: 'app', image: 'registry.example.com/app:1.0' };

describe('hostNamespaces', () => {
  it('each host namespace field', () => {
    const violations = evaluate('baseline', 'latest', {
      hostPID: true,
      hostNetwork: true,
      hostIPC: true,
      containers: [app],
    });
    const violation = violationOf(violations, 'hostNamespaces');

    expect(violation?.reason).toBe('host namespaces');
    expect(violation?.detail).toBe('hostIPC, hostNetwork, hostPID');
    expect(violation?.fields.map((f) => f.path)).toEqual([
      ['spec', 'hostNetwork'],
      ['spec', 'hostPID'],
      ['spec', 'hostIPC'],
    ]);
    expect(violation?.fields[0]?.message).toBe(
      'The pod sets hostNetwork to true; remove it or set it to false.',
    );
    expect(violation?.fields[0]?.container).toBeUndefined();
  });

  it('false and string values', () => {
    const violations = evaluate('baseline', 'latest', {
      hostNetwork: false,
      hostPID: 'true',
      containers: [app],
    });

    expect(violations).toEqual([]);
  });
});

describe('privileged', () => {
  it('containers of every list', () => {
    const spec = {
      initContainers: [{ name: 'setup', securityContext: { privileged: true } }],
      containers: [{ name: 'app', securityContext: { privileged: false } }],
      ephemeralContainers: [{ name: 'debugger', securityContext: { privileged: true } }],
    };
    const violation = violationOf(evaluate('baseline', 'v1.0', spec), 'privileged');

    expect(violation?.reason).toBe('privileged');
    expect(violation?.detail).toBe(
      'containers "setup", "debugger" must not set securityContext.privileged=true',
    );
    expect(violation?.fields).toEqual([
      {
        path: ['spec', 'initContainers', 0, 'securityContext', 'privileged'],
        problem: 'forbidden-value',
        container: { list: 'initContainers', index: 0, name: 'setup' },
        message:
          'Init container "setup" sets securityContext.privileged to true; remove it or set it to false.',
      },
      {
        path: ['spec', 'ephemeralContainers', 0, 'securityContext', 'privileged'],
        problem: 'forbidden-value',
        container: { list: 'ephemeralContainers', index: 0, name: 'debugger' },
        message:
          'Ephemeral container "debugger" sets securityContext.privileged to true; remove it or set it to false.',
      },
    ]);
  });

  it('string value not coerced', () => {
    const spec = { containers: [{ name: 'app', securityContext: { privileged: 'true' } }] };

    expect(evaluate('baseline', 'latest', spec)).toEqual([]);
  });

  it('unnamed container label', () => {
    const spec = { containers: [{ securityContext: { privileged: true } }] };
    const violation = violationOf(evaluate('baseline', 'latest', spec), 'privileged');

    expect(violation?.detail).toBe('container "" must not set securityContext.privileged=true');
    expect(violation?.fields[0]?.message).toBe(
      'Container at containers[0] sets securityContext.privileged to true; remove it or set it to false.',
    );
  });
});

describe('capabilities_baseline', () => {
  it('default capabilities', () => {
    const spec = {
      containers: [
        {
          name: 'app',
          securityContext: { capabilities: { add: ['CHOWN', 'NET_BIND_SERVICE', 'SYS_CHROOT'] } },
        },
      ],
    };

    expect(evaluate('baseline', 'latest', spec)).toEqual([]);
  });

  it('added capabilities outside the default set', () => {
    const spec = {
      containers: [
        {
          name: 'a',
          securityContext: { capabilities: { add: ['CHOWN', 'SYS_ADMIN', 'NET_RAW'] } },
        },
        { name: 'b', securityContext: { capabilities: { add: ['chown', 'SYS_ADMIN'] } } },
      ],
    };
    const violation = violationOf(evaluate('baseline', 'latest', spec), 'capabilities_baseline');

    expect(violation?.reason).toBe('non-default capabilities');
    expect(violation?.detail).toBe(
      'containers "a", "b" must not include "NET_RAW", "SYS_ADMIN", "chown" in securityContext.capabilities.add',
    );
    expect(violation?.fields.map((f) => f.path)).toEqual([
      ['spec', 'containers', 0, 'securityContext', 'capabilities', 'add', 1],
      ['spec', 'containers', 0, 'securityContext', 'capabilities', 'add', 2],
      ['spec', 'containers', 1, 'securityContext', 'capabilities', 'add', 0],
      ['spec', 'containers', 1, 'securityContext', 'capabilities', 'add', 1],
    ]);
    expect(violation?.fields[0]?.message).toBe(
      'Container "a" adds capability "SYS_ADMIN", which is outside the default set that baseline allows; remove it from securityContext.capabilities.add.',
    );
  });
});

describe('hostPathVolumes', () => {
  it('hostPath volume', () => {
    const spec = {
      containers: [app],
      volumes: [
        { name: 'data', emptyDir: {} },
        { name: 'logs', hostPath: { path: '/var/log' } },
        { name: 'root', hostPath: { path: '/' } },
      ],
    };
    const violation = violationOf(evaluate('baseline', 'latest', spec), 'hostPathVolumes');

    expect(violation?.reason).toBe('hostPath volumes');
    expect(violation?.detail).toBe('volumes "logs", "root"');
    expect(violation?.fields.map((f) => f.path)).toEqual([
      ['spec', 'volumes', 1, 'hostPath'],
      ['spec', 'volumes', 2, 'hostPath'],
    ]);
  });

  it('null hostPath', () => {
    const spec = { containers: [app], volumes: [{ name: 'logs', hostPath: null }] };

    expect(evaluate('baseline', 'latest', spec)).toEqual([]);
  });
});

describe('hostPorts', () => {
  it('non-zero host ports', () => {
    const spec = {
      containers: [
        {
          name: 'a',
          ports: [
            { containerPort: 80, hostPort: 8080 },
            { containerPort: 81, hostPort: 0 },
          ],
        },
        { name: 'b', ports: [{ containerPort: 443, hostPort: 10443 }] },
      ],
    };
    const violation = violationOf(evaluate('baseline', 'latest', spec), 'hostPorts');

    expect(violation?.reason).toBe('hostPort');
    expect(violation?.detail).toBe('containers "a", "b" use hostPorts 10443, 8080');
    expect(violation?.fields.map((f) => f.path)).toEqual([
      ['spec', 'containers', 0, 'ports', 0, 'hostPort'],
      ['spec', 'containers', 1, 'ports', 0, 'hostPort'],
    ]);
  });

  it('single host port wording', () => {
    const spec = { containers: [{ name: 'a', ports: [{ hostPort: 53 }] }] };
    const violation = violationOf(evaluate('baseline', 'latest', spec), 'hostPorts');

    expect(violation?.detail).toBe('container "a" uses hostPort 53');
  });
});

describe('appArmorProfile', () => {
  it('pod field Unconfined', () => {
    const spec = {
      securityContext: { appArmorProfile: { type: 'Unconfined' } },
      containers: [app],
    };
    const violation = violationOf(evaluate('baseline', 'latest', spec), 'appArmorProfile');

    expect(violation?.reason).toBe('forbidden AppArmor profile');
    expect(violation?.detail).toBe('pod must not set AppArmor profile type to "Unconfined"');
    expect(violation?.fields).toEqual([
      {
        path: ['spec', 'securityContext', 'appArmorProfile', 'type'],
        problem: 'forbidden-value',
        message:
          'The pod sets securityContext.appArmorProfile.type to "Unconfined"; set it to "RuntimeDefault" or "Localhost".',
      },
    ]);
  });

  it('container fields of every list', () => {
    const unconfined = { appArmorProfile: { type: 'Unconfined' } };
    const spec = {
      securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
      initContainers: [{ name: 'init', securityContext: unconfined }],
      containers: [
        {
          name: 'app',
          securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } },
        },
      ],
      ephemeralContainers: [{ name: 'debug', securityContext: unconfined }],
    };
    const violation = violationOf(evaluate('baseline', 'latest', spec), 'appArmorProfile');

    expect(violation?.detail).toBe(
      'containers "init", "debug" must not set AppArmor profile type to "Unconfined"',
    );
    expect(violation?.fields.map((f) => f.container?.list)).toEqual([
      'initContainers',
      'ephemeralContainers',
    ]);
  });

  it('field form at v1.0', () => {
    const spec = {
      containers: [{ name: 'app', securityContext: { appArmorProfile: { type: 'Unconfined' } } }],
    };

    expect(checkIds(evaluate('baseline', 'v1.0', spec))).toEqual(['appArmorProfile']);
  });

  it('profile without a type', () => {
    const spec = { containers: [{ name: 'app', securityContext: { appArmorProfile: {} } }] };
    const violation = violationOf(evaluate('baseline', 'latest', spec), 'appArmorProfile');

    expect(violation?.detail).toBe('container "app" must not set AppArmor profile type to ""');
    expect(violation?.fields[0]?.problem).toBe('missing');
    expect(violation?.fields[0]?.path).toEqual([
      'spec',
      'containers',
      0,
      'securityContext',
      'appArmorProfile',
      'type',
    ]);
  });

  it('annotation values', () => {
    const prefix = 'container.apparmor.security.beta.kubernetes.io/';
    const metadata = {
      annotations: {
        [prefix]: 'bogus',
        [`${prefix}a`]: '',
        [`${prefix}b`]: 'runtime/default',
        [`${prefix}c`]: 'localhost/',
        [`${prefix}d`]: 'localhost/foo',
        [`${prefix}e`]: 'unconfined',
        [`${prefix}f`]: 'unknown',
        env: 'prod',
      },
    };
    const violation = violationOf(
      evaluate('baseline', 'latest', { containers: [app] }, metadata),
      'appArmorProfile',
    );

    expect(violation?.reason).toBe('forbidden AppArmor profiles');
    expect(violation?.detail).toBe(
      'annotations must not set AppArmor profile type to ' +
        '"container.apparmor.security.beta.kubernetes.io/="bogus"", ' +
        '"container.apparmor.security.beta.kubernetes.io/e="unconfined"", ' +
        '"container.apparmor.security.beta.kubernetes.io/f="unknown""',
    );
    expect(violation?.fields.map((f) => f.path)).toEqual([
      ['metadata', 'annotations', prefix],
      ['metadata', 'annotations', `${prefix}e`],
      ['metadata', 'annotations', `${prefix}f`],
    ]);
    expect(violation?.fields[1]?.message).toBe(
      'Annotation "container.apparmor.security.beta.kubernetes.io/e" is set to "unconfined"; set it to "runtime/default" or "localhost/<profile>", or remove it.',
    );
  });

  it('field and annotation together', () => {
    const spec = {
      securityContext: { appArmorProfile: { type: 'Unconfined' } },
      containers: [app],
    };
    const metadata = {
      annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' },
    };
    const violation = violationOf(
      evaluate('baseline', 'latest', spec, metadata),
      'appArmorProfile',
    );

    expect(violation?.reason).toBe('forbidden AppArmor profiles');
    expect(violation?.detail).toBe(
      'pod and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/app="unconfined""',
    );
  });
});

describe('seLinuxOptions', () => {
  it('allowed types', () => {
    const spec = {
      securityContext: { seLinuxOptions: { type: 'container_t', level: 's0:c123,c456' } },
      containers: [
        { name: 'a', securityContext: { seLinuxOptions: { type: 'container_init_t' } } },
        { name: 'b', securityContext: { seLinuxOptions: { type: 'container_kvm_t' } } },
      ],
    };

    expect(evaluate('baseline', 'v1.0', spec)).toEqual([]);
  });

  it('container_engine_t from v1.31', () => {
    const spec = {
      containers: [
        { name: 'a', securityContext: { seLinuxOptions: { type: 'container_engine_t' } } },
      ],
    };

    expect(checkIds(evaluate('baseline', 'v1.30', spec))).toEqual(['seLinuxOptions']);
    expect(evaluate('baseline', 'v1.31', spec)).toEqual([]);
    expect(evaluate('baseline', 'latest', spec)).toEqual([]);
  });

  it('user only', () => {
    const spec = { securityContext: { seLinuxOptions: { user: 'bad' } }, containers: [app] };
    const violation = violationOf(evaluate('baseline', 'latest', spec), 'seLinuxOptions');

    expect(violation?.reason).toBe('seLinuxOptions');
    expect(violation?.detail).toBe(
      'pod set forbidden securityContext.seLinuxOptions: user may not be set',
    );
    expect(violation?.fields.map((f) => f.path)).toEqual([
      ['spec', 'securityContext', 'seLinuxOptions', 'user'],
    ]);
  });

  it('type, user and role', () => {
    const spec = {
      securityContext: { seLinuxOptions: { type: 'spc_t' } },
      containers: [
        { name: 'a', securityContext: { seLinuxOptions: { type: 'foo_t', user: 'u', role: 'r' } } },
      ],
    };
    const violation = violationOf(evaluate('baseline', 'latest', spec), 'seLinuxOptions');

    expect(violation?.detail).toBe(
      'pod and container "a" set forbidden securityContext.seLinuxOptions: types "foo_t", "spc_t"; user may not be set; role may not be set',
    );
    expect(violation?.fields.map((f) => f.path.slice(-1)[0])).toEqual([
      'type',
      'type',
      'user',
      'role',
    ]);
    expect(violation?.fields[0]?.message).toBe(
      'The pod sets securityContext.seLinuxOptions.type to "spc_t"; remove it or use one of container_t, container_init_t, container_kvm_t, container_engine_t.',
    );
  });
});

describe('procMount', () => {
  const unmasked = { containers: [{ name: 'a', securityContext: { procMount: 'Unmasked' } }] };

  it('Unmasked', () => {
    const violation = violationOf(evaluate('baseline', 'latest', unmasked), 'procMount');

    expect(violation?.reason).toBe('procMount');
    expect(violation?.detail).toBe(
      'container "a" must not set securityContext.procMount to "Unmasked"',
    );
    expect(violation?.fields[0]?.path).toEqual([
      'spec',
      'containers',
      0,
      'securityContext',
      'procMount',
    ]);
  });

  it('Default', () => {
    const spec = { containers: [{ name: 'a', securityContext: { procMount: 'Default' } }] };

    expect(evaluate('baseline', 'latest', spec)).toEqual([]);
  });

  it('user namespace relaxation from v1.35', () => {
    const spec = { ...unmasked, hostUsers: false };

    expect(checkIds(evaluate('baseline', 'v1.34', spec))).toEqual(['procMount']);
    expect(evaluate('baseline', 'v1.35', spec)).toEqual([]);
    expect(checkIds(evaluate('baseline', 'v1.35', { ...unmasked, hostUsers: true }))).toEqual([
      'procMount',
    ]);
  });
});

describe('seccompProfile_baseline', () => {
  it('annotations before v1.19', () => {
    const metadata = {
      annotations: {
        'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
        'container.seccomp.security.alpha.kubernetes.io/app': 'docker/default',
        'container.seccomp.security.alpha.kubernetes.io/init': 'unconfined',
        'container.seccomp.security.alpha.kubernetes.io/absent': 'unconfined',
      },
    };
    const spec = { initContainers: [{ name: 'init' }], containers: [app] };
    const violation = violationOf(
      evaluate('baseline', 'v1.18', spec, metadata),
      'seccompProfile_baseline',
    );

    expect(violation?.reason).toBe('seccompProfile');
    expect(violation?.detail).toBe(
      'forbidden annotations container.seccomp.security.alpha.kubernetes.io/init="unconfined", seccomp.security.alpha.kubernetes.io/pod="unconfined"',
    );
    expect(violation?.fields.map((f) => f.path)).toEqual([
      ['metadata', 'annotations', 'seccomp.security.alpha.kubernetes.io/pod'],
      ['metadata', 'annotations', 'container.seccomp.security.alpha.kubernetes.io/init'],
    ]);
  });

  it('fields ignored before v1.19', () => {
    const spec = { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [app] };

    expect(evaluate('baseline', 'v1.18', spec)).toEqual([]);
    expect(checkIds(evaluate('baseline', 'v1.19', spec))).toEqual(['seccompProfile_baseline']);
  });

  it('annotations ignored from v1.19', () => {
    const metadata = { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } };

    expect(evaluate('baseline', 'v1.19', { containers: [app] }, metadata)).toEqual([]);
  });

  it('field values', () => {
    const spec = {
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: [
        {
          name: 'a',
          securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } },
        },
        { name: 'b', securityContext: { seccompProfile: { type: 'Unconfined' } } },
        { name: 'c' },
      ],
    };
    const violation = violationOf(evaluate('baseline', 'latest', spec), 'seccompProfile_baseline');

    expect(violation?.detail).toBe(
      'pod and container "b" must not set securityContext.seccompProfile.type to "Unconfined"',
    );
    expect(violation?.fields.map((f) => f.path)).toEqual([
      ['spec', 'securityContext', 'seccompProfile', 'type'],
      ['spec', 'containers', 1, 'securityContext', 'seccompProfile', 'type'],
    ]);
  });
});

describe('sysctls', () => {
  const withSysctls = (...names: string[]) => ({
    securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) },
    containers: [app],
  });

  it('unsafe sysctls', () => {
    const violation = violationOf(
      evaluate(
        'baseline',
        'latest',
        withSysctls('kernel.msgmax', 'net.ipv4.tcp_syncookies', 'kernel.sem'),
      ),
      'sysctls',
    );

    expect(violation?.reason).toBe('forbidden sysctls');
    expect(violation?.detail).toBe('kernel.msgmax, kernel.sem');
    expect(violation?.fields.map((f) => f.path)).toEqual([
      ['spec', 'securityContext', 'sysctls', 0, 'name'],
      ['spec', 'securityContext', 'sysctls', 2, 'name'],
    ]);
  });

  it('allow-list by version', () => {
    const cases: [string, string, string][] = [
      ['net.ipv4.ip_local_reserved_ports', 'v1.26', 'v1.27'],
      ['net.ipv4.tcp_keepalive_time', 'v1.28', 'v1.29'],
      ['net.ipv4.tcp_fin_timeout', 'v1.28', 'v1.29'],
      ['net.ipv4.tcp_keepalive_intvl', 'v1.28', 'v1.29'],
      ['net.ipv4.tcp_keepalive_probes', 'v1.28', 'v1.29'],
      ['net.ipv4.tcp_rmem', 'v1.31', 'v1.32'],
      ['net.ipv4.tcp_wmem', 'v1.31', 'v1.32'],
      ['net.ipv4.tcp_slow_start_after_idle', 'v1.36', 'v1.37'],
      ['net.ipv4.tcp_notsent_lowat', 'v1.36', 'v1.37'],
    ];
    for (const [name, before, from] of cases) {
      expect(
        checkIds(evaluate('baseline', before, withSysctls(name))),
        `${name} at ${before}`,
      ).toEqual(['sysctls']);
      expect(evaluate('baseline', from, withSysctls(name)), `${name} at ${from}`).toEqual([]);
    }
  });
});

describe('windowsHostProcess', () => {
  it('pod and container', () => {
    const hostProcess = { windowsOptions: { hostProcess: true } };
    const spec = {
      securityContext: hostProcess,
      containers: [{ name: 'a', securityContext: hostProcess }, { name: 'b' }],
    };
    const violation = violationOf(evaluate('baseline', 'latest', spec), 'windowsHostProcess');

    expect(violation?.reason).toBe('hostProcess');
    expect(violation?.detail).toBe(
      'pod and container "a" must not set securityContext.windowsOptions.hostProcess=true',
    );
    expect(violation?.fields.map((f) => f.path)).toEqual([
      ['spec', 'securityContext', 'windowsOptions', 'hostProcess'],
      ['spec', 'containers', 0, 'securityContext', 'windowsOptions', 'hostProcess'],
    ]);
  });
});

describe('hostProbesAndHostLifecycle', () => {
  const spec = {
    initContainers: [{ name: 'z', startupProbe: { tcpSocket: { port: 1, host: '10.0.0.1' } } }],
    containers: [
      {
        name: 'a',
        livenessProbe: { httpGet: { port: 80, host: 'example.com' } },
        readinessProbe: { httpGet: { port: 80, host: '' } },
        lifecycle: { preStop: { httpGet: { port: 80, host: 'example.com' } } },
      },
    ],
  };

  it('not applied before v1.34', () => {
    expect(evaluate('baseline', 'v1.33', spec)).toEqual([]);
  });

  it('probe and lifecycle hosts', () => {
    const violation = violationOf(
      evaluate('baseline', 'v1.34', spec),
      'hostProbesAndHostLifecycle',
    );

    expect(violation?.reason).toBe('probe or lifecycle host');
    expect(violation?.detail).toBe(
      'containers "a", "z" use probe or lifecycle hosts "10.0.0.1", "example.com"',
    );
    expect(violation?.fields.map((f) => f.path)).toEqual([
      ['spec', 'initContainers', 0, 'startupProbe', 'tcpSocket', 'host'],
      ['spec', 'containers', 0, 'livenessProbe', 'httpGet', 'host'],
      ['spec', 'containers', 0, 'lifecycle', 'preStop', 'httpGet', 'host'],
    ]);
    expect(violation?.fields[2]?.message).toBe(
      'Container "a" sets lifecycle.preStop.httpGet.host to "example.com"; remove host so that the kubelet connects to the pod\'s own IP address.',
    );
  });
});
