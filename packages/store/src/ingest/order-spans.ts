import type { Span } from '@assay/core';

/** Orders spans by start time with every parent before its children (spans whose parent is missing count as roots). */
export function orderSpans(spans: readonly Span[]): Span[] {
  const byStart = [...spans].sort((left, right) => {
    const difference = BigInt(left.startTimeUnixNano) - BigInt(right.startTimeUnixNano);
    return difference < 0n ? -1 : difference > 0n ? 1 : left.spanId.localeCompare(right.spanId);
  });
  const ids = new Set(byStart.map((span) => span.spanId));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const span of byStart) {
    if (span.parentSpanId === undefined || !ids.has(span.parentSpanId) || span.parentSpanId === span.spanId) {
      roots.push(span);
    } else {
      const siblings = children.get(span.parentSpanId) ?? [];
      siblings.push(span);
      children.set(span.parentSpanId, siblings);
    }
  }
  const ordered: Span[] = [];
  const placed = new Set<string>();
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const span = stack.pop()!;
    if (placed.has(span.spanId)) continue;
    placed.add(span.spanId);
    ordered.push(span);
    stack.push(...[...(children.get(span.spanId) ?? [])].reverse());
  }
  // Spans caught in a parent cycle are unreachable from any root; keep them, by start time.
  for (const span of byStart) if (!placed.has(span.spanId)) ordered.push(span);
  return ordered;
}
