import { NotFoundError } from '@assay/core';
import type { Metric } from '@assay/core';
import { withExistingStore } from '../../options/store-option.js';
import { formatNumber } from '../../output/format-number.js';
import { formatSparkline, SPARKLINE_MARKS } from '../../output/format-sparkline.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import { printTable } from '../../output/print-table.js';
import type { CommandInvocation } from '../command-invocation.js';

/** The options of `assay runs metrics`. */
export interface MetricHistoryCommandOptions {
  /** Print JSON instead of the chart and table. */
  json?: boolean;
  /** How many of the last points the table shows. */
  tail: number;
}

/** Options of `showMetricHistory`. */
export interface ShowMetricHistoryOptions extends CommandInvocation<MetricHistoryCommandOptions> {
  /** The run's id. */
  runId: string;
  /** The metric's key. */
  key: string;
}

/** The point with the smallest (or largest) value, NaN never chosen; undefined when no value is a number. */
function extreme(history: readonly Metric[], direction: 1 | -1): Metric | undefined {
  let best: Metric | undefined;
  for (const point of history) {
    if (Number.isNaN(point.value)) continue;
    if (best === undefined || direction * (point.value - best.value) > 0) best = point;
  }
  return best;
}

function describePoint(label: string, point: Metric | undefined): string {
  return point === undefined ? `${label} -` : `${label} ${formatNumber(point.value)} (step ${point.step})`;
}

function legend(history: readonly Metric[]): string {
  const marks = [
    history.some((point) => Number.isNaN(point.value)) ? `${SPARKLINE_MARKS.nan} NaN` : undefined,
    history.some((point) => point.value === Number.POSITIVE_INFINITY) ? `${SPARKLINE_MARKS.positiveInfinity} +Infinity` : undefined,
    history.some((point) => point.value === Number.NEGATIVE_INFINITY) ? `${SPARKLINE_MARKS.negativeInfinity} -Infinity` : undefined,
  ].filter((entry) => entry !== undefined);
  return marks.length === 0 ? '' : `  (${marks.join(', ')})`;
}

/**
 * `assay runs metrics <run-id> <key>`: every point of one metric, as a
 * sparkline with its minimum, maximum and last value and a table of the last
 * points, or as JSON (`{ runId, key, history }`, NaN and ±Infinity as strings).
 */
export async function showMetricHistory({ context, command, runId, key, options }: ShowMetricHistoryOptions): Promise<void> {
  const history = await withExistingStore(context, command, async (store) => {
    const points = await store.getMetricHistory({ runId, key });
    if (points.length > 0) return points;
    const { data } = await store.getRun({ runId });
    const keys = Object.keys(data.metrics).sort();
    throw new NotFoundError(
      `Run ${runId} has no metric '${formatUntrustedText(key, 100)}'. ` +
        (keys.length === 0 ? 'It has no metrics.' : `Its metrics: ${keys.map((name) => formatUntrustedText(name, 100)).join(', ')}.`),
    );
  });
  if (options.json) {
    printJson({ runId, key, history }, context.stdout);
    return;
  }
  const last = history.at(-1);
  const shownKey = formatUntrustedText(key, 60);
  context.stdout(`Metric ${shownKey} of run ${runId}: ${history.length} ${history.length === 1 ? 'point' : 'points'}\n`);
  context.stdout(`${formatSparkline({ values: history.map((point) => point.value) })}${legend(history)}\n`);
  context.stdout(`${[describePoint('min', extreme(history, -1)), describePoint('max', extreme(history, 1)), describePoint('last', last)].join('   ')}\n\n`);
  const shown = history.slice(-options.tail);
  printTable(
    {
      head: ['Step', 'Time', 'Value'],
      rows: shown.map((point) => [String(point.step), formatTimestamp(point.timestamp), formatNumber(point.value)]),
      alignRight: [0, 2],
    },
    context.stdout,
  );
  if (shown.length < history.length) context.stdout(`(the last ${shown.length} of ${history.length} points; --tail <n> for more, --json for all)\n`);
}
