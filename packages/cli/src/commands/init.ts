import { relative, resolve, sep } from 'node:path';

import {
  check,
  RuleRegistry,
  SOURCE_RULES,
  SourceFile,
  type Finding,
  type ObjectIndex,
  type Rule,
  type Settings,
} from '@kubeharden/core';
import type { Command } from 'commander';

import { UsageError } from '../errors.js';
import { collectFiles, InputError, readInput, type InputFile } from '../files.js';
import { computeChanges } from '../init/changes.js';
import { inferApplication } from '../init/infer.js';
import { buildLayer, type Layer } from '../init/layer.js';
import { compareText, type InitOptions, type Inference } from '../init/model.js';
import {
  DEFAULT_CNPG_OPERATOR_NAMESPACE,
  DEFAULT_DNS_NAMESPACE,
  DEFAULT_DNS_SELECTOR,
  DEFAULT_KMS_ENDPOINT,
  DEFAULT_STORAGE_CLASS,
  describeCommand,
  parseInitOptions,
  type RawInitOptions,
} from '../init/options.js';
import {
  renderKustomization,
  renderLayerFile,
  renderPatch,
  writeAtomically,
  writeOutput,
  type OutputFile,
  type RenderOptions,
} from '../init/output.js';
import { objectChanges } from '../init/patches.js';
import { describeChanges, describeInference, describeRemaining } from '../init/report.js';
import { layerValues, namespaceValue } from '../init/values.js';
import type { Io } from '../main.js';
import { resolveSettings } from './check.js';

/** Outcome of `init`, for tests and for the caller that prints it. */
export interface InitResult {
  /** Files written below the output folder, by path below it. */
  readonly files: readonly OutputFile[];
  /** Application files that `--fix` rewrote, by display path. */
  readonly fixed: readonly string[];
  /** Findings of a check of the application and the layer after the changes, in the covered namespaces. */
  readonly remaining: readonly Finding[];
  /** The printed inference, one line per entry. */
  readonly report: readonly string[];
}

// A rule that reads every kind makes the engine parse every document of the manifests. Its area
// is not 'source', because the engine runs no rule of that area on objects.
const READ_EVERYTHING: Rule = {
  id: 'init-read-objects',
  meta: {
    area: 'pod-security',
    severity: 'info',
    description: 'Reads every object.',
    remediation: 'Nothing to do.',
    rationale: 'Internal to kubeharden init.',
    hipaa: [],
    kinds: 'all',
  },
  create: () => ({}),
};

/** Adds `kubeharden init` to the program. */
export function registerInitCommand(program: Command, io: Io, registry: RuleRegistry): void {
  program
    .command('init')
    .description(
      'Write the security layer of an application into a folder: NetworkPolicies, Pod Security labels, RBAC, encryption and audit configuration tailored to its manifests.',
    )
    .argument('<manifests...>', 'files and folders of the application manifests')
    .option('-n, --namespace <namespace>', 'namespace of the application (required)')
    .option('-o, --out <folder>', 'folder the layer is written to', 'security')
    .option(
      '--gateway-namespace <namespace>',
      'namespace of the gateway, when it cannot be inferred',
    )
    .option('--gateway-selector <labels>', 'labels of the gateway pods, as key=value,key=value')
    .option(
      '--no-gateway',
      'the application has no gateway: nothing outside the cluster reaches it',
    )
    .option(
      '--app-selector <labels>',
      'labels of the application pods that the gateway reaches and that reach the database',
    )
    .option(
      '--app-port <ports>',
      'ports of the application pods the gateway reaches, such as 8080 or TCP/8443',
    )
    .option(
      '--db-selector <labels>',
      'labels of the database pods, when no PostgreSQL image or CloudNativePG Cluster shows them',
    )
    .option('--db-port <port>', 'database port (default: from its Service, else 5432)')
    .option(
      '--ingress-cidr <cidrs>',
      'address ranges that may reach the gateway, comma-separated (default: every address)',
    )
    .option(
      '--api-server-cidr <cidrs>',
      'addresses of the Kubernetes API server, for workloads that call it (TCP 443 and 6443)',
    )
    .option(
      '--cnpg-operator-namespace <namespace>',
      'namespace of the CloudNativePG operator',
      DEFAULT_CNPG_OPERATOR_NAMESPACE,
    )
    .option(
      '--allow-same-namespace',
      'allow all traffic between the pods of the namespace (adds deny-cross-namespace)',
    )
    .option(
      '--dns-namespace <namespace>',
      'namespace of the cluster DNS pods',
      DEFAULT_DNS_NAMESPACE,
    )
    .option('--dns-selector <labels>', 'labels of the cluster DNS pods', DEFAULT_DNS_SELECTOR)
    .option(
      '--pss-version <version>',
      'Pod Security Standards version of the namespace labels: latest or v1.<minor>',
      'latest',
    )
    .option(
      '--exempt-namespaces <names>',
      'namespaces exempt from Pod Security Admission; writes an AdmissionConfiguration',
    )
    .option(
      '--exempt-users <names>',
      'user names exempt from Pod Security Admission; writes an AdmissionConfiguration',
    )
    .option(
      '--exempt-runtime-classes <names>',
      'runtime classes exempt from Pod Security Admission; writes an AdmissionConfiguration',
    )
    .option(
      '--permission <grant>',
      'Kubernetes API access of a workload as workload:verbs:resource[:names], repeatable',
      collect,
    )
    .option('--storage-class <name>', 'name of the encrypted StorageClass', DEFAULT_STORAGE_CLASS)
    .option(
      '--existing-storage-class',
      'the StorageClass exists and encrypts volumes already, so none is generated',
    )
    .option('--backup-bucket <bucket>', 'S3 bucket for encrypted backups')
    .option('--backup-region <region>', 'AWS region of the backup bucket')
    .option('--backup-kms-key-id <key>', 'KMS key of the backups (default: S3-managed keys)')
    .option(
      '--kms-endpoint <socket>',
      'unix socket of the KMS v2 plugin of the API server',
      DEFAULT_KMS_ENDPOINT,
    )
    .option('--fix', 'apply the changes the layer needs to the application manifests')
    .option('--patches', 'write the changes as kustomize patches under <out>/patches instead')
    .option('--templates', 'write .yaml.template files with ${NAMESPACE}-style placeholders')
    .option(
      '-c, --config <file>',
      'configuration file (default: the nearest .kubeharden.yaml above the first path)',
    )
    .action((paths: string[], raw: RawInitOptions) => {
      const result = runInit(paths, raw, registry);
      io.stderr(result.report.map((line) => `${line}\n`).join(''));
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Runs `kubeharden init`: reads the manifests, writes the layer and, with `--fix`, the manifests. */
export function runInit(
  paths: readonly string[],
  raw: RawInitOptions,
  registry: RuleRegistry,
): InitResult {
  const options = parseInitOptions(raw);
  const { settings: configured } = resolveSettings(
    paths,
    { config: options.config, pssVersion: options.pssVersion },
    registry,
  );
  // The layer labels the namespaces restricted, so the workloads are fixed and checked at that level.
  const settings: Settings = {
    ...configured,
    pss: { level: 'restricted', version: options.pssVersion },
  };

  const outFolder = resolve(options.out);
  const inputs = readManifests(paths, outFolder);
  const application = new Map(inputs.map((file) => [file.displayPath, file.text]));
  const objects = readObjects(application, settings);
  const inference = inferApplication(objects, options);
  checkPermissionTargets(inference, options);

  // The changes and the final check always use the real values, also when templates are written.
  const realLayer = buildLayer(
    objects,
    inference,
    options,
    layerValues(inference, { ...options, templates: false }),
  );
  const writtenLayer = options.templates
    ? buildLayer(objects, inference, options, layerValues(inference, options))
    : realLayer;
  const values = layerValues(inference, options);
  const render: RenderOptions = {
    command: describeCommand(raw),
    templates: options.templates,
    patches: options.patches,
    sourceName: (file) => relative(outFolder, resolve(file)).split(sep).join('/'),
    namespaceValue: (namespace) => namespaceValue(namespace, inference, values),
  };
  const outDisplay = displayFolder(outFolder);
  const layerTexts = checkedLayerTexts(realLayer, outDisplay, render);

  const changes = computeChanges(application, layerTexts, realLayer.edits, {
    registry,
    settings,
    coveredNamespaces: inference.coveredNamespaces,
    storageClass: values.storageClass,
  });
  const { changes: objectEdits, lists } = objectChanges(application, changes.changed);
  if (options.patches && lists.length > 0) {
    throw new UsageError(
      `--patches cannot change objects inside List documents, because kustomize targets the objects and not the List: ${lists.join(', ')}. Split the List into documents, or use --fix.`,
    );
  }

  const output: OutputFile[] = writtenLayer.files.map((file) => renderLayerFile(file, render));
  const patches = options.patches ? objectEdits : [];
  output.push(...patches.map((change) => renderPatch(change, render)));
  output.push(renderKustomization(writtenLayer.files, patches, render));
  output.sort((a, b) => compareText(a.path, b.path));

  // The layer is written first: it can be generated again, the edited manifests cannot.
  const removed = writeOutput(outFolder, output);
  const fixed: string[] = [];
  if (options.fix) {
    for (const file of inputs) {
      const text = changes.changed.get(file.displayPath);
      if (text === undefined || file.absolutePath === undefined) continue;
      writeAtomically(file.absolutePath, text);
      fixed.push(file.displayPath);
    }
  }

  const changed = options.fix || options.patches;
  const after = new Map(
    [...application].map(([path, text]) => [
      path,
      changed ? (changes.changed.get(path) ?? text) : text,
    ]),
  );
  const remaining = remainingFindings(after, layerTexts, inference, registry, settings);

  const report = [
    ...describeInference(inference, options, inputs.length, objects.all.length),
    ...realLayer.notes,
    ...describeChanges(objectEdits, lists, changes.skipped, changes.appliedFixes, options),
    ...describeRemaining(remaining, options),
    `wrote ${output.length} files to ${outDisplay}${removed.length > 0 ? `, removed ${removed.length} that this run no longer writes (${removed.join(', ')})` : ''}`,
  ];
  return { files: output, fixed, remaining, report };
}

/** Names a folder relative to the working folder when it is below it, else absolutely. */
function displayFolder(folder: string): string {
  const fromCwd = relative(process.cwd(), folder);
  if (fromCwd === '') return '.';
  if (fromCwd.startsWith('..')) return folder;
  return fromCwd;
}

/** Reads the YAML files of the inputs, leaving out the output folder of an earlier run. */
function readManifests(paths: readonly string[], outFolder: string): InputFile[] {
  if (paths.includes('-'))
    throw new UsageError('init reads files and folders, not standard input; name the manifests.');
  const files = collectFiles(paths, [], process.cwd()).filter(
    (path) => path !== outFolder && !path.startsWith(outFolder + sep),
  );
  if (files.length === 0) {
    throw new InputError(
      `No .yaml or .yml files in ${paths.join(', ')} (outside ${displayFolder(outFolder)}); name the folder of the application manifests.`,
    );
  }
  return files.map(readInput);
}

/** Parses the manifests; a document that cannot be read stops `init`, because the layer would miss it. */
function readObjects(texts: ReadonlyMap<string, string>, settings: Settings): ObjectIndex {
  const files = [...texts].map(([path, text]) => new SourceFile(path, text));
  const registry = new RuleRegistry([...SOURCE_RULES, READ_EVERYTHING]);
  const result = check(files, { registry, settings });
  const errors = result.findings.filter((finding) => finding.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.map(
      (finding) =>
        `  ${finding.file}:${finding.range.startLine}:${finding.range.startColumn}: ${finding.message}`,
    );
    throw new InputError(
      `Cannot read the manifests, so the layer would miss objects; fix these first:\n${lines.join('\n')}`,
    );
  }
  return result.objects;
}

function checkPermissionTargets(inference: Inference, options: InitOptions): void {
  const names = new Set(
    inference.workloads
      .filter((workload) => workload.hasPodTemplate)
      .map((workload) => workload.name),
  );
  for (const name of options.permissions.keys()) {
    if (!names.has(name)) {
      throw new UsageError(
        `--permission names workload "${name}", which is not in the covered namespaces; use one of: ${[...names].join(', ')}.`,
      );
    }
    const own = inference.workloads.find(
      (workload) => workload.name === name && workload.keepsServiceAccount,
    );
    if (own !== undefined) {
      throw new UsageError(
        `--permission names workload "${name}", which runs as its own ServiceAccount ${own.serviceAccount ?? ''}; init keeps that account and its bindings, so grant the access in its Role.`,
      );
    }
  }
}

/** Renders the layer files that `check` reads in the output folder, keyed by the path a check of the folder shows. */
function checkedLayerTexts(
  layer: Layer,
  outDisplay: string,
  render: RenderOptions,
): Map<string, string> {
  const texts = new Map<string, string>();
  for (const file of layer.files) {
    if (file.templateOnly === true) continue;
    const rendered = renderLayerFile(file, { ...render, templates: false });
    texts.set(`${outDisplay}/${rendered.path}`, rendered.text);
  }
  return texts;
}

/** Checks the application and the layer with every rule; keeps what concerns the covered namespaces. */
function remainingFindings(
  application: ReadonlyMap<string, string>,
  layer: ReadonlyMap<string, string>,
  inference: Inference,
  registry: RuleRegistry,
  settings: Settings,
): Finding[] {
  const files = [...application, ...layer].map(([path, text]) => new SourceFile(path, text));
  const result = check(files, { registry, settings });
  const covered = new Set(inference.coveredNamespaces);
  return result.findings.filter((finding) => {
    if (layer.has(finding.file)) return true;
    const object = finding.object;
    if (object === undefined) return true;
    if (object.kind === 'Namespace') return object.name !== undefined && covered.has(object.name);
    return object.namespace !== undefined && covered.has(object.namespace);
  });
}
