import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import { AUDIT_RULES } from '@kubeharden/audit';
import {
  check,
  loadObjects,
  SourceFile,
  type Finding,
  type Rule,
  type RuleRegistry,
} from '@kubeharden/core';
import { ENCRYPTION_RULES } from '@kubeharden/encryption';

import { createRegistry } from '../../src/registry.js';
import { REPOSITORY_ROOT, type Workspace } from '../helpers.js';

export const INSECURE = join(REPOSITORY_ROOT, 'examples', 'insecure');

/** Copies `examples/insecure` to `<workspace>/<name>/app` and returns that folder. */
export function copyInsecure(workspace: Workspace, name: string): string {
  const target = workspace.path(join(name, 'app'));
  cpSync(INSECURE, target, { recursive: true });
  return target;
}

/** Reads every file below a folder, keyed by its path from there with `/` separators, in sorted order. */
export function readTree(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) visit(path);
      else files.set(relative(folder, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  visit(folder);
  return files;
}

/** YAML files below the folders, as `check` would read them. */
export function yamlFiles(...folders: string[]): SourceFile[] {
  return folders.flatMap((folder) =>
    [...readTree(folder)]
      .filter(([path]) => /\.ya?ml$/.test(path))
      .map(([path, text]) => new SourceFile(join(folder, path), text)),
  );
}

/** Reads the plain objects of the YAML files below the folders. */
export function objectsIn(...folders: string[]): Record<string, unknown>[] {
  return yamlFiles(...folders).flatMap((file) =>
    loadObjects(file.text, file.path).objects.map((object) => object.value),
  );
}

/**
 * Builds a registry of every rule of the command's, plus the encryption, audit and schema rules
 * where the command's registry lacks them, so the layer is held to every control kubeharden has.
 */
export async function everyRule(): Promise<{ registry: RuleRegistry; schema: boolean }> {
  const registry = createRegistry();
  const extra: Rule[] = [...ENCRYPTION_RULES, ...AUDIT_RULES];
  let schema = false;
  try {
    const module = (await import('@kubeharden/schema')) as { SCHEMA_RULES?: readonly Rule[] };
    if (module.SCHEMA_RULES !== undefined) {
      extra.push(...module.SCHEMA_RULES);
      schema = true;
    }
  } catch (error) {
    process.stderr.write(
      `SKIPPED: schema validation of the layer, because @kubeharden/schema did not load (${(error as Error).message}).\n`,
    );
  }
  for (const rule of extra) if (!registry.has(rule.id)) registry.add(rule);
  return { registry, schema };
}

/** Findings of a check of the folders with a registry, at the restricted level. */
export function findingsOf(registry: RuleRegistry, ...folders: string[]): readonly Finding[] {
  return check(yamlFiles(...folders), { registry }).findings;
}

/**
 * True for the note that no schema is bundled for a custom resource, such as Velero's: the
 * object is not invalid, it is only not validated.
 */
export function isMissingSchema(finding: Finding): boolean {
  return finding.ruleId === 'require-kind-schema' && finding.severity === 'info';
}

/** Formats findings one per line, so a failed assertion shows them. */
export function describeFindings(findings: readonly Finding[]): string[] {
  return findings.map(
    (finding) =>
      `${finding.file}:${finding.range.startLine} ${finding.severity} ${finding.ruleId}: ${finding.message}`,
  );
}

/** A CoreDNS Deployment as kube-system runs it, which the manifests of an application never hold. */
export const CLUSTER_DNS = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'coredns', namespace: 'kube-system' },
  spec: {
    selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    template: {
      metadata: { labels: { 'k8s-app': 'kube-dns' } },
      spec: { containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3' }] },
    },
  },
};

/** Runs `kubectl kustomize` on a folder, or returns `undefined` when kubectl is not installed. */
export function kustomize(folder: string): string | undefined {
  const found = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (found.error !== undefined) return undefined;
  const built = spawnSync('kubectl', ['kustomize', folder], { encoding: 'utf8', timeout: 60_000 });
  if (built.status !== 0) throw new Error(`kubectl kustomize ${folder} failed: ${built.stderr}`);
  return built.stdout;
}
