import type { SpanSummary } from './traces-types';

/** One span in the tree, with where it sits on the trace's timeline. */
export interface SpanNode {
  span: SpanSummary;
  children: SpanNode[];
  /** Index of the parent in {@link SpanTree.ordered}, undefined for a root. */
  parentIndex?: number;
  /** Milliseconds from the trace's first start. */
  offsetMs: number;
  /** Undefined while the span has not ended. */
  durationMs?: number;
}

export interface SpanTree {
  roots: SpanNode[];
  nodes: Map<string, SpanNode>;
  /** Every node, in the server's order (parents before children). */
  ordered: SpanNode[];
  /** From the first start to the last end, in milliseconds. */
  totalMs: number;
}

/** A row of the tree as shown: a node and its depth. */
export interface SpanRow {
  node: SpanNode;
  depth: number;
}

/** The tree of a trace's spans; a span whose parent is missing (not exported yet) is a root. Nanosecond times are compared as BigInts. */
export function buildSpanTree(spans: readonly SpanSummary[]): SpanTree {
  let first: bigint | undefined;
  for (const span of spans) {
    const start = BigInt(span.start_time_unix_nano);
    if (first === undefined || start < first) first = start;
  }
  const origin = first ?? 0n;
  const nodes = new Map<string, SpanNode>();
  const ordered: SpanNode[] = [];
  let totalMs = 0;
  for (const span of spans) {
    const offsetMs = Number(BigInt(span.start_time_unix_nano) - origin) / 1e6;
    const durationMs = span.end_time_unix_nano === undefined ? undefined : Number(BigInt(span.end_time_unix_nano) - BigInt(span.start_time_unix_nano)) / 1e6;
    totalMs = Math.max(totalMs, offsetMs + (durationMs ?? 0));
    const node: SpanNode = { span, children: [], offsetMs, ...(durationMs !== undefined ? { durationMs } : {}) };
    nodes.set(span.span_id, node);
    ordered.push(node);
  }
  const index = new Map(ordered.map((node, position) => [node, position]));
  const roots: SpanNode[] = [];
  for (const node of ordered) {
    const parent = node.span.parent_span_id === undefined ? undefined : nodes.get(node.span.parent_span_id);
    if (parent === undefined || parent === node) roots.push(node);
    else {
      parent.children.push(node);
      node.parentIndex = index.get(parent);
    }
  }
  // Siblings in time order (the store's order is parents first, not necessarily by start).
  for (const node of ordered) node.children.sort((a, b) => a.offsetMs - b.offsetMs);
  roots.sort((a, b) => a.offsetMs - b.offsetMs);
  return { roots, nodes, ordered, totalMs };
}

/** The rows shown: a depth-first walk that skips collapsed spans' children (a loop, not recursion: traces may be very deep). */
export function visibleSpanRows(tree: SpanTree, collapsed: ReadonlySet<string>): SpanRow[] {
  const rows: SpanRow[] = [];
  const stack: SpanRow[] = tree.roots.map((node) => ({ node, depth: 0 })).reverse();
  while (stack.length > 0) {
    const row = stack.pop()!;
    rows.push(row);
    if (collapsed.has(row.node.span.span_id)) continue;
    for (let child = row.node.children.length - 1; child >= 0; child -= 1) stack.push({ node: row.node.children[child]!, depth: row.depth + 1 });
  }
  return rows;
}
