import type { MlflowMetric } from './mlflow-types';

/** The server's largest get-history page (MAX_METRIC_HISTORY_PAGE). */
const HISTORY_PAGE = 25_000;

/** Every point of one metric of a run, page after page (from the browser). */
export async function fetchMetricHistory({ runId, key, signal }: { runId: string; key: string; signal?: AbortSignal }): Promise<MlflowMetric[]> {
  const points: MlflowMetric[] = [];
  let pageToken: string | undefined;
  do {
    const query = new URLSearchParams({ run_id: runId, metric_key: key, max_results: String(HISTORY_PAGE) });
    if (pageToken !== undefined) query.set('page_token', pageToken);
    const response = await fetch(`/ajax-api/2.0/mlflow/metrics/get-history?${query.toString()}`, { credentials: 'same-origin', ...(signal ? { signal } : {}) });
    const json = (await response.json()) as { metrics?: MlflowMetric[]; next_page_token?: string; message?: string };
    if (!response.ok) throw new Error(json.message ?? `${response.status} ${response.statusText}`);
    points.push(...(json.metrics ?? []));
    pageToken = json.next_page_token;
  } while (pageToken !== undefined);
  return points;
}

/** Which x the charts draw. */
export type MetricXAxis = 'step' | 'wall' | 'relative';

/** A metric's points as x/y arrays, sorted by x. */
export interface MetricSeriesPoints {
  x: number[];
  y: number[];
}

/** x per the chosen axis: the step, the wall time (seconds, as uPlot's time scale wants) or seconds since the first point. */
export function toSeriesPoints({ points, xAxis }: { points: readonly MlflowMetric[]; xAxis: MetricXAxis }): MetricSeriesPoints {
  const first = points.reduce((minimum, point) => Math.min(minimum, point.timestamp), Number.POSITIVE_INFINITY);
  const pairs = points.map((point) => ({
    x: xAxis === 'step' ? point.step : xAxis === 'wall' ? point.timestamp / 1000 : (point.timestamp - first) / 1000,
    y: point.value,
  }));
  pairs.sort((a, b) => a.x - b.x);
  return { x: pairs.map((pair) => pair.x), y: pairs.map((pair) => pair.y) };
}

/**
 * Min-max downsampling: the x range cut into `buckets` equal slices, each kept as its lowest and highest
 * point (in x order), so spikes survive and 100,000 points draw as ~2 per pixel column.
 */
export function downsampleMinMax({ x, y }: MetricSeriesPoints, buckets: number): MetricSeriesPoints {
  if (x.length <= buckets * 2) return { x, y };
  const start = x[0]!;
  const width = (x[x.length - 1]! - start) / buckets || 1;
  const outX: number[] = [];
  const outY: number[] = [];
  let index = 0;
  while (index < x.length) {
    const bucket = Math.min(buckets - 1, Math.floor((x[index]! - start) / width));
    let low = index;
    let high = index;
    let next = index + 1;
    while (next < x.length && Math.min(buckets - 1, Math.floor((x[next]! - start) / width)) === bucket) {
      if (y[next]! < y[low]!) low = next;
      if (y[next]! > y[high]!) high = next;
      next += 1;
    }
    for (const kept of low === high ? [low] : low < high ? [low, high] : [high, low]) {
      outX.push(x[kept]!);
      outY.push(y[kept]!);
    }
    index = next;
  }
  return { x: outX, y: outY };
}

/** Exponential moving average with TensorBoard's debiasing, so the first points are not pulled towards zero. */
export function smoothExponential(values: readonly number[], weight: number): number[] {
  if (weight <= 0) return [...values];
  let last = 0;
  let count = 0;
  return values.map((value) => {
    if (!Number.isFinite(value)) return value;
    last = last * weight + (1 - weight) * value;
    count += 1;
    return last / (1 - weight ** count);
  });
}
