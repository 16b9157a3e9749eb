import type { Store, Trace } from '@assay/core';
import type { CliContext } from '../../cli-context.js';
import { withExistingStore } from '../../options/store-option.js';
import { formatCost } from '../../output/format-cost.js';
import { formatDuration } from '../../output/format-duration.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';
import { formatSpanTree } from './format-span-tree.js';
import { printAssessments } from './print-assessments.js';

/** Options of `showTrace`. */
export interface ShowTraceOptions extends CommandInvocation<{ json?: boolean }> {
  /** The trace's id. */
  traceId: string;
}

function printTrace(trace: Trace, context: CliContext): void {
  const { info } = trace;
  const facts = [
    `Trace ${info.traceId}`,
    `name: ${formatUntrustedText(info.name ?? '-', 60)}`,
    `state: ${info.state}`,
    `started: ${formatTimestamp(info.requestTime)}`,
    `duration: ${info.executionDurationMs === undefined ? '-' : formatDuration(0, info.executionDurationMs)}`,
    `experiment: ${info.experimentId}`,
    ...(info.runId ? [`run: ${info.runId}`] : []),
    ...(info.tokenUsage
      ? [`tokens: ${info.tokenUsage.inputTokens} in, ${info.tokenUsage.outputTokens} out, ${info.tokenUsage.totalTokens} total`]
      : []),
    ...(info.cost
      ? [`cost: ${formatCost(info.cost.totalCost)} (${formatCost(info.cost.inputCost)} in, ${formatCost(info.cost.outputCost)} out)`]
      : []),
    ...(info.sessionId ? [`session: ${formatUntrustedText(info.sessionId, 60)}`] : []),
    ...(info.userId ? [`user: ${formatUntrustedText(info.userId, 60)}`] : []),
    ...Object.entries(info.tags).map(([key, value]) => `tag ${formatUntrustedText(key, 40)} = ${formatUntrustedText(value, 60)}`),
  ];
  context.stdout(`${facts.join('\n')}\n\n`);
  printAssessments(info.assessments, context.stdout);
  context.stdout(`\n${formatSpanTree(trace.spans)}`);
}

/** `assay traces get <trace-id>`: the trace's summary and span tree, or the whole trace as JSON. */
export async function showTrace({ context, command, traceId, options }: ShowTraceOptions): Promise<void> {
  const trace = await withExistingStore(context, command, (store: Store) => store.getTrace({ traceId }));
  if (options.json) printJson(trace, context.stdout);
  else printTrace(trace, context);
}
