/** A one-line progress counter on stderr, shown only in an interactive terminal outside CI. */
export class Progress {
  readonly #enabled: boolean;
  #lastDraw = 0;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.#enabled = Boolean(stream.isTTY) && !process.env.CI;
    this.stream = stream;
  }

  private readonly stream: NodeJS.WriteStream;

  update(done: number, total: number, label: string): void {
    if (!this.#enabled) return;
    const now = Date.now();
    // Redraw at most every 100 ms, so a fast run does not spend its time drawing.
    if (now - this.#lastDraw < 100 && done < total) return;
    this.#lastDraw = now;
    const line = `Checking ${done}/${total} ${label}`;
    const width = this.stream.columns ?? 80;
    this.stream.write(`\r${line.slice(0, width - 1).padEnd(Math.min(width - 1, line.length + 10))}`);
  }

  clear(): void {
    if (this.#enabled && this.#lastDraw !== 0) this.stream.write('\r\u001b[K');
  }
}
