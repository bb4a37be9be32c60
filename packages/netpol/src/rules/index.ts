import type { Rule } from '@kubeharden/core';

import { noCrossNamespaceIngress } from './cross-namespace.js';
import { requireDefaultDenyEgress, requireDefaultDenyIngress } from './default-deny.js';
import { requireDnsEgress } from './dns-egress.js';
import { noUndefinedNamedPorts } from './named-ports.js';
import { noAllowAllPeers, noEgressToAnyAddress } from './open-peers.js';
import {
  noIgnoredPolicyRules,
  noInvalidNetworkPolicies,
  noMisleadingNetworkPolicies,
} from './problems.js';
import { noUnmatchedPeerSelectors, noUnusedNetworkPolicies } from './selection.js';
import { requireWorkloadIsolation } from './workload-isolation.js';

export { noCrossNamespaceIngress } from './cross-namespace.js';
export {
  isDefaultDeny,
  requireDefaultDenyEgress,
  requireDefaultDenyIngress,
} from './default-deny.js';
export { requireDnsEgress } from './dns-egress.js';
export { noUndefinedNamedPorts } from './named-ports.js';
export { noAllowAllPeers, noEgressToAnyAddress } from './open-peers.js';
export {
  noIgnoredPolicyRules,
  noInvalidNetworkPolicies,
  noMisleadingNetworkPolicies,
} from './problems.js';
export { NETPOL_KINDS, networkAnalysis, type NetworkAnalysis } from './run-analysis.js';
export { noUnmatchedPeerSelectors, noUnusedNetworkPolicies } from './selection.js';
export { requireWorkloadIsolation } from './workload-isolation.js';

/** Every rule of the network area. */
export const NETPOL_RULES: readonly Rule[] = [
  requireDefaultDenyIngress,
  requireDefaultDenyEgress,
  requireWorkloadIsolation,
  requireDnsEgress,
  noAllowAllPeers,
  noEgressToAnyAddress,
  noCrossNamespaceIngress,
  noUnusedNetworkPolicies,
  noUnmatchedPeerSelectors,
  noIgnoredPolicyRules,
  noInvalidNetworkPolicies,
  noMisleadingNetworkPolicies,
  noUndefinedNamedPorts,
];
