import { describe, expect, it } from 'vitest';

import { findTemplate, parsePorts, POLICY_TEMPLATES } from '../src/policy-templates.js';

describe('POLICY_TEMPLATES', () => {
  it('lists the five templates in picker order', () => {
    expect(POLICY_TEMPLATES.map((template) => template.id)).toEqual([
      'default-deny',
      'gateway-to-apps',
      'apps-to-db',
      'deny-cross-namespace',
      'dns-egress',
    ]);
  });

  it('default deny selects every pod', () => {
    const [policy] = findTemplate('default-deny')!.generate({ namespace: 'clinic' });
    expect(policy?.metadata).toMatchObject({ name: 'default-deny-all', namespace: 'clinic' });
    expect(policy?.spec.podSelector).toEqual({});
    expect(policy?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  it('gateway to apps allows both directions', () => {
    const policies = findTemplate('gateway-to-apps')!.generate({
      namespace: 'clinic',
      gatewayNamespace: 'gateway',
      appSelector: { 'app.kubernetes.io/name': 'api' },
      ports: [8080],
    });
    expect(
      policies.map((policy) => `${policy.metadata.namespace}/${policy.metadata.name}`),
    ).toEqual(['clinic/allow-ingress-from-gateway', 'gateway/allow-egress-gateway-to-clinic']);
  });

  it('apps to database defaults to PostgreSQL port', () => {
    const policies = findTemplate('apps-to-db')!.generate({
      namespace: 'clinic',
      appSelector: { app: 'api' },
      dbSelector: { app: 'postgres' },
    });
    expect(JSON.stringify(policies)).toContain('"port":5432');
  });

  it('missing selector names the field', () => {
    expect(() => findTemplate('apps-to-db')!.generate({ namespace: 'clinic' })).toThrow(
      'Missing appSelector: the template needs it.',
    );
  });

  it('invalid namespace raises the generator error', () => {
    expect(() => findTemplate('dns-egress')!.generate({ namespace: 'Clinic' })).toThrow(
      /Invalid namespace "Clinic"/,
    );
  });
});

describe('parsePorts', () => {
  it('numbers and names', () => {
    expect(parsePorts('8080, http ,')).toEqual([8080, 'http']);
  });
});
