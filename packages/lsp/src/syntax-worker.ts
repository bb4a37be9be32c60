import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';

import { SourceFile, type SourceProblem } from '@kubeharden/core';

/** A request to the syntax worker: documents' texts, each parsed on its own. */
export interface SyntaxRequest {
  readonly id: number;
  readonly bodies: readonly string[];
}

/** The problems of each requested text, in request order, with offsets relative to that text. */
export interface SyntaxResponse {
  readonly id: number;
  readonly problems: readonly (readonly SourceProblem[])[];
}

// Parsing a document of a few megabytes takes hundreds of milliseconds, so it runs here, off the
// thread that serves the editor. On Linux the nice value belongs to the calling thread, so the
// lowest priority here lets the thread that validates edits go first on a busy machine. Where
// the system does not allow it, the worker runs at normal priority.
try {
  setPriority(19);
} catch {
  // Not permitted or not supported: the worker still works, only without the lower priority.
}

parentPort?.on('message', (request: SyntaxRequest) => {
  const problems = request.bodies.map((body) => {
    const file = new SourceFile('<document>', body);
    return [...file.problems, ...file.documents.flatMap((document) => document.parse().problems)];
  });
  const response: SyntaxResponse = { id: request.id, problems };
  parentPort!.postMessage(response);
});
