/** A Pod that passes every Pod Security rule at the restricted level, on its own ServiceAccount without a token. */
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: clinic
spec:
  serviceAccountName: web
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: [ALL]
`;

/**
 * Default-deny ingress and egress for namespace `clinic`, plus DNS egress to kube-dns, as
 * documents that follow the Pod. Without them the network policy rules report the Pod.
 */
export const CLINIC_NETWORK_POLICIES = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-all
  namespace: clinic
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns-egress
  namespace: clinic
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
`;

/** The Pod followed by the NetworkPolicies of its namespace: clean under every rule. */
export const CLEAN_POD = POD + CLINIC_NETWORK_POLICIES;

/** The clean Pod made privileged: one no-privileged-containers error at line 21, column 21. */
export const PRIVILEGED_POD = `${POD}        privileged: true
${CLINIC_NETWORK_POLICIES}`;

/**
 * The clean Pod without readOnlyRootFilesystem: one require-read-only-root-filesystem finding
 * at line 16, which `WARN_READ_ONLY_ROOT` turns into a warning.
 */
export const WRITABLE_ROOT_POD = CLEAN_POD.replace('        readOnlyRootFilesystem: true\n', '');

export const WARN_READ_ONLY_ROOT = `rules:
  require-read-only-root-filesystem: warning
`;

/** A Namespace without Pod Security labels: one require-pod-security-labels error. */
export const UNLABELLED_NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: clinic
`;
