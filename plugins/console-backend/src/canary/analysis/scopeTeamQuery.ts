import { InputError } from '@backstage/errors';
import { kubernetesLabelNameSchema } from '@paasport/plugin-console-common';
import { parser } from '@prometheus-io/lezer-promql';
import { z } from 'zod';
import { parseInput } from '../../router/validation';

// A team's own PromQL runs against a Prometheus that holds every team's
// series. It is parsed with the Prometheus project's grammar and every
// selector in it gets the track's namespace and pod matchers, so the query
// reads the team's pods or nothing. Whatever the grammar and Prometheus
// might read differently (comments, stray control characters, unclosed
// strings) is refused rather than guessed at.

/** The two labels that confine a selector to one track's pods. */
const SCOPE_LABELS = ['namespace', 'pod'];

const scopeSchema = z.object({
  namespace: kubernetesLabelNameSchema,
  podPattern: z
    .string()
    .min(1)
    .refine(isRegExp, 'must be a regular expression'),
});

/**
 * Where a team query may read: one namespace, and pods whose name matches
 * `podPattern` (a regular expression, as Prometheus anchors it; not
 * escaped for PromQL). It must come from `trackPodPattern`, never from the
 * team.
 *
 * @internal
 */
export interface QueryScope {
  namespace: string;
  podPattern: string;
}

/**
 * Rewrites a team's PromQL so that every vector and range selector in it
 * (in functions, aggregations, binary operations, subqueries, with offset
 * or `@`) carries `namespace="<namespace>"` and `pod=~"<podPattern>"`.
 *
 * Throws an `InputError` for a query with a syntax error, a comment, a
 * selector that already matches on `namespace` or `pod`, or no selector at
 * all (it would read nothing of the canary).
 *
 * @internal
 */
export function scopeTeamQuery(promql: string, scope: QueryScope): string {
  const { namespace, podPattern } = parseInput(scopeSchema, scope, 'scope');
  const refuse = (why: string): never => {
    throw new InputError(`Refused team query: ${why}`);
  };
  // Prometheus ends a comment at \r, the grammar only at \n; no character
  // below a space other than tab and newline has a use in a query.
  // eslint-disable-next-line no-control-regex
  const control = promql.search(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  if (control >= 0) refuse(`control character at position ${control}`);

  const matchers = `namespace=${promqlString(namespace)},pod=~${promqlString(
    podPattern,
  )}`;
  const insertions: Array<{ at: number; text: string }> = [];
  parser.parse(promql).iterate({
    enter: node => {
      if (node.type.isError) {
        refuse(
          `syntax error at position ${node.from}: ${excerpt(
            promql,
            node.from,
          )}`,
        );
      }
      if (node.name === 'LineComment') {
        refuse(`comments are not allowed (position ${node.from})`);
      }
      if (node.name === 'StringLiteral') {
        const literal = promql.slice(node.from, node.to);
        if (!isClosed(literal)) {
          refuse(`unterminated string at position ${node.from}`);
        }
      }
      if (node.name !== 'VectorSelector') return;
      const selector = node.node;
      const labelMatchers = selector.getChild('LabelMatchers');
      if (!labelMatchers) {
        // `foo` becomes `foo{…}`: the name is the selector's only part.
        insertions.push({ at: selector.to, text: `{${matchers}}` });
        return;
      }
      let matcherCount = 0;
      for (let m = labelMatchers.firstChild; m; m = m.nextSibling) {
        if (m.name === 'QuotedLabelName') matcherCount++; // {"metric.name"}
        if (
          m.name !== 'UnquotedLabelMatcher' &&
          m.name !== 'QuotedLabelMatcher'
        )
          continue;
        matcherCount++;
        const label = matcherLabel(promql, m, refuse);
        if (SCOPE_LABELS.includes(label)) {
          refuse(
            `a selector sets the "${label}" label (position ${m.from}); the analysis sets namespace and pod to the canary's or the stable pods itself`,
          );
        }
      }
      insertions.push({
        at: labelMatchers.from + 1,
        text: matcherCount > 0 ? `${matchers},` : matchers,
      });
    },
  });
  if (insertions.length === 0) {
    refuse('it has no selector, so it would read no series of the workload');
  }
  // From the end backwards, so earlier positions stay valid.
  let scoped = promql;
  for (const { at, text } of insertions.sort((a, b) => b.at - a.at)) {
    scoped = scoped.slice(0, at) + text + scoped.slice(at);
  }
  assertScoped(scoped, matchers, insertions.length);
  return scoped;
}

type SyntaxNode = NonNullable<
  ReturnType<ReturnType<typeof parser.parse>['topNode']['getChild']>
>;

/** The label a matcher matches on; quoted names are Prometheus 3 syntax. */
function matcherLabel(
  promql: string,
  matcher: SyntaxNode,
  refuse: (why: string) => never,
): string {
  const unquoted = matcher.getChild('LabelName');
  if (unquoted) return promql.slice(unquoted.from, unquoted.to);
  const literal = matcher
    .getChild('QuotedLabelName')
    ?.getChild('StringLiteral');
  const text = literal ? promql.slice(literal.from, literal.to) : '';
  // "name\x73pace" is "namespace" to Prometheus: rather than decode every
  // escape as Go does, a quoted label name may not have any.
  if (text.includes('\\')) {
    return refuse(`escapes in a quoted label name (position ${matcher.from})`);
  }
  return text.slice(1, -1);
}

/**
 * Checks the rewritten query the way an attacker would test it: parsed
 * again, every selector must open with the scope matchers and there must
 * be as many as were scoped. A failure here is a bug, not the team's input.
 */
function assertScoped(scoped: string, matchers: string, expected: number) {
  let selectors = 0;
  parser.parse(scoped).iterate({
    enter: node => {
      if (node.type.isError) {
        throw new Error(`Scoping produced invalid PromQL: ${scoped}`);
      }
      if (node.name !== 'VectorSelector') return;
      selectors++;
      const labelMatchers = node.node.getChild('LabelMatchers');
      const opening = labelMatchers
        ? scoped.slice(labelMatchers.from + 1, labelMatchers.to)
        : '';
      if (!opening.startsWith(matchers)) {
        throw new Error(`Scoping left a selector unscoped: ${scoped}`);
      }
    },
  });
  if (selectors !== expected) {
    throw new Error(`Scoping changed the number of selectors: ${scoped}`);
  }
}

/** A PromQL double-quoted string: Go's escapes, which JSON's are part of. */
function promqlString(value: string): string {
  return JSON.stringify(value);
}

/** Whether a string literal ends with its own, unescaped quote. */
function isClosed(literal: string): boolean {
  const quote = literal[0];
  const last = literal.length - 1;
  if (last < 1 || literal[last] !== quote) return false;
  if (quote === '`') return true;
  let i = 1;
  while (i < last) {
    if (literal[i] === quote) return false;
    // An escape takes the next character with it, the closing quote too.
    i += literal[i] === '\\' ? 2 : 1;
  }
  return i === last;
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern); // eslint-disable-line no-new
    return true;
  } catch {
    return false;
  }
}

function excerpt(text: string, at: number): string {
  const near = text.slice(Math.max(0, at - 15), at + 15);
  return JSON.stringify(near);
}
