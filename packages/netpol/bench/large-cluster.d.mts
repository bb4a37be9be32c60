export interface LargeClusterSize {
  readonly namespaces: number;
  readonly workloads: number;
  readonly policies: number;
}

/** 100 namespaces, 2,000 workloads and 2,000 NetworkPolicies. */
export const BENCH_SIZE: LargeClusterSize;

/** Builds plain objects for a cluster of the given size; kube-system with its DNS counts as one namespace. */
export function generateLargeCluster(size?: LargeClusterSize): object[];
