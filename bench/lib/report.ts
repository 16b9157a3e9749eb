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

/** One goal of a bench that measures its baseline in the same run. */
export interface GoalLine {
  /** Short label, e.g. "(a) app-thread CPU added per autologged call". */
  name: string;
  /** The figure as printed, e.g. "+18.2 µs (+24%)". */
  figure: string;
  /** The goal as printed, e.g. "≤ 25%". */
  goal: string;
  /** The baseline measured in the same run, e.g. "plain client 75.1 µs/call". */
  baseline: string;
  /** The figure against the baseline, e.g. "1.24×". */
  ratio: string;
  met: boolean;
}

/** Prints goal lines as an aligned table: name, figure, goal, baseline, ratio, PASS/MISS. */
export function printGoalTable(lines: readonly GoalLine[]): void {
  const header: GoalLine = { name: 'goal', figure: 'figure', goal: 'goal', baseline: 'baseline (same run)', ratio: 'ratio', met: true };
  const rows = [header, ...lines];
  const width = (key: 'name' | 'figure' | 'goal' | 'baseline' | 'ratio'): number => Math.max(...rows.map((row) => row[key].length));
  const widths = { name: width('name'), figure: width('figure'), goal: width('goal'), baseline: width('baseline'), ratio: width('ratio') };
  for (const [index, row] of rows.entries()) {
    const verdict = index === 0 ? 'verdict' : row.met ? 'PASS' : 'MISS';
    console.log(
      [
        row.name.padEnd(widths.name),
        row.figure.padStart(widths.figure),
        row.goal.padEnd(widths.goal),
        row.baseline.padEnd(widths.baseline),
        row.ratio.padStart(widths.ratio),
        verdict,
      ].join('  '),
    );
  }
}

/** os.loadavg() as printed in reports: "1.23 0.98 0.75 (1, 5, 15 min; N CPUs)". */
export function formatLoad(load: readonly number[], cpus: number): string {
  return `${load.map((value) => value.toFixed(2)).join(' ')} (1, 5, 15 min; ${cpus} CPUs)`;
}

/** A number with a fixed count of significant-looking decimals: 1234 → "1,234", 12.3 → "12.3", 1.234 → "1.23". */
export function formatNumber(value: number): string {
  return format(value);
}
