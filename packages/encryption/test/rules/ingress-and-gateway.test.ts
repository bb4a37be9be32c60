import { describe, expect, it } from 'vitest';

import { findingsOf, rangeOf, suggested, yaml } from '../helpers.js';

function ingress(annotations: readonly string[], spec: readonly string[]): string {
  return yaml([
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    '  name: portal',
    '  namespace: clinic',
    ...(annotations.length > 0 ? ['  annotations:', ...annotations] : []),
    'spec:',
    ...spec,
  ]);
}

const RULES = [
  '  rules:',
  '    - host: portal.example.com',
  '      http:',
  '        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]',
  '    - host: api.example.com',
  '      http:',
  '        paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}]',
];

describe('require-ingress-tls', () => {
  const id = 'require-ingress-tls';

  it('every host covered, one by wildcard', () => {
    const text = ingress(
      [],
      [
        '  tls:',
        '    - hosts: [portal.example.com, "*.example.com"]',
        '      secretName: portal-tls',
        ...RULES,
      ],
    );
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('entry without hosts covers all', () => {
    expect(
      findingsOf(ingress([], ['  tls:', '    - secretName: portal-tls', ...RULES]), id),
    ).toEqual([]);
  });

  it('default backend only', () => {
    const text = ingress(
      [],
      ['  defaultBackend:', '    service:', '      name: app', '      port: {number: 80}'],
    );
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('no spec.tls', () => {
    const [finding] = findingsOf(ingress([], RULES), id);
    expect(finding!.message).toBe(
      'Ingress "portal" has no spec.tls, so it serves "portal.example.com", "api.example.com" over plain HTTP; add a spec.tls entry with the hosts and a secretName.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 6, startColumn: 1, endLine: 6, endColumn: 5 });
  });

  it('one host uncovered', () => {
    const text = ingress(
      [],
      ['  tls:', '    - hosts: [portal.example.com]', '      secretName: portal-tls', ...RULES],
    );
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'Host "api.example.com" of Ingress "portal" is in no spec.tls entry, so it is served over plain HTTP; add it to the hosts of a spec.tls entry.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 14,
      startColumn: 13,
      endLine: 14,
      endColumn: 28,
    });
  });

  it('wildcard covers one label only', () => {
    const text = ingress(
      [],
      ['  tls:', '    - hosts: ["*.com"]', '      secretName: portal-tls', ...RULES],
    );
    expect(findingsOf(text, id)).toHaveLength(2);
  });
});

describe('no-ingress-https-redirect-disabled', () => {
  const id = 'no-ingress-https-redirect-disabled';
  const TLS = [
    '  tls: [{hosts: [portal.example.com], secretName: portal-tls}]',
    ...RULES.slice(0, 4),
  ];

  it('redirect left on', () => {
    expect(
      findingsOf(ingress(['    nginx.ingress.kubernetes.io/ssl-redirect: "true"'], TLS), id),
    ).toEqual([]);
    expect(
      findingsOf(ingress(['    nginx.ingress.kubernetes.io/force-ssl-redirect: "false"'], TLS), id),
    ).toEqual([]);
    expect(
      findingsOf(
        ingress(['    traefik.ingress.kubernetes.io/router.entrypoints: websecure'], TLS),
        id,
      ),
    ).toEqual([]);
  });

  it('ingress-nginx redirect off with suggestions', () => {
    const text = ingress(
      [
        '    nginx.ingress.kubernetes.io/ssl-redirect: "false"',
        '    nginx.ingress.kubernetes.io/proxy-body-size: 8m',
      ],
      TLS,
    );
    const [finding, ...rest] = findingsOf(text, id);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'Annotation "nginx.ingress.kubernetes.io/ssl-redirect: false" turns off the redirect from HTTP to HTTPS on Ingress "portal"; remove it.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 7, startColumn: 5, endLine: 7, endColumn: 45 });
    expect(suggested(text, finding!, 0)).toBe(
      text.replace('    nginx.ingress.kubernetes.io/ssl-redirect: "false"\n', ''),
    );
    expect(suggested(text, finding!, 1)).toBe(
      text.replace('ssl-redirect: "false"', 'ssl-redirect: "true"'),
    );
  });

  it('HAProxy and F5 NGINX annotations', () => {
    for (const key of [
      'haproxy.org/ssl-redirect',
      'haproxy-ingress.github.io/ssl-redirect',
      'nginx.org/ssl-redirect',
      'ingress.kubernetes.io/ssl-redirect',
    ]) {
      expect(findingsOf(ingress([`    ${key}: "False"`], TLS), id), key).toHaveLength(1);
    }
  });

  it('Traefik router only on the web entry point', () => {
    const text = ingress(['    traefik.ingress.kubernetes.io/router.entrypoints: web'], TLS);
    const [finding] = findingsOf(text, id);
    expect(finding!.message).toBe(
      'Annotation "traefik.ingress.kubernetes.io/router.entrypoints: web" attaches Ingress "portal" only to plain-HTTP entry points; use the TLS entry point, such as websecure.',
    );
    expect(rangeOf(finding!)).toEqual({ startLine: 7, startColumn: 55, endLine: 7, endColumn: 58 });
    const custom = { options: { [id]: { plainEntryPoints: ['http'] } } };
    expect(findingsOf(text, id, custom)).toEqual([]);
  });
});

describe('require-ingress-tls-secret', () => {
  const id = 'require-ingress-tls-secret';

  it('entry with secretName', () => {
    expect(
      findingsOf(
        ingress(
          [],
          ['  tls:', '    - hosts: [portal.example.com]', '      secretName: portal-tls'],
        ),
        id,
      ),
    ).toEqual([]);
  });

  it('entry without secretName', () => {
    const [finding] = findingsOf(ingress([], ['  tls:', '    - hosts: [portal.example.com]']), id);
    expect(finding!.message).toBe(
      'The spec.tls[0] entry of Ingress "portal" names no secretName, so the controller serves its default certificate; set secretName to the Secret that holds the certificate.',
    );
    // The entry has no key to point at, so the engine marks the value that identifies it.
    expect(rangeOf(finding!)).toEqual({ startLine: 8, startColumn: 14, endLine: 8, endColumn: 34 });
  });

  it('Secret missing from complete manifests', () => {
    const text = ingress(
      [],
      ['  tls:', '    - hosts: [portal.example.com]', '      secretName: portal-tls'],
    );
    const [finding] = findingsOf(text, id, { completeManifests: true });
    expect(finding!.message).toContain(
      'TLS Secret "portal-tls" of Ingress "portal" is not in the manifests and no Certificate produces it',
    );
    const shim = ingress(
      ['    cert-manager.io/cluster-issuer: letsencrypt'],
      ['  tls:', '    - hosts: [portal.example.com]', '      secretName: portal-tls'],
    );
    expect(findingsOf(shim, id, { completeManifests: true })).toEqual([]);
  });
});

function gateway(listeners: readonly string[]): string[] {
  return [
    'apiVersion: gateway.networking.k8s.io/v1',
    'kind: Gateway',
    'metadata:',
    '  name: edge',
    '  namespace: infra',
    'spec:',
    '  gatewayClassName: example',
    '  listeners:',
    ...listeners,
  ];
}

describe('require-gateway-tls', () => {
  const id = 'require-gateway-tls';
  const HTTPS = [
    '    - name: https',
    '      protocol: HTTPS',
    '      port: 443',
    '      tls:',
    '        certificateRefs: [{name: edge-tls}]',
  ];
  const HTTP = ['    - name: http', '      protocol: HTTP', '      port: 80'];

  it('HTTPS with certificate and TLS passthrough', () => {
    const text = yaml(
      gateway([
        ...HTTPS,
        '    - name: tls',
        '      protocol: TLS',
        '      port: 8443',
        '      tls: {mode: Passthrough}',
      ]),
    );
    expect(findingsOf(text, id)).toEqual([]);
  });

  it('HTTP listener that only redirects', () => {
    const route = [
      '---',
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: HTTPRoute',
      'metadata:',
      '  name: redirect',
      '  namespace: infra',
      'spec:',
      '  parentRefs: [{name: edge, sectionName: http}]',
      '  rules:',
      '    - filters: [{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}]',
    ];
    expect(findingsOf(yaml([...gateway([...HTTP, ...HTTPS]), ...route]), id)).toEqual([]);
    const pathOnly = yaml([...gateway([...HTTP, ...HTTPS]), ...route]).replace(
      'scheme: https, ',
      '',
    );
    expect(findingsOf(pathOnly, id)).toHaveLength(1);
  });

  it('plain HTTP listener', () => {
    const [finding] = findingsOf(yaml(gateway(HTTP)), id);
    expect(finding!.message).toBe(
      'Listener "http" of Gateway "edge" uses protocol HTTP, so traffic crosses the network unencrypted; use HTTPS with tls.certificateRefs, or attach only HTTPRoutes that redirect to https.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 10,
      startColumn: 17,
      endLine: 10,
      endColumn: 21,
    });
  });

  it('HTTPS without certificateRefs', () => {
    const [finding] = findingsOf(
      yaml(
        gateway([
          '    - name: https',
          '      protocol: HTTPS',
          '      port: 443',
          '      tls: {mode: Terminate}',
        ]),
      ),
      id,
    );
    expect(finding!.message).toBe(
      'Listener "https" of Gateway "edge" uses protocol "HTTPS" in "Terminate" mode without tls.certificateRefs, so it has no certificate to present; name the certificate Secret in tls.certificateRefs.',
    );
    expect(rangeOf(finding!)).toEqual({
      startLine: 12,
      startColumn: 7,
      endLine: 12,
      endColumn: 10,
    });
  });

  it('Istio Gateway is another kind', () => {
    const text = yaml([
      'apiVersion: networking.istio.io/v1',
      'kind: Gateway',
      'metadata: {name: edge}',
      'spec:',
      '  servers: [{port: {number: 80, protocol: HTTP}}]',
    ]);
    expect(findingsOf(text, id)).toEqual([]);
  });
});
