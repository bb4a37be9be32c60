import { MAX_PORT, MIN_PORT, PROTOCOLS, type Protocol } from '../model/connection-set.js';
import { parseCidr } from '../model/ip.js';
import { dnsLabelError, labelKeyError, labelValueError, portNameError } from '../model/names.js';

/** A generator argument that the Kubernetes API would reject; names the argument and the value. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';

  constructor(
    readonly argument: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`Invalid ${argument} ${show(value)}: ${reason}.`);
  }
}

/** A port as generators accept it: a number or a port name for TCP, or an explicit entry. */
export type PortInput =
  | number
  | string
  | { readonly port?: number | string; readonly protocol?: Protocol; readonly endPort?: number };

/** A NetworkPolicy `ports` entry. */
export interface PortEntry {
  protocol: Protocol;
  port?: number | string;
  endPort?: number;
}

export function checkNamespace(argument: string, value: unknown): string {
  return checkDnsLabel(argument, value, 'a namespace name');
}

/** Checks an RFC 1123 label; `subject` names the value in the error, such as `a namespace name`. */
export function checkDnsLabel(argument: string, value: unknown, subject: string): string {
  if (typeof value !== 'string')
    throw new InvalidInputError(argument, value, `${subject} must be a string`);
  const error = dnsLabelError(value);
  if (error !== undefined) throw new InvalidInputError(argument, value, `${subject} ${error}`);
  return value;
}

/** Checks a label map used as `matchLabels`; `{}` is allowed and selects every pod. */
export function checkLabels(argument: string, value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInputError(
      argument,
      value,
      'expected a mapping of label keys to values, such as { app: "api" }',
    );
  }

  const labels: Record<string, string> = {};
  for (const [key, labelValue] of Object.entries(value as Record<string, unknown>)) {
    const keyError = labelKeyError(key);
    if (keyError !== undefined) throw new InvalidInputError(`${argument} key`, key, keyError);
    if (typeof labelValue !== 'string') {
      throw new InvalidInputError(
        `${argument}.${key}`,
        labelValue,
        'a label value must be a string',
      );
    }
    const valueError = labelValueError(labelValue);
    if (valueError !== undefined)
      throw new InvalidInputError(`${argument}.${key}`, labelValue, `a label value ${valueError}`);
    labels[key] = labelValue;
  }
  return labels;
}

/** Converts a port argument into a `ports` entry, rejecting what the API server rejects. */
export function checkPort(argument: string, value: unknown): PortEntry {
  if (typeof value === 'number' || typeof value === 'string')
    return checkPortEntry(argument, { port: value });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInputError(
      argument,
      value,
      'expected a port number, a port name or { port, protocol, endPort }',
    );
  }
  return checkPortEntry(argument, value as Record<string, unknown>);
}

function checkPortEntry(argument: string, value: Record<string, unknown>): PortEntry {
  const protocol = value.protocol ?? 'TCP';
  if (typeof protocol !== 'string' || !(PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new InvalidInputError(`${argument}.protocol`, protocol, 'use TCP, UDP or SCTP');
  }

  const entry: PortEntry = { protocol: protocol as Protocol };
  const { port, endPort } = value;
  if (typeof port === 'number') {
    if (!isPortNumber(port))
      throw new InvalidInputError(
        `${argument}.port`,
        port,
        `a port number must be an integer from ${MIN_PORT} to ${MAX_PORT}`,
      );
    entry.port = port;
  } else if (typeof port === 'string') {
    const error = portNameError(port);
    if (error !== undefined)
      throw new InvalidInputError(`${argument}.port`, port, `a port name ${error}`);
    entry.port = port;
  } else if (port !== undefined) {
    throw new InvalidInputError(`${argument}.port`, port, 'a port must be a number or a port name');
  }

  if (endPort !== undefined) {
    if (typeof entry.port !== 'number') {
      throw new InvalidInputError(
        `${argument}.endPort`,
        endPort,
        'endPort needs a numeric port as the start of the range',
      );
    }
    if (typeof endPort !== 'number' || !isPortNumber(endPort) || endPort < entry.port) {
      throw new InvalidInputError(
        `${argument}.endPort`,
        endPort,
        `endPort must be an integer from ${entry.port} to ${MAX_PORT}`,
      );
    }
    entry.endPort = endPort;
  }
  return entry;
}

/** Checks that a CIDR is valid and canonical, and returns it. */
export function checkCidr(argument: string, value: unknown): string {
  if (typeof value !== 'string')
    throw new InvalidInputError(argument, value, 'a CIDR must be a string such as 203.0.113.0/24');
  const parsed = parseCidr(value);
  if (typeof parsed === 'string') throw new InvalidInputError(argument, value, parsed);
  if (parsed.nonCanonical)
    throw new InvalidInputError(argument, value, `it is not canonical; use ${parsed.canonical}`);
  return value;
}

function isPortNumber(value: number): boolean {
  return Number.isInteger(value) && value >= MIN_PORT && value <= MAX_PORT;
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
