/** One pg_hba.conf line split into its fields, as PostgreSQL reads them. */
export interface HbaEntry {
  readonly type: string;
  readonly database: string;
  readonly user: string;
  /** `undefined` for `local` lines, which have no address. */
  readonly address?: string;
  readonly method: string;
  /** Index of the method among the whitespace-separated tokens, for rewriting it. */
  readonly methodToken: number;
  readonly tokens: readonly string[];
}

const HOST_TYPES = new Set(['host', 'hostssl', 'hostnossl', 'hostgssenc', 'hostnogssenc']);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Parses a pg_hba line. Returns `undefined` for comments, include directives and lines too short
 * to be a record. Quoted fields with spaces are not supported, as CloudNativePG users rarely need
 * them.
 */
export function parseHbaEntry(line: string): HbaEntry | undefined {
  const text = line.replace(/#.*$/, '').trim();
  if (text === '') return undefined;
  const tokens = text.split(/\s+/);
  const type = tokens[0]!.toLowerCase();

  if (type === 'local') {
    if (tokens.length < 4) return undefined;
    return {
      type,
      database: tokens[1]!,
      user: tokens[2]!,
      method: tokens[3]!.toLowerCase(),
      methodToken: 3,
      tokens,
    };
  }
  if (!HOST_TYPES.has(type) || tokens.length < 5) return undefined;

  const address = tokens[3]!;
  // An address without a CIDR suffix may be followed by a separate netmask field.
  const hasMask =
    !address.includes('/') &&
    (IPV4.test(tokens[4]!) || (address.includes(':') && tokens[4]!.includes(':')));
  const methodToken = hasMask ? 5 : 4;
  const method = tokens[methodToken];
  if (method === undefined) return undefined;
  return {
    type,
    database: tokens[1]!,
    user: tokens[2]!,
    address,
    method: method.toLowerCase(),
    methodToken,
    tokens,
  };
}

/** True for an entry that matches every database, user and client address. */
export function coversEverything(entry: HbaEntry): boolean {
  return entry.database === 'all' && entry.user === 'all' && entry.address === 'all';
}
