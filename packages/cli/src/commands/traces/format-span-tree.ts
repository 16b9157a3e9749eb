import { ASSAY_ATTRIBUTES, type Span } from '@assay/core';
import { formatCost } from '../../output/format-cost.js';
import { formatDuration } from '../../output/format-duration.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';

function nanosecondsToMilliseconds(start: string, end: string | undefined): number | undefined {
  return end === undefined ? undefined : Number((BigInt(end) - BigInt(start)) / 1_000_000n);
}

function preview(value: unknown): string {
  if (value === undefined) return '';
  return formatUntrustedText(typeof value === 'string' ? value : JSON.stringify(value), 70);
}

/** Prints the span tree with box-drawing branches: name, type, duration, cost, status, inputs → outputs. */
export function formatSpanTree(spans: readonly Span[]): string {
  const children = new Map<string | undefined, Span[]>();
  const ids = new Set(spans.map((span) => span.spanId));
  for (const span of spans) {
    const parent = span.parentSpanId !== undefined && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const lines: string[] = [];
  const visit = (span: Span, prefix: string, branch: string, childPrefix: string): void => {
    const duration = nanosecondsToMilliseconds(span.startTimeUnixNano, span.endTimeUnixNano);
    const status = span.status.code === 'ERROR' ? `  ERROR${span.status.message ? `: ${formatUntrustedText(span.status.message, 60)}` : ''}` : '';
    const cost = span.cost === undefined ? '' : ` ${formatCost(span.cost.totalCost)}`;
    lines.push(
      `${prefix}${branch}${formatUntrustedText(span.name, 40)} (${span.spanType}) ${duration === undefined ? 'open' : formatDuration(0, duration)}${cost}${status}`,
    );
    const inputs = preview(span.attributes[ASSAY_ATTRIBUTES.spanInputs]);
    const outputs = preview(span.attributes[ASSAY_ATTRIBUTES.spanOutputs]);
    if (inputs) lines.push(`${prefix}${childPrefix}  in:  ${inputs}`);
    if (outputs) lines.push(`${prefix}${childPrefix}  out: ${outputs}`);
    const kids = children.get(span.spanId) ?? [];
    kids.forEach((child, index) => {
      const last = index === kids.length - 1;
      visit(child, prefix + childPrefix, last ? '└─ ' : '├─ ', last ? '   ' : '│  ');
    });
  };
  for (const root of children.get(undefined) ?? []) visit(root, '', '', '');
  return `${lines.join('\n')}\n`;
}
