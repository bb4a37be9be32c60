/**
 * Fields that Kubernetes accepts only one at a time. The OpenAPI schemas cannot express these
 * rules. The API server enforces them in its validation code (k8s.io/kubernetes,
 * pkg/apis/core/validation and pkg/apis/networking/validation) and rejects an object that breaks
 * one. Keys are definition ids of the bundled schemas.
 */
export interface ExclusiveFields {
  /**
   * Groups of fields of which at most one may be set. `each-field` makes every field of the
   * definition a group of its own, except those in `except`.
   */
  readonly groups: readonly (readonly string[])[] | 'each-field';
  readonly except?: readonly string[];
  /** Reason for the rejection and the remedy, as a clause that follows a semicolon. */
  readonly advice: string;
}

export const EXCLUSIVE_FIELDS: ReadonlyMap<string, ExclusiveFields> = new Map([
  [
    'networking.k8s.io/v1/NetworkPolicyPeer',
    {
      groups: [['ipBlock'], ['podSelector', 'namespaceSelector']],
      advice:
        'the API server rejects a peer that combines an ipBlock with a selector, so split them into separate peers, which the policy then allows in addition to each other',
    },
  ],
  [
    'core/v1/Volume',
    {
      groups: 'each-field',
      except: ['name'],
      advice:
        'the API server accepts one volume type per volume, so split it into separate volumes',
    },
  ],
  [
    'core/v1/VolumeProjection',
    {
      groups: 'each-field',
      advice:
        'the API server accepts one source per entry of projected.sources, so give each source its own entry',
    },
  ],
  [
    'core/v1/Probe',
    {
      groups: [['exec'], ['httpGet'], ['tcpSocket'], ['grpc']],
      advice: 'the API server accepts one handler type per probe, so keep only one',
    },
  ],
  [
    'core/v1/LifecycleHandler',
    {
      groups: [['exec'], ['httpGet'], ['tcpSocket'], ['sleep']],
      advice: 'the API server accepts one handler type per lifecycle hook, so keep only one',
    },
  ],
  [
    'core/v1/EnvVar',
    {
      groups: [['value'], ['valueFrom']],
      advice: 'the API server rejects valueFrom when value is not empty, so keep only one',
    },
  ],
  [
    'core/v1/EnvVarSource',
    {
      groups: 'each-field',
      advice: 'the API server accepts one source per valueFrom, so keep only one',
    },
  ],
  [
    'networking.k8s.io/v1/IngressBackend',
    {
      groups: [['service'], ['resource']],
      advice: 'the API server rejects a backend with both, so keep only one',
    },
  ],
  [
    'networking.k8s.io/v1/ServiceBackendPort',
    {
      groups: [['name'], ['number']],
      advice: 'the API server rejects a port with both a name and a number, so keep only one',
    },
  ],
]);
