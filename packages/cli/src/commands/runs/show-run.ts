import type { Experiment, Metric, Run, Store } from '@assay/core';
import { withExistingStore } from '../../options/store-option.js';
import { formatDuration } from '../../output/format-duration.js';
import { formatNumber } from '../../output/format-number.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { printJson } from '../../output/print-json.js';
import { printRunInputs } from '../../output/print-run-inputs.js';
import { printSection, printTable } from '../../output/print-table.js';
import type { CommandInvocation } from '../command-invocation.js';
import { resolveExperiment } from '../resolve-experiment.js';

/** Options of `showRun`. */
export interface ShowRunOptions extends CommandInvocation<{ json?: boolean }> {
  /** The run's id. */
  runId: string;
}

interface MetricSummary {
  latest: number;
  step: number;
  points: number;
  minimum: number;
  maximum: number;
}

function summarizeHistory(latest: number, history: readonly Metric[]): MetricSummary {
  const values = history.map((point) => point.value).filter((value) => !Number.isNaN(value));
  return {
    latest,
    step: history.at(-1)?.step ?? 0,
    points: history.length,
    minimum: values.length > 0 ? Math.min(...values) : Number.NaN,
    maximum: values.length > 0 ? Math.max(...values) : Number.NaN,
  };
}

function sortedEntries(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([left], [right]) => left.localeCompare(right));
}

async function loadRunDetails(store: Store, runId: string): Promise<{ run: Run; experiment?: Experiment; metrics: Map<string, MetricSummary> }> {
  const run = await store.getRun({ runId });
  const experiment = await resolveExperiment(store, run.info.experimentId).catch(() => undefined);
  const metrics = new Map<string, MetricSummary>();
  for (const [key, latest] of Object.entries(run.data.metrics).sort(([left], [right]) => left.localeCompare(right))) {
    metrics.set(key, summarizeHistory(latest, await store.getMetricHistory({ runId, key })));
  }
  return { run, ...(experiment ? { experiment } : {}), metrics };
}

/** `assay runs get <run-id>`: the run's info, params, metrics (with their history's range) and tags, or the run as JSON. */
export async function showRun({ context, command, runId, options }: ShowRunOptions): Promise<void> {
  if (options.json) {
    printJson(await withExistingStore(context, command, (store) => store.getRun({ runId })), context.stdout);
    return;
  }
  const { run, experiment, metrics } = await withExistingStore(context, command, (store) => loadRunDetails(store, runId));
  const { info } = run;
  const infoEntries: [string, string][] = [
    ['Run ID', info.runId],
    ['Name', info.runName],
    ['Experiment', experiment ? `${experiment.name} (id ${info.experimentId})` : info.experimentId],
    ['Status', info.status],
    ['Start time', formatTimestamp(info.startTime)],
    ['End time', formatTimestamp(info.endTime)],
    ['Duration', formatDuration(info.startTime, info.endTime)],
    ['User', info.userId === '' ? '-' : info.userId],
    ['Lifecycle', info.lifecycleStage],
    ['Artifact URI', info.artifactUri],
    ...(info.parentRunId !== undefined ? ([['Parent run', info.parentRunId]] as [string, string][]) : []),
  ];
  context.stdout(`Run ${info.runId}\n`);
  printTable({ head: ['Field', 'Value'], rows: infoEntries }, context.stdout);
  context.stdout('\n');
  printSection('Params', sortedEntries(run.data.params), context.stdout);
  context.stdout('\n');
  if (metrics.size === 0) {
    context.stdout('Metrics: none\n');
  } else {
    context.stdout(`Metrics (${metrics.size})\n`);
    printTable(
      {
        head: ['Key', 'Latest', 'Step', 'Points', 'Min', 'Max'],
        rows: [...metrics].map(([key, summary]) => [
          key,
          formatNumber(summary.latest),
          String(summary.step),
          String(summary.points),
          formatNumber(summary.minimum),
          formatNumber(summary.maximum),
        ]),
        alignRight: [1, 2, 3, 4, 5],
      },
      context.stdout,
    );
  }
  context.stdout('\n');
  printSection('Tags', sortedEntries(run.data.tags), context.stdout);
  printRunInputs(run, context.stdout);
}
