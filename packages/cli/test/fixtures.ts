/** A Pod that passes every rule at the restricted level, on its own ServiceAccount without a token. */
export const CLEAN_POD = `apiVersion: v1
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

/** The clean Pod made privileged: one no-privileged-containers error at line 21, column 21. */
export const PRIVILEGED_POD = `${CLEAN_POD}        privileged: true
`;

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
