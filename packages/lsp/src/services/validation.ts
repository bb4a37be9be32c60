import {
  check,
  compareFindings,
  POD_BEARING_KINDS,
  RuleRegistry,
  SourceFile,
  type CheckResult,
  type DocumentCache,
  type Finding,
  type ObjectIndex,
  type Rule,
  type Settings,
} from '@kubeharden/core';

import type { SyntaxChecker } from './syntax.js';
import { isKubernetesFile, type WorkspaceIndex } from './workspace.js';

/**
 * Reads the kinds that hover and the policy generators look at, so the engine parses them even
 * when no enabled rule does. It reports nothing. It is not built with `defineRule`, which
 * requires HIPAA sections, and it is not in the registry that users see.
 */
const CONTEXT_RULE: Rule = {
  id: 'lsp-context-objects',
  meta: {
    area: 'network',
    severity: 'info',
    description: 'Reads the objects the language server summarises.',
    remediation: 'Nothing to do.',
    rationale: 'Namespace summaries and generated policies need NetworkPolicies and workloads.',
    hipaa: [],
    kinds: ['Namespace', 'NetworkPolicy', 'ServiceAccount', 'StorageClass', ...POD_BEARING_KINDS],
  },
  create: () => ({}),
};

/**
 * Documents at least this long (in UTF-16 code units) are not parsed again on every edit. The
 * largest documents of real manifests are CustomResourceDefinitions of 1.4 to 1.5 MB, and parsing
 * one takes 300 to 400 ms on a 2-core machine (measured with Node.js 20), three times the budget
 * from an edit to its diagnostics.
 */
export const DEFERRED_DOCUMENT_SIZE = 512 * 1024;

/** An editor buffer: the text of one version of a file. */
interface OpenFile {
  version: number;
  text: string;
  /** The parsed file of `version`, built on the next validation. */
  source: SourceFile | undefined;
  /** Parses of this file's documents by text; only those of the latest version are kept. */
  cache: DocumentCache;
  /** Once a buffer held Kubernetes objects it stays checked, so half-typed edits keep diagnostics. */
  kubernetes: boolean;
  /** The file the latest validation checked. */
  validated: SourceFile | undefined;
  /** Texts of large documents whose cache entry is the parse of their previous version. */
  borrowed: Set<string>;
}

/** Findings of one open file for one version of its text. */
export interface FileFindings {
  readonly version: number;
  readonly findings: readonly Finding[];
}

/** The outcome of one validation of every open file against the whole workspace. */
export interface ValidationRun {
  /** Findings of each open file, by path; files that are not Kubernetes manifests get none. */
  readonly files: ReadonlyMap<string, FileFindings>;
  readonly objects: ObjectIndex;
  readonly durationMs: number;
  /**
   * True when findings may be out of date: a large edited document was checked with the parse
   * of its previous version, or indexed files were left out because they are not parsed yet. A
   * validation with `exact` set checks everything.
   */
  readonly provisional: boolean;
}

/**
 * Checks the open files against the workspace: every open buffer and every indexed file on disk
 * that is not open form one run, so rules that relate objects see objects of every file. Only
 * what changed is parsed again: unchanged files keep their parsed `SourceFile`, and an edited
 * buffer reuses the parses of its unchanged documents.
 */
export class Validator {
  readonly #registry: RuleRegistry;
  /** The registry with the context rule, for the engine. */
  readonly #checked: RuleRegistry;
  readonly #index: WorkspaceIndex;
  readonly #open = new Map<string, OpenFile>();
  #settings: Settings;
  readonly #syntax: SyntaxChecker | undefined;
  #last: ValidationRun | undefined;

  /** `syntax` checks the documents the rules leave unparsed; without it their syntax is not checked. */
  constructor(
    registry: RuleRegistry,
    index: WorkspaceIndex,
    settings: Settings,
    syntax?: SyntaxChecker,
  ) {
    this.#syntax = syntax;
    this.#registry = registry;
    this.#checked = new RuleRegistry([...registry.list(), CONTEXT_RULE]);
    this.#index = index;
    this.#settings = settings;
  }

  get settings(): Settings {
    return this.#settings;
  }

  set settings(settings: Settings) {
    this.#settings = settings;
    this.#last = undefined;
  }

  get registry(): RuleRegistry {
    return this.#registry;
  }

  /** The result of the latest validation, or `undefined` before the first. */
  get last(): ValidationRun | undefined {
    return this.#last;
  }

  openPaths(): string[] {
    return [...this.#open.keys()];
  }

  isOpen(path: string): boolean {
    return this.#open.has(path);
  }

  /** The version of an open file's text, or `undefined` when the file is not open. */
  versionOf(path: string): number | undefined {
    return this.#open.get(path)?.version;
  }

  /** Records the text of an opened or edited buffer. */
  setText(path: string, version: number, text: string): void {
    const existing = this.#open.get(path);
    if (existing) {
      existing.version = version;
      existing.text = text;
      existing.source = undefined;
      return;
    }
    this.#open.set(path, {
      version,
      text,
      source: undefined,
      cache: new Map(),
      kubernetes: false,
      validated: undefined,
      borrowed: new Set(),
    });
  }

  close(path: string): void {
    this.#open.delete(path);
  }

  /** The version of an open file that the latest validation saw, or `undefined`. */
  validatedVersion(path: string): number | undefined {
    return this.#last?.files.get(path)?.version;
  }

  /** The parsed text of an open file at its current version. */
  sourceOf(path: string): SourceFile | undefined {
    const open = this.#open.get(path);
    if (!open) return this.#index.get(path);
    open.source ??= new SourceFile(path, open.text, { cache: open.cache });
    return open.source;
  }

  /**
   * Runs every rule over the open files and the workspace index. Unless `exact` is set, a large
   * document that an edit changed keeps the parse of its previous version (see
   * `DEFERRED_DOCUMENT_SIZE`) and the run is marked provisional.
   */
  validate(exact = true): ValidationRun {
    const started = performance.now();
    const checked: SourceFile[] = [];
    const versions = new Map<string, number>();
    const ignored: string[] = [];

    for (const [path, open] of this.#open) {
      if (exact && open.borrowed.size > 0) {
        for (const body of open.borrowed) open.cache.delete(body);
        open.borrowed.clear();
        open.source = undefined;
      }
      const isNew = open.source === undefined;
      const source = this.sourceOf(path)!;
      if (!exact && isNew && open.validated) borrowParses(open, source, open.validated);
      open.kubernetes ||= isKubernetesFile(source);
      if (!open.kubernetes || this.#index.isExcluded(path)) {
        ignored.push(path);
        continue;
      }
      checked.push(source);
      versions.set(path, open.version);
    }
    let cold = false;
    for (const file of this.#index.files()) {
      if (this.#open.has(file.path)) continue;
      // Files not parsed ahead yet wait for the exact validation that follows the warm-up.
      if (!exact && !this.#index.isWarm(file.path)) cold = true;
      else checked.push(file);
    }

    const result = check(checked, { registry: this.#checked, settings: this.#settings });
    const files = new Map<string, FileFindings>();
    for (const [path, version] of versions) files.set(path, { version, findings: [] });
    for (const path of ignored) {
      files.set(path, { version: this.#open.get(path)!.version, findings: [] });
    }
    for (const finding of result.findings) {
      const entry = files.get(finding.file);
      if (entry && versions.has(finding.file)) (entry.findings as Finding[]).push(finding);
    }
    if (this.#syntax) {
      for (const source of checked) {
        const entry = versions.has(source.path) ? files.get(source.path) : undefined;
        if (!entry) continue;
        const findings = entry.findings as Finding[];
        findings.push(...this.#syntax.findingsOf(source, this.#settings));
        findings.sort(compareFindings);
      }
      this.#syntax.retain(checked.filter((source) => versions.has(source.path)));
    }
    let provisional = cold;
    for (const [path, open] of this.#open) {
      const source = this.sourceOf(path)!;
      pruneCache(open, source);
      open.validated = source;
      provisional ||= open.borrowed.size > 0;
    }

    const durationMs = performance.now() - started;
    this.#last = { files, objects: result.objects, durationMs, provisional };
    return this.#last;
  }

  /** True when the rules of this validator read the document, so warming up should parse it. */
  readsDocument(document: SourceFile['documents'][number]): boolean {
    if (document.sniff.templateMarker !== undefined) return false;
    const kind = document.sniff.kind;
    if (kind === undefined || kind === 'List' || kind.endsWith('List')) return true;
    return this.#checked.list().some((rule) => {
      if (rule.meta.area === 'source') return false;
      return rule.meta.kinds === 'all' || rule.meta.kinds.includes(kind);
    });
  }

  /**
   * Checks another text for an open or indexed file against the rest of the workspace, without
   * changing any state. Fix-all uses it to check the text again after applying edits.
   */
  checkText(path: string, text: string): CheckResult {
    const cache = this.#open.get(path)?.cache;
    const candidate = new SourceFile(path, text, cache ? { cache: new Map(cache) } : {});
    const files: SourceFile[] = [candidate];
    for (const [openPath] of this.#open) {
      if (openPath !== path) files.push(this.sourceOf(openPath)!);
    }
    for (const file of this.#index.files()) {
      if (file.path !== path && !this.#open.has(file.path)) files.push(file);
    }
    return check(files, { registry: this.#checked, settings: this.#settings });
  }
}

function bodyOf(file: SourceFile, index: number): string {
  const span = file.documents[index]!.span;
  return file.text.slice(span.start, span.end);
}

/**
 * Lets each large changed document of `source` use the parse of the document at the same
 * position of `previous`, when both files have as many documents and that parse is cached.
 */
function borrowParses(open: OpenFile, source: SourceFile, previous: SourceFile): void {
  if (source.documents.length !== previous.documents.length) return;
  source.documents.forEach((document, index) => {
    if (document.span.end - document.span.start < DEFERRED_DOCUMENT_SIZE) return;
    const body = bodyOf(source, index);
    if (open.cache.has(body)) return;
    const parsed = open.cache.get(bodyOf(previous, index));
    if (!parsed) return;
    open.cache.set(body, parsed);
    open.borrowed.add(body);
  });
}

/** Keeps only the parses of the documents the file has now, so the cache does not grow with edits. */
function pruneCache(open: OpenFile, source: SourceFile): void {
  if (open.cache.size === 0) return;
  const kept: DocumentCache = new Map();
  const borrowed = new Set<string>();
  source.documents.forEach((_, index) => {
    const body = bodyOf(source, index);
    const parsed = open.cache.get(body);
    if (parsed) kept.set(body, parsed);
    if (open.borrowed.has(body)) borrowed.add(body);
  });
  open.cache = kept;
  open.borrowed = borrowed;
}
