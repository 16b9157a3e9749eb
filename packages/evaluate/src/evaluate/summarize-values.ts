/** Summary statistics of one metric column over the rows that have a value. */
export interface ValueSummary {
  /** Rows with a value. */
  count: number;
  /** The mean of the values. */
  mean: number;
  /** Population standard deviation (as numpy's default, which MLflow reports). */
  std: number;
  /** The smallest value. */
  min: number;
  /** The largest value. */
  max: number;
  /** The median (numpy's linear interpolation). */
  p50: number;
  /** The 90th percentile (numpy's linear interpolation). */
  p90: number;
}

/** The q-quantile (0-1) with linear interpolation between closest ranks (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const fraction = position - lower;
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * fraction;
}

/** Mean, std, min, max, p50 and p90 of the non-null values; undefined when there are none. */
export function summarizeValues(values: readonly (number | null | undefined)[]): ValueSummary | undefined {
  const present = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (present.length === 0) return undefined;
  const sorted = [...present].sort((a, b) => a - b);
  let sum = 0;
  for (const value of present) sum += value;
  const mean = sum / present.length;
  let squares = 0;
  for (const value of present) squares += (value - mean) ** 2;
  return {
    count: present.length,
    mean,
    std: Math.sqrt(squares / present.length),
    min: sorted[0]!,
    max: sorted.at(-1)!,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
  };
}
