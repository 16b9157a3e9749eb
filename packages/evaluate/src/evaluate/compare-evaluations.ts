import { comparePairedScores, InvalidParameterError, type PairedScoreComparison } from '@assay/core';
import type { EvaluationResult } from './evaluation-result.js';
import type { Metric, RowScore } from '@assay/metrics';

/** How one metric column differs between two evaluations of the same rows (core's paired bootstrap comparison). */
export type MetricComparison = PairedScoreComparison;

/** Options of `compareEvaluations`. */
export interface CompareEvaluationsOptions {
  /** Bootstrap resamples; default 1000 (sacrebleu's default). */
  samples?: number;
  /** Seed of the resampling; default 12345 (sacrebleu's). Same seed, same intervals. */
  seed?: number;
  /** Only these columns; default every column both evaluations have. */
  columns?: string[];
}

/** The column value of a set of row scores: the metric's corpus value, else the mean of present values. */
function columnValue(metric: Metric | undefined, column: string, scores: readonly RowScore[]): number {
  const corpus = metric?.aggregate?.(scores)[column];
  if (corpus !== undefined) return corpus;
  let sum = 0;
  let count = 0;
  for (const score of scores) {
    const value = score.values[column];
    if (typeof value === 'number') {
      sum += value;
      count += 1;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}

function scoresOf(result: EvaluationResult, column: string): { metric: Metric | undefined; scores: readonly RowScore[] } {
  const metric = result.metricDefinitions.find((definition) => definition.columns.includes(column));
  const stored = metric ? result.rowScores.get(metric.name) : undefined;
  return { metric, scores: stored ?? result.rows.map((row) => ({ values: { [column]: row.metrics[column] ?? null } })) };
}

/**
 * Compares two evaluations of the same rows (same data, same order), metric
 * by metric: the difference `b - a`, a paired bootstrap 95% confidence
 * interval and p-value (as sacrebleu's paired bootstrap test; corpus
 * metrics such as BLEU are recomputed from resampled statistics, not
 * averaged), and per-row wins, losses and ties.
 */
export function compareEvaluations(a: EvaluationResult, b: EvaluationResult, options: CompareEvaluationsOptions = {}): MetricComparison[] {
  if (a.rows.length !== b.rows.length) {
    throw new InvalidParameterError(`compareEvaluations needs two evaluations of the same rows; got ${a.rows.length} and ${b.rows.length} rows.`);
  }
  const columnsA = new Set(a.metricDefinitions.flatMap((metric) => metric.columns));
  const columns = options.columns ?? b.metricDefinitions.flatMap((metric) => metric.columns).filter((column) => columnsA.has(column));
  // The bootstrap itself is core's, shared with the server's comparison of stored evaluation rows.
  return comparePairedScores({
    rowCount: a.rows.length,
    ...(options.samples !== undefined ? { samples: options.samples } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    columns: columns.map((column) => {
      const left = scoresOf(a, column);
      const right = scoresOf(b, column);
      return {
        column,
        greaterIsBetter: (right.metric ?? left.metric)?.greaterIsBetter ?? true,
        rowsA: a.rows.map((row) => row.metrics[column]),
        rowsB: b.rows.map((row) => row.metrics[column]),
        valueA: (indices: ArrayLike<number>) => columnValue(left.metric, column, Array.from(indices, (index) => left.scores[index]!)),
        valueB: (indices: ArrayLike<number>) => columnValue(right.metric, column, Array.from(indices, (index) => right.scores[index]!)),
      };
    }),
  });
}
