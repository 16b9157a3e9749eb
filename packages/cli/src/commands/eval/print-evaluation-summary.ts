import { formatMetricErrorTable, formatThresholdTable, metricErrorsKey, type RecordedEvaluation } from '@assay/evaluate';
import type { WriteText } from '../../cli-context.js';
import { formatNumber } from '../../output/format-number.js';
import { printTable } from '../../output/print-table.js';

const STATISTIC_SUFFIX = /_(?:mean|std|p50|p90|min|max)$/;

/**
 * The metrics worth a summary line: each column's value (corpus or mean) and
 * its p90, plus the error rate. Error counts are left to the metric-error
 * table below, which also says where each metric first failed.
 */
function summaryMetrics(evaluation: RecordedEvaluation): [string, number][] {
  const errorKeys = new Set(Object.keys(evaluation.metricErrors ?? {}).map(metricErrorsKey));
  return Object.entries(evaluation.metrics).filter(([key]) => !errorKeys.has(key) && (!STATISTIC_SUFFIX.test(key) || key.endsWith('_p90')));
}

/** Prints each evaluation: its run and rows, a table of its metrics, then its metric errors and threshold checks when it has any. */
export function printEvaluationSummary(evaluations: readonly RecordedEvaluation[], write: WriteText): void {
  for (const [index, evaluation] of evaluations.entries()) {
    write(`Evaluation ${index + 1} of ${evaluations.length}: run ${evaluation.runId}, ${evaluation.rows} rows\n`);
    printTable({ head: ['Metric', 'Value'], rows: summaryMetrics(evaluation).map(([key, value]) => [key, formatNumber(value)]), alignRight: [1] }, write);
    const metricErrors = Object.values(evaluation.metricErrors ?? {});
    if (metricErrors.some((summary) => summary.errors > 0)) {
      write(`Metric errors:\n${formatMetricErrorTable({ summaries: metricErrors, rows: evaluation.rows })}\n`);
    }
    if (evaluation.checks.length > 0) write(`Thresholds:\n${formatThresholdTable(evaluation.checks)}\n`);
  }
}
