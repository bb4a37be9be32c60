import { Document, isScalar, Scalar, visit, type Tags } from 'yaml';

import { kubectlTags } from './schema.js';

const MERGE_TAG = 'tag:yaml.org,2002:merge';

// Without the merge tag a `<<` key is an ordinary string, so `stringifyObject` can quote it. The
// other tags are the ones the parser reads with, so strings such as "0o644" are quoted.
function withoutMergeTag(tags: Tags): Tags {
  return tags.filter((tag) => typeof tag === 'string' || tag.tag !== MERGE_TAG);
}

/**
 * Renders objects as a multi-document YAML stream in the layout kubectl users expect: two-space
 * indentation, sequences indented under their key, strings quoted only where YAML 1.1 would
 * otherwise read them as another type (such as "true" or "0644").
 */
export function stringifyObjects(objects: readonly object[], header?: string): string {
  const documents = objects.map((object) => stringifyObject(object));
  const comment = header ? `${header.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n')}\n` : '';
  return comment + documents.join('---\n');
}

/**
 * Renders one object as a YAML document (no separator), in the same layout as `stringifyObjects`.
 * The engine's parser reads the text back to the same value: a `<<` key is quoted so that it is
 * not read as a merge key, and an object that occurs twice is written out twice, not as an alias.
 */
export function stringifyObject(object: object): string {
  const document = new Document(object, { version: '1.1', customTags: (tags: Tags) => withoutMergeTag(kubectlTags(tags)), aliasDuplicateObjects: false });
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === '<<') pair.key.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return document.toString({ indent: 2, lineWidth: 0 });
}
