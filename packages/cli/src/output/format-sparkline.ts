const LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** What a sparkline shows for a value it cannot place on the scale. */
export const SPARKLINE_MARKS = { nan: '·', positiveInfinity: '▲', negativeInfinity: '▼' } as const;

/** Options of `formatSparkline`. */
export interface FormatSparklineOptions {
  /** The values, in order; any doubles (NaN and ±Infinity get their own marks). */
  values: readonly number[];
  /** The most characters to use; longer series are grouped into this many buckets. Default 60. */
  width?: number;
}

function mark(value: number): string {
  if (Number.isNaN(value)) return SPARKLINE_MARKS.nan;
  return value > 0 ? SPARKLINE_MARKS.positiveInfinity : SPARKLINE_MARKS.negativeInfinity;
}

/**
 * A one-line chart of `values` from block characters (`▁▂▃▄▅▆▇█`), scaled
 * between the finite minimum and maximum, with marks for NaN and ±Infinity
 * (`SPARKLINE_MARKS`). Plain text, no colours. A series longer than `width`
 * is grouped: each character shows the mean of its group, or a mark when the
 * group holds a value that is not finite.
 *
 * @example formatSparkline({ values: [0, 0.5, 1, Number.NaN] }) // '▁▅█·'
 */
export function formatSparkline({ values, width = 60 }: FormatSparklineOptions): string {
  const finite = values.filter(Number.isFinite);
  let minimum = Number.POSITIVE_INFINITY;
  let maximum = Number.NEGATIVE_INFINITY;
  for (const value of finite) {
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }
  // Halved so that maximum - minimum cannot overflow for values near ±1.8e308.
  const span = maximum / 2 - minimum / 2;
  const scale = (value: number) => (span === 0 ? 0.5 : (value / 2 - minimum / 2) / span);
  const buckets = Math.min(values.length, Math.max(1, Math.floor(width)));
  let line = '';
  for (let bucket = 0; bucket < buckets; bucket += 1) {
    const group = values.slice(Math.floor((bucket * values.length) / buckets), Math.floor(((bucket + 1) * values.length) / buckets));
    const special = group.find((value) => !Number.isFinite(value));
    if (special !== undefined) {
      line += mark(special);
      continue;
    }
    const mean = group.reduce((sum, value) => sum + scale(value), 0) / group.length;
    line += LEVELS[Math.round(mean * (LEVELS.length - 1))];
  }
  return line;
}
