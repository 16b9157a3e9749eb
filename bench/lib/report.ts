/** Helpers every benchmark shares: timing, medians and the printed report. */

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The p-th percentile (0-100), nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Milliseconds taken by `work`. */
export async function time(work: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export interface Figure {
  /** What was measured, e.g. "(a) logMetrics throughput". */
  name: string;
  value: number;
  unit: string;
  /** The goal, e.g. { atLeast: 500000 } or { atMost: 50 }. */
  goal: { atLeast: number } | { atMost: number };
  /** Extra context printed after the figure (baseline, ratio, sample size). */
  note?: string;
}

function format(value: number): string {
  if (value >= 1000) return Math.round(value).toLocaleString('en-US');
  if (value >= 10) return value.toFixed(1);
  return value.toPrecision(3);
}

/** Prints one figure beside its goal, with a plain verdict. */
export function report(figure: Figure): boolean {
  const met = 'atLeast' in figure.goal ? figure.value >= figure.goal.atLeast : figure.value <= figure.goal.atMost;
  const goal = 'atLeast' in figure.goal ? `≥ ${format(figure.goal.atLeast)}` : `≤ ${format(figure.goal.atMost)}`;
  console.log(
    `${figure.name}: ${format(figure.value)} ${figure.unit}  (goal ${goal} ${figure.unit}: ${met ? 'met' : 'NOT met'})` +
      (figure.note ? `\n    ${figure.note}` : ''),
  );
  return met;
}
