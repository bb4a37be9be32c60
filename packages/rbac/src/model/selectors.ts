import { isRecord, stringList } from './objects.js';

/**
 * Matches a metav1 LabelSelector against labels. An empty selector (`{}`) matches every
 * object, as `LabelSelectorAsSelector` in apimachinery makes it. Returns `undefined` for a
 * selector the API server would reject: an unknown operator, `In` or `NotIn` without values,
 * `Exists` or `DoesNotExist` with values, or entries that are not mappings.
 */
export function matchesLabelSelector(
  selector: unknown,
  labels: ReadonlyMap<string, string>,
): boolean | undefined {
  if (!isRecord(selector)) return undefined;

  const matchLabels = selector.matchLabels ?? {};
  const matchExpressions = selector.matchExpressions ?? [];
  if (!isRecord(matchLabels) || !Array.isArray(matchExpressions)) return undefined;

  let matches = true;
  for (const [key, value] of Object.entries(matchLabels)) {
    if (typeof value !== 'string') return undefined;
    if (labels.get(key) !== value) matches = false;
  }

  for (const expression of matchExpressions) {
    const result = matchesExpression(expression, labels);
    if (result === undefined) return undefined;
    if (!result) matches = false;
  }

  return matches;
}

function matchesExpression(
  expression: unknown,
  labels: ReadonlyMap<string, string>,
): boolean | undefined {
  if (!isRecord(expression) || typeof expression.key !== 'string') return undefined;

  const values = stringList(expression.values);
  const value = labels.get(expression.key);
  switch (expression.operator) {
    case 'In':
      return values.length === 0 ? undefined : value !== undefined && values.includes(value);
    case 'NotIn':
      return values.length === 0 ? undefined : value === undefined || !values.includes(value);
    case 'Exists':
      return values.length > 0 ? undefined : value !== undefined;
    case 'DoesNotExist':
      return values.length > 0 ? undefined : value === undefined;
    default:
      return undefined;
  }
}
