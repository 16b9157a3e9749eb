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

type Histories = Record<string, MlflowMetric[] | undefined>;

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
  const xAxis = parseXAxis(params.get('x_axis'));
  const smoothing = parseSmoothing(params.get('smoothing'));
  const logScale = params.get('log') === '1';
  const [histories, setHistories] = useState<Histories>({});
  const [error, setError] = useState<string>();

  const runIds = runs.map((run) => run.runId).join(',');
  const keys = metricKeys.join('\u0000');
  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    for (const key of metricKeys) {
      for (const run of runs) {
        fetchMetricHistory({ runId: run.runId, key, signal: controller.signal }).then(
          (points) => setHistories((previous) => ({ ...previous, [`${run.runId}\u0000${key}`]: points })),
          (caught: Error) => {
            if (!controller.signal.aborted) setError(caught.message);
          },
        );
      }
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

  const charts = useMemo(
    () =>
      metricKeys.map((key) => {
        const series: MetricChartSeries[] = [];
        let loaded = true;
        runs.forEach((run, index) => {
          const points = histories[`${run.runId}\u0000${key}`];
          if (points === undefined) loaded = false;
          else if (points.length > 0) series.push({ label: run.label, color: `var(${seriesColorVariable(index)})`, points: toSeriesPoints({ points, xAxis }) });
        });
        return { key, series, loaded };
      }),
    [metricKeys, runs, histories, xAxis],
  );

  return (
    <div>
      <div className="toolbar" role="group" aria-label="Chart controls">
        <label className="row">
          X axis
          <select aria-label="X axis" value={xAxis} onChange={(event) => setParam('x_axis', event.target.value === 'step' ? undefined : event.target.value)}>
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
            onChange={(event) => setParam('smoothing', Number(event.target.value) === 0 ? undefined : event.target.value)}
          />
          <span className="mono">{smoothing.toFixed(2)}</span>
        </label>
        <label className="row">
          <input type="checkbox" aria-label="Log scale" checked={logScale} onChange={(event) => setParam('log', event.target.checked ? '1' : undefined)} />
          Log scale
        </label>
      </div>
      {error !== undefined ? (
        <p role="alert" className="error-box">
          Could not load a metric history: {error}
        </p>
      ) : null}
      <div className="metric-charts">
        {charts.map((chart) =>
          !chart.loaded ? (
            <p key={chart.key} className="muted">
              Loading {chart.key}…
            </p>
          ) : chart.series.length === 0 ? (
            <p key={chart.key} className="muted">
              No points of {chart.key}.
            </p>
          ) : (
            <MetricChart key={chart.key} title={chart.key} series={chart.series} xAxis={xAxis} smoothing={smoothing} logScale={logScale} />
          ),
        )}
      </div>
    </div>
  );
}
