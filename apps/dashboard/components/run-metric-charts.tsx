'use client';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { fetchMetricHistory, toSeriesPoints, type MetricXAxis } from '@/lib/metric-history';
import type { MlflowMetric } from '@/lib/mlflow-types';
import { seriesColorVariable } from '@/lib/runs-columns';
import { MetricChart, type MetricChartSeries } from './metric-chart';

/** Options of {@link RunMetricCharts}. */
export interface RunMetricChartsProps {
  /** One run (the run page) or several overlaid (the compare page), in colour order. */
  runs: ReadonlyArray<{ runId: string; label: string }>;
  metricKeys: readonly string[];
}

/** Per metric key, once every run's history of it is loaded: the points per run id. */
type Histories = Record<string, Record<string, MlflowMetric[]> | undefined>;

function parseXAxis(value: string | null): MetricXAxis {
  return value === 'wall' || value === 'relative' ? value : 'step';
}

/** Clamped to 0..0.99 (1 would freeze the line at its first value). */
function parseSmoothing(value: string | null): number {
  const number = Number(value ?? 0);
  return Number.isFinite(number) ? Math.min(0.99, Math.max(0, number)) : 0;
}

/**
 * One chart per metric with its whole history (every page of get-history) for each run; the x axis,
 * smoothing and log scale are URL parameters (`x_axis`, `smoothing`, `log`), changed without a server round trip.
 */
export function RunMetricCharts({ runs, metricKeys }: RunMetricChartsProps) {
  const pathname = usePathname();
  const params = useSearchParams();
  // Local copies of the URL's settings, so a control answers at once; the URL is updated alongside.
  const [xAxis, setXAxis] = useState(() => parseXAxis(params.get('x_axis')));
  const [smoothing, setSmoothing] = useState(() => parseSmoothing(params.get('smoothing')));
  const [logScale, setLogScale] = useState(() => params.get('log') === '1');
  const [histories, setHistories] = useState<Histories>({});
  const [error, setError] = useState<string>();

  const runIds = runs.map((run) => run.runId).join(',');
  const keys = metricKeys.join('\u0000');
  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    for (const key of metricKeys) {
      // A chart is drawn once, when all its runs' histories are here (not redrawn as each arrives).
      Promise.all(runs.map(async (run) => [run.runId, await fetchMetricHistory({ runId: run.runId, key, signal: controller.signal })] as const)).then(
        (loaded) => setHistories((previous) => ({ ...previous, [key]: Object.fromEntries(loaded) })),
        (caught: Error) => {
          if (!controller.signal.aborted) setError(caught.message);
        },
      );
    }
    return () => controller.abort();
    // runIds and keys stand for runs and metricKeys (new arrays on every render).
  }, [runIds, keys]);

  const setParam = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(window.location.search);
    if (value === undefined) next.delete(name);
    else next.set(name, value);
    window.history.replaceState(null, '', `${pathname}${next.size > 0 ? `?${next.toString()}` : ''}`);
  };

  return (
    <div>
      <div className="toolbar" role="group" aria-label="Chart controls">
        <label className="row">
          X axis
          <select
            aria-label="X axis"
            value={xAxis}
            onChange={(event) => {
              const next = parseXAxis(event.target.value);
              setXAxis(next);
              setParam('x_axis', next === 'step' ? undefined : next);
            }}
          >
            <option value="step">Step</option>
            <option value="wall">Wall time</option>
            <option value="relative">Relative time</option>
          </select>
        </label>
        <label className="row">
          Smoothing
          <input
            type="range"
            aria-label="Smoothing"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            onChange={(event) => {
              const next = parseSmoothing(event.target.value);
              setSmoothing(next);
              setParam('smoothing', next === 0 ? undefined : String(next));
            }}
          />
          <span className="mono">{smoothing.toFixed(2)}</span>
        </label>
        <label className="row">
          <input
            type="checkbox"
            aria-label="Log scale"
            checked={logScale}
            onChange={(event) => {
              setLogScale(event.target.checked);
              setParam('log', event.target.checked ? '1' : undefined);
            }}
          />
          Log scale
        </label>
      </div>
      {error !== undefined ? (
        <p role="alert" className="error-box">
          Could not load a metric history: {error}
        </p>
      ) : null}
      <div className="metric-charts">
        {metricKeys.map((key) => (
          <MetricHistoryChart key={key} metricKey={key} runs={runs} histories={histories[key]} xAxis={xAxis} smoothing={smoothing} logScale={logScale} />
        ))}
      </div>
    </div>
  );
}

/** One metric's chart; its series are rebuilt only when its histories or the x axis change. */
function MetricHistoryChart({
  metricKey,
  runs,
  histories,
  xAxis,
  smoothing,
  logScale,
}: {
  metricKey: string;
  runs: RunMetricChartsProps['runs'];
  histories: Record<string, MlflowMetric[]> | undefined;
  xAxis: MetricXAxis;
  smoothing: number;
  logScale: boolean;
}) {
  const runIds = runs.map((run) => run.runId).join(',');
  const series = useMemo(() => {
    if (histories === undefined) return undefined;
    return runs.flatMap((run, index): MetricChartSeries[] => {
      const points = histories[run.runId] ?? [];
      return points.length === 0 ? [] : [{ label: run.label, color: `var(${seriesColorVariable(index)})`, points: toSeriesPoints({ points, xAxis }) }];
    });
    // runIds stands for runs (a new array on every render).
  }, [histories, runIds, xAxis]);
  if (series === undefined) return <p className="muted">Loading {metricKey}…</p>;
  if (series.length === 0) return <p className="muted">No points of {metricKey}.</p>;
  return <MetricChart title={metricKey} series={series} xAxis={xAxis} smoothing={smoothing} logScale={logScale} />;
}
