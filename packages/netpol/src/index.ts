export {
  analyzeConnectivity,
  ConnectivityAnalysis,
  isFocused,
  type AnalysisOptions,
  type Connection,
  type ConnectionFilter,
  type Endpoint,
  type ExternalEndpoint,
  type WorkloadEndpoint,
} from './analysis/connectivity.js';
export {
  explainConnection,
  type DirectionExplanation,
  type Explanation,
  type PolicyExplanation,
  type RuleExplanation,
} from './analysis/explain.js';
export type { ExternalRange, Ipv6Mode } from './analysis/external.js';
export {
  connectionRows,
  formatConnections,
  formatCsv,
  formatDot,
  formatJson,
  formatMd,
  formatTxt,
  OUTPUT_FORMATS,
  type ConnectionRow,
  type OutputFormat,
} from './format/formats.js';
export {
  allowAppsToDb,
  allowDnsEgress,
  allowGatewayToApps,
  defaultDenyAll,
  defaultDenyEgress,
  defaultDenyIngress,
  denyCrossNamespace,
  egressAllowList,
  MANAGED_BY_LABEL,
  type AppsToDbOptions,
  type DnsEgressOptions,
  type EgressDestination,
  type GatewayToAppsOptions,
  type NetworkPolicyManifest,
} from './generate/policies.js';
export { InvalidInputError, type PortInput } from './generate/validate.js';
export {
  DEFAULT_NAMESPACE,
  loadCluster,
  NAMESPACE_NAME_LABEL,
  type ClusterModel,
  type ContainerPortModel,
  type LoadOptions,
  type NamespaceModel,
  type PodVariant,
  type WorkloadModel,
} from './model/cluster.js';
export { ConnectionSet, PROTOCOLS, type Protocol } from './model/connection-set.js';
export { formatRange, parseCidr, type IpFamily, type IpRange } from './model/ip.js';
export type {
  Direction,
  NetworkPolicyModel,
  PeerSpec,
  PolicyRule,
  PortSpec,
} from './model/policy.js';
export type {
  ObjectLocation,
  ObjectRef,
  Problem,
  ProblemCode,
  ProblemSeverity,
  ProblemTarget,
} from './model/problem.js';
export { selectorMatches, type LabelSelector, type SelectorRequirement } from './model/selector.js';
export * from './rules/index.js';
