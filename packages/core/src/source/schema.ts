import { isScalar, type ScalarTag, type Tags } from 'yaml';

// kubectl reads YAML through go-yaml v2 (sigs.k8s.io/yaml), which follows YAML 1.1 for booleans
// (yes, no, on, off, y, n), octal (0644) and merge keys, but differs from the `yaml` package's
// 1.1 schema in the tags below.
const DROPPED_TAGS = new Set([
  // go-yaml v2 hands timestamps to an `interface{}` target as the original string.
  'tag:yaml.org,2002:timestamp',
  // go-yaml v2 decodes `!!set` as a plain mapping and `!!omap` and `!!pairs` as plain sequences.
  // Without these tags the `yaml` package does the same instead of building a Set or a Map.
  'tag:yaml.org,2002:set',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
  // Replaced by BINARY_AS_TEXT, because go-yaml v2 returns the decoded bytes as a string.
  'tag:yaml.org,2002:binary',
]);

// go-yaml v2 has no sexagesimal numbers (1:30 stays a string); the `yaml` package marks its
// sexagesimal int and float tags with this format.
const DROPPED_FORMATS = new Set(['TIME']);

/** `!!binary` read the way go-yaml v2 reads it into an `interface{}`: the decoded text. */
const BINARY_AS_TEXT: ScalarTag = {
  tag: 'tag:yaml.org,2002:binary',
  identify: () => false,
  resolve: (source) => Buffer.from(source.replace(/\s+/g, ''), 'base64').toString('utf8'),
};

/**
 * Integers with a base prefix that YAML 1.1 lacks but Go's `strconv.ParseInt(s, 0, 64)` accepts,
 * which go-yaml v2 calls after removing underscores: `0o644` and `0O644` are 420, `0X1F` is 31
 * and `0B101` is 5. The lower-case `0x` and `0b` forms are already YAML 1.1.
 */
const GO_PREFIXED_INT: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  identify: () => false,
  default: true,
  test: /^[-+]?0(?:[oO][0-7_]+|X[0-9a-fA-F_]+|B[01_]+)$/,
  resolve: (source) => {
    const negative = source.startsWith('-');
    const digits = source.replace(/^[-+]/, '').replace(/_/g, '');
    const magnitude = Number(digits);
    return negative ? -magnitude : magnitude;
  },
};

/** Adjusts the `yaml` package's YAML 1.1 tags to read scalars the way kubectl does. */
export function kubectlTags(tags: Tags): Tags {
  const kept = tags.filter((tag) => {
    if (typeof tag === 'string') return true;
    if (DROPPED_TAGS.has(tag.tag)) return false;
    return !('format' in tag && tag.format !== undefined && DROPPED_FORMATS.has(tag.format));
  });
  return [...kept, BINARY_AS_TEXT, GO_PREFIXED_INT];
}

/**
 * True for a YAML 1.1 merge key (`<<`). With `merge: true` the `yaml` package gives its scalar a
 * symbol as value, which distinguishes it from a quoted `"<<"`, an ordinary key.
 */
export function isMergeKey(node: unknown): boolean {
  return isScalar(node) && typeof node.value === 'symbol';
}
