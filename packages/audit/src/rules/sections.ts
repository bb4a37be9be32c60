import type { HipaaSection } from '@kubeharden/core';

/** Recording and examining activity on systems that hold health data. */
export const AUDIT_CONTROLS: readonly HipaaSection[] = ['164.312(b)'];

/** The Kubernetes release whose audit Policy, checker and kube-apiserver flags the rules follow. */
export const KUBERNETES = 'Kubernetes 1.37';
