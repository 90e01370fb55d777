import { parser } from '@prometheus-io/lezer-promql';

/** One label matcher of a selector, its value unquoted. */
export interface Matcher {
  label: string;
  op: string;
  value: string;
}

/**
 * Every vector selector of a query with its matchers, read back from the
 * grammar's tree, so tests judge the scoped query as Prometheus will see it
 * rather than by its text. Double-quoted values are unquoted as JSON, which
 * covers the escapes scoping writes.
 */
export function selectorsOf(promql: string): Array<{
  metric?: string;
  matchers: Matcher[];
}> {
  const text = (node: { from: number; to: number }) =>
    promql.slice(node.from, node.to);
  const selectors: Array<{ metric?: string; matchers: Matcher[] }> = [];
  parser.parse(promql).iterate({
    enter: ref => {
      if (ref.type.isError) throw new Error(`Not valid PromQL: ${promql}`);
      if (ref.name !== 'VectorSelector') return;
      const identifier = ref.node.getChild('Identifier');
      const matchers: Matcher[] = [];
      const list = ref.node.getChild('LabelMatchers');
      for (let m = list?.firstChild; m; m = m.nextSibling) {
        const name = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
        const op = m.getChild('MatchOp');
        const value = m.getChild('StringLiteral');
        if (!name || !op || !value) continue;
        const label = text(name).replace(/^"(.*)"$/, '$1');
        matchers.push({ label, op: text(op), value: JSON.parse(text(value)) });
      }
      selectors.push({
        ...(identifier && { metric: text(identifier) }),
        matchers,
      });
    },
  });
  return selectors;
}
