import { createSeededRandom, InvalidParameterError } from '@assay/core';
import type { EvaluationResult } from './evaluation-result.js';
import type { Metric, RowScore } from '@assay/metrics';

/** How one metric column differs between two evaluations of the same rows. */
export interface MetricComparison {
  /** The metric column, e.g. `rougeL`. */
  column: string;
  /** True when higher values of the column are better. */
  greaterIsBetter: boolean;
  /** The column's value (corpus value or mean) in `a`. */
  a: number;
  /** The column's value (corpus value or mean) in `b`. */
  b: number;
  /** `b - a`. */
  delta: number;
  /** 95% confidence interval of `b - a` over paired bootstrap resamples (2.5th and 97.5th percentiles). */
  ci95: [number, number];
  /** Paired bootstrap p-value of the difference (sacrebleu's test: (c + 1) / (n + 1); 1 when there is no difference). */
  pValue: number;
  /** Rows where `b` scored better than `a` (by the metric's direction). */
  wins: number;
  /** Rows where `b` scored worse than `a`. */
  losses: number;
  /** Rows where both scored the same. */
  ties: number;
}

/** Options of `compareEvaluations`. */
export interface CompareEvaluationsOptions {
  /** Bootstrap resamples; default 1000 (sacrebleu's default). */
  samples?: number;
  /** Seed of the resampling; default 12345 (sacrebleu's). Same seed, same intervals. */
  seed?: number;
  /** Only these columns; default every column both evaluations have. */
  columns?: string[];
}

function percentile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
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
  const samples = options.samples ?? 1000;
  if (!Number.isInteger(samples) || samples < 10) throw new InvalidParameterError(`samples must be a whole number of at least 10, got ${samples}.`);
  const columnsA = new Set(a.metricDefinitions.flatMap((metric) => metric.columns));
  const columns = options.columns ?? b.metricDefinitions.flatMap((metric) => metric.columns).filter((column) => columnsA.has(column));
  const n = a.rows.length;
  const random = createSeededRandom(options.seed ?? 12345).next;
  // The same resampled indices for every column and both systems: the test is paired.
  const indices: Uint32Array[] = Array.from({ length: samples }, () => {
    const sample = new Uint32Array(n);
    for (let index = 0; index < n; index += 1) sample[index] = Math.floor(random() * n);
    return sample;
  });

  return columns.map((column) => {
    const left = scoresOf(a, column);
    const right = scoresOf(b, column);
    const greaterIsBetter = (right.metric ?? left.metric)?.greaterIsBetter ?? true;
    const valueA = columnValue(left.metric, column, left.scores);
    const valueB = columnValue(right.metric, column, right.scores);
    const deltas = new Float64Array(samples);
    const absoluteDeltas = new Float64Array(samples);
    for (let sample = 0; sample < samples; sample += 1) {
      const picked = indices[sample]!;
      const scoresA = Array.from(picked, (index) => left.scores[index]!);
      const scoresB = Array.from(picked, (index) => right.scores[index]!);
      const delta = columnValue(right.metric, column, scoresB) - columnValue(left.metric, column, scoresA);
      deltas[sample] = delta;
      absoluteDeltas[sample] = Math.abs(delta);
    }
    let meanAbsolute = 0;
    for (const value of absoluteDeltas) meanAbsolute += value / samples;
    const observed = Math.abs(valueB - valueA);
    let exceeding = 0;
    for (const value of absoluteDeltas) if (value - meanAbsolute > observed) exceeding += 1;
    const sorted = deltas.slice().sort();
    let wins = 0;
    let losses = 0;
    let ties = 0;
    for (let index = 0; index < n; index += 1) {
      const rowA = a.rows[index]!.metrics[column];
      const rowB = b.rows[index]!.metrics[column];
      if (typeof rowA !== 'number' || typeof rowB !== 'number' || rowA === rowB) {
        ties += 1;
      } else if (rowB > rowA === greaterIsBetter) {
        wins += 1;
      } else {
        losses += 1;
      }
    }
    return {
      column,
      greaterIsBetter,
      a: valueA,
      b: valueB,
      delta: valueB - valueA,
      ci95: [percentile(sorted, 0.025), percentile(sorted, 0.975)] as [number, number],
      // sacrebleu reports 1/(n+1) when the systems agree exactly; no difference is reported here as p = 1.
      pValue: observed === 0 ? 1 : (exceeding + 1) / (samples + 1),
      wins,
      losses,
      ties,
    };
  });
}
