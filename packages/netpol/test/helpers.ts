import { loadAll } from 'js-yaml';
import { analyzeConnectivity, formatTxt, type ConnectivityAnalysis } from '../src/index.js';

/** Parses multi-document YAML into plain objects, leaving out empty documents. */
export function yamlObjects(text: string): unknown[] {
  return loadAll(text).filter((document) => document !== null && document !== undefined);
}

export function analyzeYaml(
  text: string,
  options: Parameters<typeof analyzeConnectivity>[1] = {},
): ConnectivityAnalysis {
  return analyzeConnectivity(yamlObjects(text), options);
}

/** Returns the allowed connections as `src => dst : conn` lines. */
export function connectionLines(
  analysis: ConnectivityAnalysis,
  focusWorkloads?: readonly string[],
): string[] {
  const text = formatTxt(analysis, focusWorkloads === undefined ? {} : { focusWorkloads });
  return text.split('\n').filter((line) => line !== '');
}

export const ALL_IPV4 = '0.0.0.0-255.255.255.255[External]';

/** Builds a Deployment with one container that exposes the given ports; `undefined` omits the namespace. */
export function deployment(
  namespace: string | undefined,
  name: string,
  labels: Record<string, string>,
  ports: readonly { name?: string; containerPort: number; protocol?: string }[] = [],
): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: namespace === undefined ? { name } : { name, namespace },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name, image: `registry.example.com/${name}:1.0`, ports }] },
      },
    },
  };
}

export function namespace(
  name: string,
  labels: Record<string, string> = {},
): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function networkPolicy(
  namespaceName: string,
  name: string,
  spec: unknown,
): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: namespaceName },
    spec,
  };
}
