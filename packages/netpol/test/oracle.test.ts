import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { expect, it } from 'vitest';
import { describeShared } from '../../../test/shared.js';
import { analyzeConnectivity, formatTxt, type ConnectivityAnalysis } from '../src/index.js';

// Reference cases from the test suite of np-guard/netpol-analyzer: manifests and the
// connections that tool allows. Cases decided by plain NetworkPolicies must agree line for
// line. The others are skipped with their reason. Where part of a skipped case's output is
// plain NetworkPolicy semantics, that part is compared too.

interface OracleCase {
  readonly case_id: string;
  readonly files: readonly { readonly name: string; readonly yaml: string }[];
  readonly expected: readonly {
    readonly src: string;
    readonly dst: string;
    readonly conn: string;
    readonly kind: string;
  }[];
  readonly expected_raw: string;
  readonly kinds: readonly string[];
  readonly plain_networkpolicy_only: boolean;
  readonly options: {
    readonly exposure_analysis: boolean;
    readonly multiple_networks: boolean;
    readonly focus_workloads: readonly string[];
    readonly focus_workload_peers: readonly string[];
    readonly focus_direction: string | null;
    readonly focus_conn: string | null;
  };
}

/** How a case is checked: exactly, by the part of its output that is plain NetworkPolicy semantics, or not. */
type Check =
  | { readonly mode: 'exact' }
  | { readonly mode: 'partial'; readonly reason: string }
  | { readonly mode: 'skip'; readonly reason: string };

const INGRESS_CONTROLLER = '{ingress-controller}';
const OTHER_POLICY_KINDS = /^(AdminNetworkPolicy|BaselineAdminNetworkPolicy|MultiNetworkPolicy)$/;
const NETWORK_KINDS =
  /^(UserDefinedNetwork|ClusterUserDefinedNetwork|NetworkAttachmentDefinition|VirtualMachine|VirtualMachineInstance)$/;

function classify(c: OracleCase): Check {
  const { options } = c;
  if (c.kinds.some((kind) => OTHER_POLICY_KINDS.test(kind))) {
    return { mode: 'skip', reason: 'admin or multi-network policies decide connectivity' };
  }
  if (options.multiple_networks || c.kinds.some((kind) => NETWORK_KINDS.test(kind))) {
    return { mode: 'skip', reason: 'multiple networks or virtual machines' };
  }
  if (
    options.focus_direction !== null ||
    options.focus_conn !== null ||
    options.focus_workload_peers.length > 0
  ) {
    return { mode: 'skip', reason: 'focus on a direction, a connection or workload peers' };
  }
  if (options.exposure_analysis) {
    return { mode: 'partial', reason: 'exposure analysis (pairwise connections compared)' };
  }
  if (!c.plain_networkpolicy_only) {
    return {
      mode: 'partial',
      reason: 'Ingress or Route objects (ingress-controller lines left out)',
    };
  }
  if (options.focus_workloads.length > 0) {
    return { mode: 'partial', reason: 'focus-workload option (compared with the focus filter)' };
  }
  return { mode: 'exact' };
}

function analyze(c: OracleCase): ConnectivityAnalysis {
  const objects = c.files.flatMap((file) => loadAll(file.yaml));
  return analyzeConnectivity(objects);
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

describeShared('netpol-analyzer reference cases', 'oracles/netpol/', (directory) => {
  const cases = readFileSync(join(directory, 'cases.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OracleCase);
  const checks = cases.map((c) => ({ c, check: classify(c) }));

  const counts = new Map<string, number>();
  for (const { check } of checks) {
    const label = check.mode === 'exact' ? 'exact' : `${check.mode}: ${check.reason}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const summary = [...counts].map(([label, count]) => `  ${count} ${label}`).join('\n');
  process.stderr.write(`netpol-analyzer reference cases (${cases.length}):\n${summary}\n`);

  const exact = checks.filter(({ check }) => check.mode === 'exact').map(({ c }) => c);
  it('classifies at least 27 cases as exact', () => {
    expect(exact.length).toBeGreaterThanOrEqual(27);
  });

  it.each(exact.map((c) => [c.case_id, c] as const))('exact %s', (_id, c) => {
    const output = formatTxt(analyze(c));

    expect(lines(output)).toEqual(lines(c.expected_raw));
  });

  const partial = checks.filter(({ check }) => check.mode === 'partial');
  it.each(
    partial.map(
      ({ c, check }) => [c.case_id, check.mode === 'partial' ? check.reason : '', c] as const,
    ),
  )('partial %s, %s', (_id, _reason, c) => {
    const expected = c.expected
      .filter((entry) => entry.kind === 'conn')
      .map((entry) => `${entry.src} => ${entry.dst} : ${entry.conn}`)
      .filter((line) => !line.includes(INGRESS_CONTROLLER));
    const output = formatTxt(analyze(c), { focusWorkloads: c.options.focus_workloads });

    expect(lines(output)).toEqual(expected);
  });

  const skipped = checks.filter(({ check }) => check.mode === 'skip');
  it.skip.each(
    skipped.map(({ c, check }) => [c.case_id, check.mode === 'skip' ? check.reason : '']),
  )('skipped %s: %s', () => {});
});
