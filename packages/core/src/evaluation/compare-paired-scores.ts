import { InvalidParameterError } from '../errors/assay-error.js';
import { createSeededRandom } from '../util/create-seeded-random.js';

/** How one score column differs between two evaluations of the same rows. */
export interface PairedScoreComparison {
  /** The score column, e.g. `rougeL`. */
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
  /** Rows where `b` scored better than `a` (by the column's direction). */
  wins: number;
  /** Rows where `b` scored worse than `a`. */
  losses: number;
  /** Rows where both scored the same (or either has no score). */
  ties: number;
}

/** One column to compare: its per-row values on both sides and how to reduce a (resampled) set of rows to one value. */
export interface PairedScoreColumn {
  /** The column's name. */
  column: string;
  /** True when higher values are better; default true. */
  greaterIsBetter?: boolean;
  /** Each row's value in `a` (null: no score), in row order. */
  rowsA: readonly (number | null | undefined)[];
  /** Each row's value in `b`, the same rows in the same order. */
  rowsB: readonly (number | null | undefined)[];
  /**
   * The column's value over the given rows (indices into the rows, with
   * repeats when resampled). Default: the mean of the present values. A
   * corpus metric (BLEU) recomputes its value from the rows' statistics here.
   */
  valueA?: (indices: ArrayLike<number>) => number;
  /** As `valueA`, for `b`. */
  valueB?: (indices: ArrayLike<number>) => number;
}

/** Options of `comparePairedScores`. */
export interface ComparePairedScoresOptions {
  /** How many rows both evaluations scored. */
  rowCount: number;
  /** The columns to compare. */
  columns: readonly PairedScoreColumn[];
  /** Bootstrap resamples; default 1000 (sacrebleu's default). */
  samples?: number;
  /** Seed of the resampling; default 12345 (sacrebleu's). Same seed, same intervals. */
  seed?: number;
}

function percentile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

function meanOf(values: readonly (number | null | undefined)[]): (indices: ArrayLike<number>) => number {
  return (indices) => {
    let sum = 0;
    let count = 0;
    for (let position = 0; position < indices.length; position += 1) {
      const value = values[indices[position]!];
      if (typeof value === 'number') {
        sum += value;
        count += 1;
      }
    }
    return count === 0 ? Number.NaN : sum / count;
  };
}

/**
 * The paired bootstrap test of two evaluations of the same rows, column by
 * column (as sacrebleu's paired bootstrap): the difference `b - a`, its 95%
 * confidence interval and p-value, and per-row wins, losses and ties. Pure
 * arithmetic on numbers, so that `compareEvaluations` (in memory) and the
 * server (on stored evaluation rows) give the same figures for the same rows
 * and seed.
 */
export function comparePairedScores(options: ComparePairedScoresOptions): PairedScoreComparison[] {
  const { rowCount: n, columns } = options;
  const samples = options.samples ?? 1000;
  if (!Number.isInteger(samples) || samples < 10) throw new InvalidParameterError(`samples must be a whole number of at least 10, got ${samples}.`);
  const random = createSeededRandom(options.seed ?? 12345).next;
  // The same resampled indices for every column and both systems: the test is paired.
  const indices: Uint32Array[] = Array.from({ length: samples }, () => {
    const sample = new Uint32Array(n);
    for (let index = 0; index < n; index += 1) sample[index] = Math.floor(random() * n);
    return sample;
  });
  const everyRow = Uint32Array.from({ length: n }, (_, index) => index);

  return columns.map((entry) => {
    const greaterIsBetter = entry.greaterIsBetter ?? true;
    const valueOfA = entry.valueA ?? meanOf(entry.rowsA);
    const valueOfB = entry.valueB ?? meanOf(entry.rowsB);
    const valueA = valueOfA(everyRow);
    const valueB = valueOfB(everyRow);
    const deltas = new Float64Array(samples);
    const absoluteDeltas = new Float64Array(samples);
    for (let sample = 0; sample < samples; sample += 1) {
      const picked = indices[sample]!;
      const delta = valueOfB(picked) - valueOfA(picked);
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
      const rowA = entry.rowsA[index];
      const rowB = entry.rowsB[index];
      if (typeof rowA !== 'number' || typeof rowB !== 'number' || rowA === rowB) {
        ties += 1;
      } else if (rowB > rowA === greaterIsBetter) {
        wins += 1;
      } else {
        losses += 1;
      }
    }
    return {
      column: entry.column,
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
