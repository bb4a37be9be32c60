import { DEFAULT_SETTINGS, type Settings } from '../config/settings.js';
import { debug } from '../log.js';
import { isPlainObject, K8sObject } from '../model/object.js';
import type { Path } from '../model/path.js';
import type { RuleRegistry } from '../rules/registry.js';
import type { FixProposal, ReportDescriptor, Rule, RuleContext, Severity } from '../rules/rule.js';
import {
  noUnknownSuppressedRule,
  requireSuppressionReason,
  ruleFailure,
  ruleForSourceProblem,
} from '../rules/source-rules.js';
import type { SourceDocument, SourceFile, SourceRange } from '../source/file.js';
import type { SourceProblem } from '../source/problems.js';
import { compareFindings, type Finding, type SuppressedFinding } from './finding.js';
import { ObjectIndex } from './object-index.js';
import { IGNORE_ANNOTATION, readSuppression, type Suppression } from './suppression.js';

const log = debug('engine');

export interface CheckOptions {
  readonly registry: RuleRegistry;
  readonly settings?: Settings;
  /** Called after each file is read, for progress displays. */
  readonly onProgress?: (filesDone: number, filesTotal: number) => void;
}

export interface CheckStatistics {
  readonly files: number;
  readonly documents: number;
  /** Documents that were parsed; the others had kinds that no enabled rule reads. */
  readonly parsedDocuments: number;
  readonly objects: number;
}

export interface CheckResult {
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly objects: ObjectIndex;
  readonly statistics: CheckStatistics;
}

/** Runs every enabled rule of the registry over the objects of `files`. */
export function check(files: readonly SourceFile[], options: CheckOptions): CheckResult {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const rules = options.registry.list().filter((rule) => severityOf(rule, settings) !== 'off');
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const kindsToParse = kindsRead(rules);

  const enabled = (rule: Rule): boolean => rules.includes(rule);
  const reportSource = (document: SourceDocument | undefined, file: SourceFile, problem: SourceProblem): void => {
    const rule = ruleForSourceProblem(problem.code);
    if (!enabled(rule)) return;
    findings.push({
      ruleId: rule.id,
      severity: severityOf(rule, settings) as Severity,
      message: problem.message,
      file: file.path,
      documentIndex: document?.index ?? 0,
      path: [],
      range: file.range(problem.start, problem.end),
      hipaa: rule.meta.hipaa,
    });
  };

  let documentCount = 0;
  let parsedCount = 0;
  const objects: K8sObject[] = [];
  for (const [fileIndex, file] of files.entries()) {
    options.onProgress?.(fileIndex + 1, files.length);
    for (const problem of file.problems) reportSource(undefined, file, problem);
    for (const document of file.documents) {
      documentCount++;
      const marker = document.sniff.templateMarker;
      if (marker !== undefined) {
        reportSource(document, file, {
          code: 'template',
          message:
            'Template syntax "{{" found; this is a Helm or Go template, so render it (for example with helm template) and check the output.',
          start: marker,
          end: lineEnd(file.text, marker),
        });
        continue;
      }
      if (!needsParsing(document, kindsToParse)) continue;

      parsedCount++;
      const parsed = document.parse();
      for (const problem of parsed.problems) reportSource(document, file, problem);
      if (parsed.value === undefined) continue;
      objects.push(...extractObjects(document, parsed.value, settings.defaultNamespace));
    }
  }

  const index = new ObjectIndex(objects);
  const suppressions = new Map<K8sObject, Suppression | undefined>();
  const suppressionOf = (object: K8sObject): Suppression | undefined => {
    if (!suppressions.has(object)) suppressions.set(object, readSuppression(object));
    return suppressions.get(object);
  };

  const record = (rule: Rule, descriptor: ReportDescriptor): void => {
    const finding = toFinding(rule, descriptor, settings);
    const suppression = suppressionOf(descriptor.object);
    if (suppression?.reason && suppression.ruleIds.includes(rule.id)) {
      suppressed.push({ ...finding, suppression: { reason: suppression.reason } });
    } else {
      findings.push(finding);
    }
  };

  for (const object of objects) checkSuppression(object, suppressionOf(object), options.registry, enabled, record);

  for (const rule of rules) {
    if (rule.meta.area === 'source') continue;
    runRule(rule, index, settings, record);
  }

  findings.sort(compareFindings);
  suppressed.sort(compareFindings);
  log(`checked ${files.length} files, ${documentCount} documents (${parsedCount} parsed), ${objects.length} objects`);
  return {
    findings,
    suppressed,
    objects: index,
    statistics: { files: files.length, documents: documentCount, parsedDocuments: parsedCount, objects: objects.length },
  };
}

function runRule(
  rule: Rule,
  index: ObjectIndex,
  settings: Settings,
  record: (rule: Rule, descriptor: ReportDescriptor) => void,
): void {
  const context: RuleContext = {
    ruleId: rule.id,
    settings,
    options: settings.rules[rule.id]?.options,
    objects: index,
    report: (descriptor) => record(rule, descriptor),
  };
  const fail = (error: unknown, object: K8sObject | undefined, anchor: K8sObject | undefined): void => {
    const target = object ?? anchor;
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
    if (!target) {
      // NOTE: a finding needs a file and a range, so a rule that fails on a run without objects
      // is only logged.
      log(`rule ${rule.id} failed before visiting any object: ${reason}`);
      return;
    }
    log(`rule ${rule.id} failed on ${target.displayName} in ${target.file}: ${reason}`);
    record(ruleFailure, {
      object: target,
      path: ['kind'],
      message: `Rule "${rule.id}" failed on ${target.displayName}: ${reason}. The other rules still ran; please report this as a bug.`,
      data: { failedRuleId: rule.id },
    });
  };

  let visitor;
  try {
    visitor = rule.create(context);
  } catch (error) {
    fail(error, undefined, index.all[0]);
    return;
  }

  const kinds = rule.meta.kinds;
  const targets = kinds === 'all' ? index.all : index.ofKinds(kinds);
  if (visitor.object) {
    for (const object of targets) {
      try {
        visitor.object(object);
      } catch (error) {
        fail(error, object, undefined);
      }
    }
  }
  if (visitor.end) {
    try {
      visitor.end();
    } catch (error) {
      fail(error, undefined, targets[0] ?? index.all[0]);
    }
  }
}

function checkSuppression(
  object: K8sObject,
  suppression: Suppression | undefined,
  registry: RuleRegistry,
  enabled: (rule: Rule) => boolean,
  record: (rule: Rule, descriptor: ReportDescriptor) => void,
): void {
  if (!suppression) return;
  const annotationPath: Path = ['metadata', 'annotations', IGNORE_ANNOTATION];
  if (!suppression.reason && enabled(requireSuppressionReason)) {
    record(requireSuppressionReason, {
      object,
      path: annotationPath,
      target: 'key',
      message: `Suppression of ${suppression.ruleIds.map((id) => `"${id}"`).join(', ')} has no reason, so it does not take effect; add a "kubeharden.io/ignore-reason" annotation.`,
    });
  }
  for (const id of suppression.ruleIds) {
    if (!registry.has(id) && enabled(noUnknownSuppressedRule)) {
      record(noUnknownSuppressedRule, {
        object,
        path: annotationPath,
        message: `Suppression names unknown rule "${id}"; correct the id (\`kubeharden rules\` lists them).`,
      });
    }
  }
}

function toFinding(rule: Rule, descriptor: ReportDescriptor, settings: Settings): Finding {
  const { object } = descriptor;
  const range: SourceRange = object.rangeOf(descriptor.path, descriptor.target ?? 'value');
  // A proposal without edits changes nothing (an edit builder returns no edits when the value is
  // already there), so it is not offered.
  const fix: FixProposal | undefined = descriptor.fix?.edits.length ? descriptor.fix : undefined;
  const suggestions = descriptor.suggestions?.filter((suggestion) => suggestion.edits.length > 0);
  return {
    ruleId: rule.id,
    severity: severityOf(rule, settings) as Severity,
    message: descriptor.message,
    file: object.file,
    documentIndex: object.document.index,
    object: object.ref,
    path: object.documentPath(descriptor.path),
    range,
    hipaa: rule.meta.hipaa,
    ...(fix ? { fix } : {}),
    ...(suggestions && suggestions.length > 0 ? { suggestions } : {}),
    ...(descriptor.data ? { data: descriptor.data } : {}),
  };
}

/** Returns the configured severity of a rule, or `off`. */
export function severityOf(rule: Rule, settings: Settings): Severity | 'off' {
  return settings.rules[rule.id]?.severity ?? rule.meta.severity;
}

/**
 * The kinds the rules read, each with the substrings one of which a document must contain
 * (`null` when any document of the kind is read), or `all` when any rule reads every kind.
 */
type KindsRead = ReadonlyMap<string, readonly string[] | null> | 'all';

function kindsRead(rules: readonly Rule[]): KindsRead {
  const kinds = new Map<string, string[] | null>();
  for (const rule of rules) {
    if (rule.meta.area === 'source') continue;
    if (rule.meta.kinds === 'all') return 'all';
    for (const kind of rule.meta.kinds) {
      const hints = rule.meta.contentHints?.[kind];
      const known = kinds.get(kind);
      if (!hints || known === null) kinds.set(kind, null);
      else kinds.set(kind, [...(known ?? []), ...hints]);
    }
  }
  return kinds;
}

/**
 * True when a document may hold an object some rule reads. Documents whose kind is unknown
 * before parsing (flow style, JSON, or no `kind:` line) are always parsed.
 */
function needsParsing(document: SourceDocument, kinds: KindsRead): boolean {
  if (kinds === 'all') return true;
  const kind = document.sniff.kind;
  if (kind === undefined || kind === 'List') return true;
  const itemKind = kinds.has(kind) ? kind : kind.endsWith('List') ? kind.slice(0, -'List'.length) : undefined;
  if (itemKind === undefined || !kinds.has(itemKind)) return false;

  const hints = kinds.get(itemKind);
  if (hints === null || hints === undefined) return true;
  const { text } = document.file;
  const body = text.slice(document.span.start, document.span.end).toLowerCase();
  return hints.some((hint) => body.includes(hint.toLowerCase()));
}

/** Reads the objects of a document: the document itself, or the items of a List. */
function extractObjects(document: SourceDocument, value: unknown, defaultNamespace: string): K8sObject[] {
  if (!isKubernetesObject(value)) return [];
  const items = value.items;
  if (value.kind.endsWith('List') && Array.isArray(items)) {
    const objects: K8sObject[] = [];
    items.forEach((item, index) => {
      if (isKubernetesObject(item)) objects.push(new K8sObject(document, ['items', index], item, defaultNamespace));
    });
    return objects;
  }
  return [new K8sObject(document, [], value, defaultNamespace)];
}

function isKubernetesObject(value: unknown): value is Record<string, unknown> & { apiVersion: string; kind: string } {
  return isPlainObject(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string';
}

function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}
