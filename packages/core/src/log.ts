/** A namespaced debug logger; silent unless `KUBEHARDEN_DEBUG` names the namespace or `*`. */
export type DebugLogger = (message: string) => void;

let sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`);

/** Sends debug output somewhere else, such as a language server's log channel. */
export function setDebugSink(next: (line: string) => void): void {
  sink = next;
}

function enabled(namespace: string): boolean {
  const setting = process.env.KUBEHARDEN_DEBUG;
  if (!setting) return false;
  return setting
    .split(',')
    .map((entry) => entry.trim())
    .some((entry) => entry === '*' || entry === namespace || entry === `kubeharden:${namespace}`);
}

export function debug(namespace: string): DebugLogger {
  return (message) => {
    if (enabled(namespace)) sink(`kubeharden:${namespace} ${message}`);
  };
}
