'use client';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { downsampleMinMax, smoothExponential, type MetricSeriesPoints, type MetricXAxis } from '@/lib/metric-history';

/** One line of a chart: a run's points of one metric. */
export interface MetricChartSeries {
  label: string;
  /** A CSS colour or `var(--series-n)`; variables are resolved against the page's theme. */
  color: string;
  points: MetricSeriesPoints;
}

/** Options of {@link MetricChart}. */
export interface MetricChartProps {
  title: string;
  series: readonly MetricChartSeries[];
  xAxis: MetricXAxis;
  /** EMA weight, 0 (off) to 0.99. */
  smoothing: number;
  logScale: boolean;
  height?: number;
}

/** Steps are whole numbers: no 0.5 ticks. */
const STEP_INCREMENTS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 1e7, 1e8, 1e9];

function resolveColor(color: string, element: Element): string {
  const variable = /^var\((--[\w-]+)\)$/.exec(color);
  if (!variable) return color;
  return getComputedStyle(element).getPropertyValue(variable[1]!).trim() || 'gray';
}

/** uPlot wants one x array for all series: the union of their x values, with nulls where a series has no point. */
function alignSeries(series: readonly MetricSeriesPoints[]): uPlot.AlignedData {
  const xs = [...new Set(series.flatMap((line) => line.x))].sort((a, b) => a - b);
  const position = new Map(xs.map((x, index) => [x, index]));
  const columns = series.map((line) => {
    const values: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    line.x.forEach((x, index) => (values[position.get(x)!] = line.y[index]!));
    return values;
  });
  return [xs, ...columns];
}

/**
 * A metric chart drawn by uPlot on a canvas: several series overlaid (the compare page), each downsampled
 * to about two points per pixel column before drawing, smoothed by EMA and on a log scale when asked.
 */
export function MetricChart({ title, series, xAxis, smoothing, logScale, height = 220 }: MetricChartProps) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    // Marks for bench/dashboard: the points in hand here, drawn in the draw hook below.
    performance.mark('assay:chart-data-ready');
    const width = Math.max(240, element.clientWidth);
    const lines = series.map((line) => {
      const drawn = downsampleMinMax(line.points, width);
      const y = smoothExponential(drawn.y, smoothing);
      // A log scale cannot show zero or negative values; they are left out rather than drawn wrong.
      return { x: drawn.x, y: logScale ? y.map((value) => (value > 0 ? value : Number.NaN)) : y };
    });
    const data = alignSeries(lines);
    // How many points reach the canvas after downsampling, for a reader (or a test) to see the reduction.
    element.parentElement?.setAttribute('data-drawn-points', String(lines.reduce((total, line) => total + line.x.length, 0)));
    // Lines alone hide a series of one point (or points all at one x); dots show them.
    const fewPoints = data[0].length <= 60;
    const styles = getComputedStyle(element);
    const axisColor = styles.getPropertyValue('--fg-soft').trim();
    const gridColor = styles.getPropertyValue('--border').trim();
    const axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } };
    const plot = new uPlot(
      {
        width,
        height,
        scales: { x: { time: xAxis === 'wall' }, y: logScale ? { distr: 3 } : {} },
        axes: [{ ...axis, label: xAxis === 'step' ? 'step' : xAxis === 'wall' ? 'time' : 'seconds since start', ...(xAxis === 'step' ? { incrs: STEP_INCREMENTS } : {}) }, axis],
        series: [{}, ...series.map((line) => ({ label: line.label, stroke: resolveColor(line.color, element), width: 1.5, spanGaps: true, points: { show: fewPoints, size: 5 } }))],
        legend: { show: true },
        hooks: { draw: [() => void performance.mark('assay:chart-drawn')] },
      },
      data,
      element,
    );
    const observer = new ResizeObserver(() => {
      const next = Math.max(240, element.clientWidth);
      if (Math.abs(next - plot.width) > 4) plot.setSize({ width: next, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [series, xAxis, smoothing, logScale, height]);
  return (
    <figure
      className="metric-chart"
      aria-label={`Chart of ${title}`}
      data-series-count={series.length}
      data-points={series.reduce((total, line) => total + line.points.x.length, 0)}
    >
      <figcaption>{title}</figcaption>
      <div ref={container} />
    </figure>
  );
}
