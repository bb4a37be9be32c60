import { containersOf, type ContainerEntry, type K8sObject, type Path } from '@kubeharden/core';

/** A command-line flag of kube-apiserver with where it is written. */
export interface Flag {
  readonly name: string;
  /** `undefined` for a flag without value, such as `--profiling`. */
  readonly value: string | undefined;
  /** Path of the list item that contains the flag. */
  readonly path: Path;
  /** True when the list item is exactly `--name=value`, so replacing the item rewrites only this flag. */
  readonly standalone: boolean;
}

/** The kube-apiserver container of a static Pod and the flags it is started with. */
export interface ApiServer {
  readonly pod: K8sObject;
  readonly container: ContainerEntry;
  readonly flags: ReadonlyMap<string, Flag>;
  /** The list (`args` if present, else `command`) where flags go, for locating findings. */
  readonly flagListPath: Path;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value)
    ? value.map((entry) => (typeof entry === 'string' ? entry : String(entry)))
    : [];
}

function runsApiServer(words: readonly string[]): boolean {
  return words.some((word) =>
    word.split(/\s+/).some((token) => /(^|\/)kube-apiserver$/.test(token)),
  );
}

/**
 * Finds kube-apiserver in a static Pod in kube-system: a container whose command or args start
 * the kube-apiserver binary, directly or through a shell command line.
 */
export function findApiServer(pod: K8sObject): ApiServer | undefined {
  if (pod.kind !== 'Pod' || pod.apiVersion !== 'v1' || pod.namespace !== 'kube-system')
    return undefined;
  for (const container of containersOf(pod.get(['spec']), ['spec'])) {
    const command = stringsOf(container.value.command);
    const args = stringsOf(container.value.args);
    if (!runsApiServer([...command, ...args])) continue;

    const flags = new Map<string, Flag>();
    const collect = (words: readonly string[], key: 'command' | 'args'): void => {
      words.forEach((word, index) => {
        const path = [...container.path, key, index];
        const tokens = word.trim().split(/\s+/);
        tokens.forEach((token, position) => {
          if (!token.startsWith('--')) return;
          const equals = token.indexOf('=');
          const name = equals < 0 ? token.slice(2) : token.slice(2, equals);
          let value = equals < 0 ? undefined : token.slice(equals + 1);
          // `--flag value` as two words or two tokens of a shell line.
          if (value === undefined) {
            const next = tokens.length > 1 ? tokens[position + 1] : words[index + 1];
            if (next !== undefined && !next.startsWith('-')) value = next;
          }
          flags.set(name, { name, value, path, standalone: tokens.length === 1 && equals >= 0 });
        });
      });
    };
    collect(command, 'command');
    collect(args, 'args');
    const flagListPath = [
      ...container.path,
      container.value.args !== undefined ? 'args' : 'command',
    ];
    return { pod, container, flags, flagListPath };
  }
  return undefined;
}
