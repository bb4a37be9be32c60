import { describe, expect, it } from 'vitest';
import { analyzeConnectivity, type IpRange, type Protocol } from '../../src/index.js';
import { formatAddress } from '../../src/model/ip.js';
import { BENCH_SIZE, generateLargeCluster } from '../../bench/large-cluster.mjs';

function firstAddress(range: IpRange): string {
  return formatAddress(range.family, range.start);
}

// Probes chosen to hit named ports (8080 is `http`), port ranges, DNS and the external rules.
const PROBES: readonly [Protocol, number][] = [
  ['TCP', 8080],
  ['TCP', 9050],
  ['TCP', 9101],
  ['TCP', 443],
  ['UDP', 53],
  ['TCP', 53],
  ['SCTP', 8080],
];

describe('generated clusters', () => {
  it('class results agree with rule-by-rule explain', () => {
    const analysis = analyzeConnectivity(
      generateLargeCluster({ namespaces: 8, workloads: 57, policies: 60 }),
    );
    const names = analysis.workloadEndpoints.map((endpoint) => endpoint.name);
    const sources = [...names, ...analysis.sourceRanges.map((range) => firstAddress(range.range))];
    const destinations = [
      ...names,
      ...analysis.destinationRanges.map((range) => firstAddress(range.range)),
    ];

    let checked = 0;
    for (const source of sources) {
      for (const destination of destinations) {
        if (source === destination || (!source.includes('/') && !destination.includes('/')))
          continue;
        const allowed = analysis.connectionBetween(source, destination);
        for (const [protocol, port] of PROBES) {
          expect(
            analysis.explain(source, destination, protocol, port).allowed,
            `${source} -> ${destination} ${protocol} ${port}`,
          ).toBe(allowed.contains(protocol, port));
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(20_000);
  });

  it('2,000 workloads and 2,000 policies stay fast', () => {
    const objects = generateLargeCluster(BENCH_SIZE);
    const started = performance.now();

    const analysis = analyzeConnectivity(objects);
    let connections = 0;
    const iterator = analysis.connections();
    while (iterator.next().done !== true) connections += 1;
    const elapsed = performance.now() - started;

    expect(analysis.cluster.namespaces.size).toBe(100);
    expect(analysis.cluster.workloads).toHaveLength(2000);
    expect(analysis.cluster.policies).toHaveLength(2000);
    // Pinned to catch changes; the test above checks the same computation against explain.
    expect(connections).toBe(86_682);
    // A generous bound: a few seconds are expected; minutes mean pairs are computed one by one again.
    expect(elapsed).toBeLessThan(60_000);
  });
});
