import { Worker } from 'node:worker_threads';

import {
  SOURCE_RULES,
  severityOf,
  type Finding,
  type Settings,
  type SourceFile,
  type SourceProblem,
} from '@kubeharden/core';

import type { SyntaxRequest, SyntaxResponse } from '../syntax-worker.js';

/** Finds the syntax problems of documents that the rules did not need to parse. */
export interface SyntaxChecker {
  /** Findings for the file's unparsed documents whose problems are known now. */
  findingsOf(file: SourceFile, settings: Settings): Finding[];
  /** Keeps cached results only for the documents of these files. */
  retain(files: readonly SourceFile[]): void;
  stop(): void;
}

const RULE_IDS: Record<string, string> = { 'duplicate-key': 'no-duplicate-keys' };

// A document is sent to the worker once its file has been left alone this long. Parsing a
// document of a few megabytes on every keystroke would take a core away from the validation
// of the next edit on a two-core machine.
const IDLE_MS = 400;

/**
 * Checks the syntax of every document of the open files. The engine parses only documents of
 * kinds that some rule reads, so a worker thread parses the others. `onReady` is called when
 * new problems arrive, so that the caller can validate again. Results are cached by document
 * text, so an edit parses only its document.
 */
export class WorkerSyntaxChecker implements SyntaxChecker {
  readonly #onReady: () => void;
  readonly #onError: (error: unknown) => void;
  /** Problems by document text, with offsets relative to the text; kept for the open files' documents. */
  #known = new Map<string, readonly SourceProblem[]>();
  #worker: Worker | undefined;
  /** The texts the worker is parsing, in request order. */
  #inFlight: string[] | undefined;
  /** Texts waiting for their file to be idle, by path; a newer version of a file replaces older ones. */
  readonly #waiting = new Map<string, { bodies: string[]; timer: NodeJS.Timeout }>();
  /** Texts of idle files, sent when the worker is free. */
  readonly #ready = new Map<string, string[]>();
  #nextId = 0;
  #stopped = false;

  constructor(onReady: () => void, onError: (error: unknown) => void) {
    this.#onReady = onReady;
    this.#onError = onError;
  }

  findingsOf(file: SourceFile, settings: Settings): Finding[] {
    const findings: Finding[] = [];
    const missing: string[] = [];
    for (const document of file.documents) {
      if (document.isParsed || document.sniff.templateMarker !== undefined) continue;
      const body = file.text.slice(document.span.start, document.span.end);
      const problems = this.#known.get(body);
      if (!problems) {
        if (!this.#inFlight?.includes(body)) missing.push(body);
        continue;
      }
      for (const problem of problems) {
        const finding = toFinding(file, document.index, document.span.start, problem, settings);
        if (finding) findings.push(finding);
      }
    }
    this.#wait(file.path, missing);
    return findings;
  }

  /** Forgets results for texts that no open file has any more. */
  retain(files: readonly SourceFile[]): void {
    const kept = new Map<string, readonly SourceProblem[]>();
    for (const file of files) {
      for (const document of file.documents) {
        const body = file.text.slice(document.span.start, document.span.end);
        const problems = this.#known.get(body);
        if (problems) kept.set(body, problems);
      }
    }
    this.#known = kept;
  }

  stop(): void {
    this.#stopped = true;
    for (const { timer } of this.#waiting.values()) clearTimeout(timer);
    this.#waiting.clear();
    void this.#worker?.terminate();
    this.#worker = undefined;
  }

  /** Restarts the idle wait of a file with its latest unparsed texts. */
  #wait(path: string, bodies: string[]): void {
    const previous = this.#waiting.get(path);
    if (previous) clearTimeout(previous.timer);
    this.#waiting.delete(path);
    this.#ready.delete(path);
    if (bodies.length === 0 || this.#stopped) return;

    const timer = setTimeout(() => {
      this.#waiting.delete(path);
      this.#ready.set(path, bodies);
      if (!this.#inFlight) this.#sendNext();
    }, IDLE_MS);
    timer.unref();
    this.#waiting.set(path, { bodies, timer });
  }

  #sendNext(): void {
    const next = this.#ready.entries().next();
    if (next.done) return;
    const [path, bodies] = next.value;
    this.#ready.delete(path);
    this.#inFlight = bodies;
    const request: SyntaxRequest = { id: this.#nextId++, bodies };
    this.#ensureWorker().postMessage(request);
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('../syntax-worker.js', import.meta.url));
    worker.unref();
    worker.on('message', (response: SyntaxResponse) => this.#receive(response));
    worker.on('error', (error) => {
      this.#onError(error);
      this.#worker = undefined;
      this.#inFlight = undefined;
    });
    this.#worker = worker;
    return worker;
  }

  #receive(response: SyntaxResponse): void {
    const bodies = this.#inFlight ?? [];
    this.#inFlight = undefined;
    response.problems.forEach((problems, index) => {
      const body = bodies[index];
      if (body !== undefined) this.#known.set(body, problems);
    });
    this.#sendNext();
    // A document without problems adds no finding, so only problems call for a new validation.
    if (!this.#stopped && response.problems.some((problems) => problems.length > 0)) {
      this.#onReady();
    }
  }
}

function toFinding(
  file: SourceFile,
  documentIndex: number,
  shift: number,
  problem: SourceProblem,
  settings: Settings,
): Finding | undefined {
  const ruleId = RULE_IDS[problem.code] ?? 'valid-yaml';
  const rule = SOURCE_RULES.find((candidate) => candidate.id === ruleId)!;
  const severity = severityOf(rule, settings);
  if (severity === 'off') return undefined;
  return {
    ruleId,
    severity,
    message: problem.message,
    file: file.path,
    documentIndex,
    path: [],
    range: file.range(shift + problem.start, shift + problem.end),
    hipaa: rule.meta.hipaa,
  };
}
