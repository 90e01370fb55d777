/**
 * A parsed Kubernetes label selector (the string form used by
 * `backstage.io/kubernetes-label-selector` and `kubectl -l`).
 *
 * @public
 */
export type LabelPredicate = (
  labels: Record<string, string> | undefined,
) => boolean;

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`);

/** Splits on commas that are not inside `( )`. */
function requirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current.trim());
  return parts.filter(Boolean);
}

function requirement(text: string): LabelPredicate {
  let match = EQUALITY.exec(text);
  if (match) {
    const [, key, , op, value = ''] = match;
    return op === '!='
      ? labels => labels?.[key] !== value
      : labels => labels?.[key] === value;
  }
  match = SET.exec(text);
  if (match) {
    const [, key, , op, list] = match;
    const values = new Set(
      list
        .split(',')
        .map(v => v.trim())
        .filter(Boolean),
    );
    return op === 'in'
      ? labels => labels?.[key] !== undefined && values.has(labels[key])
      : labels => labels?.[key] === undefined || !values.has(labels[key]);
  }
  match = EXISTS.exec(text);
  if (match) {
    const [, not, key] = match;
    return not
      ? labels => labels?.[key] === undefined
      : labels => labels?.[key] !== undefined;
  }
  throw new Error(`invalid label selector requirement '${text}'`);
}

/**
 * Parses a label selector; throws on syntax errors. An empty selector would
 * match everything, which is never what an entity annotation means, so it is
 * refused too.
 *
 * @public
 */
export function parseLabelSelector(selector: string): LabelPredicate {
  const predicates = requirements(selector).map(requirement);
  if (predicates.length === 0) {
    throw new Error('empty label selector');
  }
  return labels => predicates.every(p => p(labels));
}
