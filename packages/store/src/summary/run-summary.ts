/**
 * What a run row carries besides its own columns: its params, tags and the
 * latest point of each metric, as JSON. Derived from the key/value tables
 * and kept in step with them by applyWrites, in the same transaction.
 */
export interface RunSummary {
  params: Record<string, string>;
  tags: Record<string, string>;
  /** Latest point per key: [value, step, timestamp]. */
  metrics: Record<string, LatestPoint>;
}

export type LatestPoint = [value: number, step: number, timestamp: number];

/** An empty summary, for a new run. */
export function emptySummary(): RunSummary {
  return { params: {}, tags: {}, metrics: {} };
}

/** JSON has no NaN or ±Infinity; metrics do. They travel as the strings "NaN", "Infinity", "-Infinity". */
export function encodeSummary(summary: RunSummary): string {
  return JSON.stringify(summary, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
}

export function decodeSummary(text: string): RunSummary {
  const parsed = JSON.parse(text) as RunSummary;
  for (const point of Object.values(parsed.metrics) as [number | string, number, number][]) {
    if (typeof point[0] === 'string') point[0] = Number(point[0]);
  }
  return parsed;
}

/** Whether `candidate` replaces `current` as the latest point: higher step, then timestamp, then value (NaN highest). */
export function isLaterPoint(candidate: LatestPoint, current: LatestPoint): boolean {
  if (candidate[1] !== current[1]) return candidate[1] > current[1];
  if (candidate[2] !== current[2]) return candidate[2] > current[2];
  if (Number.isNaN(candidate[0])) return !Number.isNaN(current[0]);
  return !Number.isNaN(current[0]) && candidate[0] > current[0];
}
