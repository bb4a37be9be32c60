import { defineGenerator, type Generator } from '@kubeharden/core';

import type { PssLevel } from '../evaluate/types.js';
import { parsePssVersion } from '../evaluate/version.js';
import { isPssLevel, MODES } from '../rules/policy.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function requireNamespace(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.length > 63 || !DNS_LABEL.test(value)) {
    throw new Error(`Invalid --${option} ${JSON.stringify(value)}; a namespace name is a lower-case DNS label of at most 63 characters.`);
  }
  return value;
}

function readLevel(value: unknown): PssLevel {
  const level = value ?? 'restricted';
  if (!isPssLevel(level)) {
    throw new Error(`Invalid --level ${JSON.stringify(value)}; use privileged, baseline or restricted.`);
  }
  return level;
}

function readVersion(value: unknown): string {
  const version = value ?? 'latest';
  if (typeof version !== 'string') throw new Error(`Invalid --pss-version ${JSON.stringify(value)}; use latest or v1.<minor>.`);
  parsePssVersion(version);
  return version;
}

/** Labels that make Pod Security Admission enforce, audit and warn at one level and version. */
export function podSecurityLabels(level: PssLevel, version: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of MODES) {
    labels[`pod-security.kubernetes.io/${mode}`] = level;
    labels[`pod-security.kubernetes.io/${mode}-version`] = version;
  }
  return labels;
}

export const podSecurityNamespace: Generator = defineGenerator({
  name: 'pod-security-namespace',
  area: 'pod-security',
  description: 'A Namespace labelled to enforce, audit and warn at a Pod Security level.',
  options: [
    { name: 'namespace', type: 'string', required: true, description: 'name of the namespace' },
    { name: 'level', type: 'string', default: 'restricted', description: 'privileged, baseline or restricted' },
    { name: 'pss-version', type: 'string', default: 'latest', description: 'policy version, latest or v1.<minor>' },
  ],
  generate(options) {
    const name = requireNamespace(options.namespace, 'namespace');
    return [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, labels: podSecurityLabels(readLevel(options.level), readVersion(options['pss-version'])) },
      },
    ];
  },
});

export const podSecurityExemptions: Generator = defineGenerator({
  name: 'pod-security-admission-config',
  area: 'pod-security',
  description:
    'An API server AdmissionConfiguration for the PodSecurity plugin with cluster-wide defaults and only the exemptions asked for.',
  options: [
    { name: 'level', type: 'string', default: 'restricted', description: 'default level for enforce, audit and warn' },
    { name: 'pss-version', type: 'string', default: 'latest', description: 'default policy version' },
    { name: 'exempt-namespaces', type: 'list', description: 'namespaces exempt from Pod Security Admission, comma-separated' },
    { name: 'exempt-users', type: 'list', description: 'authenticated user names exempt, comma-separated' },
    { name: 'exempt-runtime-classes', type: 'list', description: 'runtime class names exempt, comma-separated' },
  ],
  generate(options) {
    const level = readLevel(options.level);
    const version = readVersion(options['pss-version']);
    const list = (value: unknown, option: string): string[] => {
      if (value === undefined) return [];
      if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string' || entry === '')) {
        throw new Error(`Invalid --${option} ${JSON.stringify(value)}; give names separated by commas.`);
      }
      return [...(value as string[])].sort();
    };
    const namespaces = list(options['exempt-namespaces'], 'exempt-namespaces').map((name) =>
      requireNamespace(name, 'exempt-namespaces'),
    );
    return [
      {
        apiVersion: 'apiserver.config.k8s.io/v1',
        kind: 'AdmissionConfiguration',
        plugins: [
          {
            name: 'PodSecurity',
            configuration: {
              apiVersion: 'pod-security.admission.config.k8s.io/v1',
              kind: 'PodSecurityConfiguration',
              defaults: {
                enforce: level,
                'enforce-version': version,
                audit: level,
                'audit-version': version,
                warn: level,
                'warn-version': version,
              },
              exemptions: {
                usernames: list(options['exempt-users'], 'exempt-users'),
                runtimeClasses: list(options['exempt-runtime-classes'], 'exempt-runtime-classes'),
                namespaces,
              },
            },
          },
        ],
      },
    ];
  },
});

/** Every generator of the Pod Security area. */
export const PSS_GENERATORS: readonly Generator[] = [podSecurityNamespace, podSecurityExemptions];
