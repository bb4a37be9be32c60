import { check, loadObjects, SourceFile } from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import { createGenerators } from '../../src/generators.js';
import { createRegistry } from '../../src/registry.js';
import { run } from '../helpers.js';

const NETPOL = [
  'default-deny-all',
  'allow-gateway-to-apps',
  'allow-apps-to-db',
  'deny-cross-namespace',
  'allow-dns-egress',
  'egress-allow-list',
];

describe('generate --list', () => {
  it('every area listed', async () => {
    const result = await run(['generate', '--list']);

    expect(result.code).toBe(0);
    for (const area of ['audit', 'encryption', 'network', 'pod-security', 'rbac'])
      expect(result.stdout).toContain(`  (${area})`);
    for (const name of NETPOL) expect(result.stdout).toContain(`${name}  (network)`);
  });

  it('every generator listed', async () => {
    const result = await run(['generate', '--list']);

    for (const name of createGenerators().keys()) expect(result.stdout).toContain(`${name}  (`);
  });
});

describe('netpol generators', () => {
  it.each([
    [['default-deny-all', '--namespace', 'clinic'], ['clinic/default-deny-all']],
    [
      [
        'allow-gateway-to-apps',
        '--namespace',
        'clinic',
        '--gateway-namespace',
        'gateway',
        '--gateway-selector',
        'app=gateway',
        '--app-selector',
        'app=api',
        '--ports',
        '8080,TCP/8443',
      ],
      ['clinic/allow-ingress-from-gateway', 'gateway/allow-egress-gateway-to-clinic'],
    ],
    [
      [
        'allow-gateway-to-apps',
        '--namespace',
        'clinic',
        '--gateway-namespace',
        'gateway',
        '--app-selector',
        'app=api',
        '--ports',
        '8080',
        '--skip-gateway-egress',
      ],
      ['clinic/allow-ingress-from-gateway'],
    ],
    [
      [
        'allow-apps-to-db',
        '--namespace',
        'clinic',
        '--app-selector',
        'app=api',
        '--db-selector',
        'app=postgres',
      ],
      ['clinic/allow-ingress-apps-to-db', 'clinic/allow-egress-apps-to-db'],
    ],
    [['deny-cross-namespace', '--namespace', 'clinic'], ['clinic/deny-cross-namespace']],
    [['allow-dns-egress', '--namespace', 'clinic'], ['clinic/allow-dns-egress']],
    [
      [
        'egress-allow-list',
        '--namespace',
        'clinic',
        '--pod-selector',
        'app=api',
        '--name',
        'payments',
        '--cidr',
        '203.0.113.0/24',
        '--ports',
        '443',
      ],
      ['clinic/allow-egress-payments'],
    ],
  ])('%j', async (argv, names) => {
    const result = await run(['generate', ...argv]);

    expect(result.stderr).toBe('');
    const objects = loadObjects(result.stdout).objects;
    expect(objects.map((object) => `${object.namespace ?? ''}/${object.name ?? ''}`)).toEqual(
      names,
    );
    const findings = check([new SourceFile('generated.yaml', result.stdout)], {
      registry: createRegistry(),
    }).findings;
    expect(
      findings.filter((finding) => finding.severity === 'error').map((finding) => finding.message),
    ).toEqual([]);
  });

  it('database port by name', async () => {
    const result = await run([
      'generate',
      'allow-apps-to-db',
      '--namespace',
      'clinic',
      '--app-selector',
      'app=api',
      '--db-selector',
      'app=postgres',
      '--db-port',
      'postgres',
    ]);

    const spec = loadObjects(result.stdout).objects[0]!.value.spec as {
      ingress: { ports: unknown[] }[];
    };
    expect(spec.ingress[0]!.ports).toEqual([{ protocol: 'TCP', port: 'postgres' }]);
  });

  it.each([
    [
      [
        'allow-gateway-to-apps',
        '--namespace',
        'clinic',
        '--app-selector',
        'app=api',
        '--ports',
        '8080',
      ],
      'set gatewayNamespace, gatewayPodSelector or both',
    ],
    [
      [
        'egress-allow-list',
        '--namespace',
        'clinic',
        '--pod-selector',
        'app=api',
        '--name',
        'x',
        '--cidr',
        '203.0.113.1/24',
      ],
      'it is not canonical; use 203.0.113.0/24',
    ],
    [['allow-dns-egress', '--namespace', 'Clinic'], 'Invalid namespace "Clinic"'],
    [
      [
        'allow-gateway-to-apps',
        '--namespace',
        'clinic',
        '--gateway-namespace',
        'gateway',
        '--app-selector',
        'app=api',
        '--ports',
        'QUIC/443',
      ],
      'the protocol before "/" must be TCP, UDP or SCTP',
    ],
  ])('rejects %j', async (argv, message) => {
    const result = await run(['generate', ...argv]);

    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
  });
});
