/** Destination of the server's log lines; the language server passes its connection's console. */
export interface LogSink {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

// A message that repeats on every keystroke is logged the first time, then once per this many.
const REPEAT_INTERVAL = 100;

/** A logger that counts repeated messages instead of writing each of them. */
export class Logger {
  readonly #sink: LogSink;
  readonly #repeats = new Map<string, number>();

  constructor(sink: LogSink) {
    this.#sink = sink;
  }

  info(message: string): void {
    this.#sink.info(message);
  }

  warn(message: string): void {
    this.#sink.warn(message);
  }

  /** Logs an error; the same message again is logged only every 100th time, with its count. */
  error(message: string, error?: unknown): void {
    const detail = error === undefined ? message : `${message}: ${describeError(error)}`;
    const count = (this.#repeats.get(detail) ?? 0) + 1;
    this.#repeats.set(detail, count);
    if (count === 1) this.#sink.error(detail);
    else if (count % REPEAT_INTERVAL === 0) this.#sink.error(`${detail} (${count} times so far)`);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
