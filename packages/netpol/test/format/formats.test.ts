import { describe, expect, it } from 'vitest';
import {
  analyzeConnectivity,
  formatConnections,
  OUTPUT_FORMATS,
  type OutputFormat,
} from '../../src/index.js';
import { deployment, networkPolicy } from '../helpers.js';

const analysis = analyzeConnectivity([
  deployment('shop', 'web', { app: 'web' }),
  deployment('shop', 'api', { app: 'api' }),
  deployment('batch', 'cleanup', { app: 'cleanup' }),
  networkPolicy('shop', 'api', {
    podSelector: { matchLabels: { app: 'api' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [{ podSelector: { matchLabels: { app: 'web' } } }],
        ports: [{ port: 80 }, { protocol: 'UDP', port: 53 }],
      },
    ],
  }),
  networkPolicy('shop', 'web', {
    podSelector: { matchLabels: { app: 'web' } },
    policyTypes: ['Ingress', 'Egress'],
    egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }] }],
  }),
  networkPolicy('batch', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
]);

describe('output formats', () => {
  it('txt', () => {
    expect(formatConnections(analysis, 'txt')).toBe(
      'shop/web[Deployment] => shop/api[Deployment] : TCP 80,UDP 53\n',
    );
  });

  it('json', () => {
    expect(JSON.parse(formatConnections(analysis, 'json'))).toEqual([
      { src: 'shop/web[Deployment]', dst: 'shop/api[Deployment]', conn: 'TCP 80,UDP 53' },
    ]);
  });

  it('csv quotes fields with commas', () => {
    expect(formatConnections(analysis, 'csv')).toBe(
      'src,dst,conn\nshop/web[Deployment],shop/api[Deployment],"TCP 80,UDP 53"\n',
    );
  });

  it('md', () => {
    expect(formatConnections(analysis, 'md')).toBe(
      '| src | dst | conn |\n|-----|-----|------|\n| shop/web[Deployment] | shop/api[Deployment] | TCP 80,UDP 53 |\n',
    );
  });

  it('dot groups workloads by namespace', () => {
    expect(formatConnections(analysis, 'dot')).toBe(
      [
        'digraph {',
        '\tsubgraph "cluster_batch" {',
        '\t\t"batch/cleanup[Deployment]" [label="cleanup[Deployment]" color="blue" fontcolor="blue"]',
        '\t\tlabel="batch"',
        '\t}',
        '\tsubgraph "cluster_shop" {',
        '\t\t"shop/api[Deployment]" [label="api[Deployment]" color="blue" fontcolor="blue"]',
        '\t\t"shop/web[Deployment]" [label="web[Deployment]" color="blue" fontcolor="blue"]',
        '\t\tlabel="shop"',
        '\t}',
        '\t"shop/web[Deployment]" -> "shop/api[Deployment]" [label="TCP 80,UDP 53" color="gold2" fontcolor="darkgreen"]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('dot shows external nodes', () => {
    const open = analyzeConnectivity([deployment('shop', 'web', { app: 'web' })]);

    expect(formatConnections(open, 'dot')).toContain(
      '\t"0.0.0.0-255.255.255.255[External]" [label="0.0.0.0-255.255.255.255[External]" color="red2" fontcolor="red2"]',
    );
  });

  it('focus filter applies to every format', () => {
    for (const format of OUTPUT_FORMATS) {
      expect(formatConnections(analysis, format, { focusWorkloads: ['cleanup'] })).not.toContain(
        'shop/web[Deployment] =>',
      );
    }
    expect(formatConnections(analysis, 'txt', { focusWorkloads: ['batch/cleanup'] })).toBe('');
  });

  it('unknown format is rejected', () => {
    expect(() => formatConnections(analysis, 'yaml' as OutputFormat)).toThrow(
      'Output format "yaml" is not supported; use one of txt, json, csv, md, dot.',
    );
  });
});
