import { Command } from 'commander';
import type { Span, Store, Trace, TraceInfo } from '@assay/core';
import { ASSAY_ATTRIBUTES } from '@assay/core';
import type { CliContext } from '../cli-context.js';
import { collectRepeated } from '../options/collect-values.js';
import { parsePositiveInteger } from '../options/parse-positive-integer.js';
import { withStore } from '../options/store-option.js';
import { formatDuration } from '../output/format-duration.js';
import { formatTimestamp } from '../output/format-timestamp.js';
import { formatUntrustedText } from '../output/format-untrusted-text.js';
import { printJson } from '../output/print-json.js';
import { printTable } from '../output/print-table.js';
import { resolveSearchExperiments } from './resolve-experiment.js';

const DEFAULT_MAX_RESULTS = 50;

interface SearchOptions {
  experiment?: string[];
  runId?: string;
  filter?: string;
  orderBy?: string[];
  maxResults: number;
  pageToken?: string;
  json?: boolean;
}

function tokens(info: TraceInfo): string {
  return info.tokenUsage ? `${info.tokenUsage.inputTokens}/${info.tokenUsage.outputTokens}` : '-';
}

function printTraces(traces: readonly TraceInfo[], context: CliContext): void {
  if (traces.length === 0) {
    context.stdout('No traces found.\n');
    return;
  }
  printTable(
    {
      head: ['Trace ID', 'Name', 'State', 'Started', 'Duration', 'Tokens in/out', 'Request'],
      rows: traces.map((info) => [
        info.traceId,
        formatUntrustedText(info.name ?? '-', 30),
        info.state,
        formatTimestamp(info.requestTime),
        info.executionDurationMs === undefined ? '-' : formatDuration(0, info.executionDurationMs),
        tokens(info),
        formatUntrustedText(info.requestPreview ?? '', 50),
      ]),
      alignRight: [4, 5],
    },
    context.stdout,
  );
}

async function searchAndPrint(context: CliContext, command: Command, options: SearchOptions): Promise<void> {
  const result = await withStore(context, command, async (store) => {
    const experiments = await resolveSearchExperiments(store, options.experiment);
    return store.searchTraces({
      experimentIds: experiments.map((experiment) => experiment.experimentId),
      maxResults: options.maxResults,
      ...(options.runId !== undefined ? { runId: options.runId } : {}),
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
      ...(options.orderBy !== undefined ? { orderBy: options.orderBy } : {}),
      ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}),
    });
  });
  if (options.json) {
    printJson(result, context.stdout);
    return;
  }
  printTraces(result.traces, context);
  if (result.nextPageToken !== undefined) {
    context.stderr(`More traces: repeat the command with --page-token ${result.nextPageToken}\n`);
  }
}

function nanosecondsToMilliseconds(start: string, end: string | undefined): number | undefined {
  return end === undefined ? undefined : Number((BigInt(end) - BigInt(start)) / 1_000_000n);
}

function preview(value: unknown): string {
  if (value === undefined) return '';
  return formatUntrustedText(typeof value === 'string' ? value : JSON.stringify(value), 70);
}

/** Prints the span tree with box-drawing branches: name, type, duration, status, inputs → outputs. */
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
    lines.push(
      `${prefix}${branch}${formatUntrustedText(span.name, 40)} (${span.spanType}) ${duration === undefined ? 'open' : formatDuration(0, duration)}${status}`,
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
    ...(info.sessionId ? [`session: ${formatUntrustedText(info.sessionId, 60)}`] : []),
    ...(info.userId ? [`user: ${formatUntrustedText(info.userId, 60)}`] : []),
    ...Object.entries(info.tags).map(([key, value]) => `tag ${formatUntrustedText(key, 40)} = ${formatUntrustedText(value, 60)}`),
  ];
  context.stdout(`${facts.join('\n')}\n\n${formatSpanTree(trace.spans)}`);
}

function addScopeOptions(command: Command): Command {
  return command
    .option('--experiment <id-or-name>', 'experiment to search (repeatable; default: every active experiment)', collectRepeated)
    .option('--run-id <run-id>', 'only traces of this run')
    .option('--max-results <n>', `traces per page (default ${DEFAULT_MAX_RESULTS}, at most 500)`, parsePositiveInteger, DEFAULT_MAX_RESULTS)
    .option('--page-token <token>', 'continue a previous search from this token')
    .option('--json', 'print JSON ({ traces, nextPageToken }) instead of a table');
}

/** `assay traces list|search|get`: find traces and read their span trees. */
export function createTracesCommand(context: CliContext): Command {
  const list = addScopeOptions(new Command('list').description('List traces, newest first'))
    .addHelpText(
      'after',
      `
Examples:
  $ assay traces list
  $ assay traces list --experiment my-app --run-id 0af7651916cd43dd8448eb211c80319c --max-results 20`,
    )
    .action(
    async (options: SearchOptions, command: Command) => searchAndPrint(context, command, options),
  );
  const search = addScopeOptions(
    new Command('search')
      .description("Search traces with MLflow's trace filter (plus OR and parentheses)")
      .option('--filter <filter>', `e.g. "trace.status = 'ERROR' and span.type = 'TOOL'"`)
      .option('--order-by <clause>', 'e.g. "execution_time_ms DESC" (repeatable)', collectRepeated),
  )
    .addHelpText(
      'after',
      `
Filter fields: trace.status, trace.name, trace.execution_time_ms, trace.timestamp_ms, trace.run_id,
trace.text (ILIKE over span names, inputs, outputs), span.name, span.type, span.status,
span.attributes.<key>, tags.<key>, metadata.<key>.

Examples:
  $ assay traces search --filter "trace.status = 'ERROR'"
  $ assay traces search --filter "trace.execution_time_ms > 500 or span.type = 'TOOL'" --order-by "execution_time_ms DESC"
  $ assay traces search --filter "trace.text ILIKE '%refund%'" --json`,
    )
    .action(async (options: SearchOptions, command: Command) => searchAndPrint(context, command, options));
  const get = new Command('get')
    .description('Show one trace: its summary and span tree with inputs and outputs')
    .argument('<trace-id>', 'the trace id (tr-...)')
    .option('--json', 'print the whole trace as JSON ({ info, spans })')
    .addHelpText(
      'after',
      `
Inputs, outputs and messages are shown escaped and shortened (use --json for everything).

Examples:
  $ assay traces get tr-0af7651916cd43dd8448eb211c80319c
  $ assay traces get tr-0af7651916cd43dd8448eb211c80319c --json`,
    )
    .action(async (traceId: string, options: { json?: boolean }, command: Command) => {
      const trace = await withStore(context, command, (store: Store) => store.getTrace({ traceId }));
      if (options.json) printJson(trace, context.stdout);
      else printTrace(trace, context);
    });
  return new Command('traces')
    .description('Find traces and read their span trees')
    .addCommand(list)
    .addCommand(search)
    .addCommand(get)
    .addHelpText(
      'after',
      `
Examples:
  $ assay traces list --experiment my-app
  $ assay traces search --filter "trace.status = 'ERROR'"
  $ assay traces get tr-0af7651916cd43dd8448eb211c80319c`,
    );
}
