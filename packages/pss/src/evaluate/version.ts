import type { PssVersion } from './types.js';

/**
 * The newest policy version that changes any check (v1.37 adds two safe sysctls). `latest` and
 * every later version evaluate as this one, as upstream clamps to its newest registered version.
 */
export const LATEST_PSS_MINOR = 37;

/** The form the `pod-security.kubernetes.io/*-version` labels take, apart from `latest`. */
const VERSION_PATTERN = /^v1\.(0|[1-9][0-9]*)$/;

/** Parses a policy version as the namespace labels write it: `latest` or `v1.<minor>`. */
export function parsePssVersion(text: string): PssVersion {
  if (text === 'latest') return 'latest';

  const match = typeof text === 'string' ? VERSION_PATTERN.exec(text) : null;
  const minor = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (!Number.isSafeInteger(minor)) {
    throw new Error(
      `Invalid Pod Security Standards version ${JSON.stringify(text)}: use "latest" or "v1.<minor>", such as "v1.30".`,
    );
  }
  return { minor };
}

/** Returns the minor version whose rules apply to `version`. */
export function effectiveMinor(version: PssVersion): number {
  if (version === 'latest') return LATEST_PSS_MINOR;

  const minor = (version as { minor?: unknown } | null)?.minor;
  if (typeof minor !== 'number' || !Number.isSafeInteger(minor) || minor < 0) {
    throw new Error(
      `Invalid Pod Security Standards version ${JSON.stringify(version)}: pass 'latest' or { minor: n } with a whole n of 0 or more, such as the result of parsePssVersion("v1.30").`,
    );
  }
  return Math.min(minor, LATEST_PSS_MINOR);
}
