import type { ControlArea } from '../rules/rule.js';

/** Types of generator options, as the command line parses them. */
export type GeneratorOptionType =
  /** A single string. */
  | 'string'
  /** A comma-separated list of strings. */
  | 'list'
  /** Labels written as `key=value,key=value`. */
  | 'labels'
  /** Ports written as `8080`, `TCP/8080`, `UDP/53` or `named-port`, comma-separated. */
  | 'ports'
  | 'number'
  | 'boolean';

export interface GeneratorOption {
  /** Option name in kebab-case; the command line takes it as `--name`. */
  readonly name: string;
  readonly type: GeneratorOptionType;
  readonly description: string;
  readonly required?: boolean;
  /** Default shown in `--list`; the generator applies it itself. */
  readonly default?: string;
}

/** A generator of manifests for one control, with options a command line or editor can offer. */
export interface Generator {
  /** Stable kebab-case name, such as `default-deny-all`. */
  readonly name: string;
  readonly area: ControlArea;
  readonly description: string;
  readonly options: readonly GeneratorOption[];
  /** Builds the objects; throws an `Error` that names the bad option and value. */
  generate(options: Readonly<Record<string, unknown>>): readonly object[];
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Declares a generator, checking its name and options. */
export function defineGenerator(generator: Generator): Generator {
  if (!NAME.test(generator.name)) {
    throw new Error(`Generator name "${generator.name}" is not kebab-case; use lower-case words joined by "-".`);
  }
  const seen = new Set<string>();
  for (const option of generator.options) {
    if (!NAME.test(option.name) || seen.has(option.name)) {
      throw new Error(`Generator "${generator.name}" has an invalid or repeated option "${option.name}".`);
    }
    seen.add(option.name);
  }
  return generator;
}

/** Parses `key=value,key=value` into labels, with an error naming the bad entry. */
export function parseLabels(text: string, option: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const entry of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const equals = entry.indexOf('=');
    if (equals <= 0) {
      throw new Error(`Invalid --${option} entry "${entry}"; write labels as key=value, separated by commas.`);
    }
    labels[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return labels;
}
