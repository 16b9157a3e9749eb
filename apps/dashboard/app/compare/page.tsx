import Link from 'next/link';
import { api, ApiError } from '@/lib/assay-api';
import { compareKeys } from '@/lib/compare-values';
import { formatNumber, preview, visibleText } from '@/lib/format';
import type { MlflowRun } from '@/lib/mlflow-types';
import { seriesColorVariable } from '@/lib/runs-columns';
import { RunMetricCharts } from '@/components/run-metric-charts';
import { CompareParallelCoordinates } from '@/components/compare-parallel-coordinates';
import { CompareScatter } from '@/components/compare-scatter';
import { CompareAxisPicker } from '@/components/compare-axis-picker';
import { CompareDifferenceToggle } from '@/components/compare-difference-toggle';

export const metadata = { title: 'Compare runs' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function ComparePage({ searchParams }: { searchParams: SearchParams }) {
  const query = await searchParams;
  const ids = [...new Set((one(query.runs) ?? '').split(',').map((id) => id.trim()).filter((id) => id !== ''))];
  if (ids.length < 2) {
    return (
      <>
        <h1>Compare runs</h1>
        <p className="empty">
          Pick two runs or more to compare: tick them in an experiment&apos;s runs table and press Compare. <Link href="/experiments">Go to the experiments</Link>.
        </p>
      </>
    );
  }
  const answers = await Promise.all(
    ids.map((id) =>
      api<{ run: MlflowRun }>('/api/2.0/mlflow/runs/get', { query: { run_id: id } }).then(
        (answer) => ({ id, run: answer.run, error: undefined }),
        (error: Error) => ({ id, run: undefined, error: error instanceof ApiError && error.status === 404 ? 'no such run' : error.message }),
      ),
    ),
  );
  const missing = answers.filter((answer) => answer.run === undefined);
  const runs = answers.flatMap((answer) => (answer.run ? [answer.run] : []));
  const keys = compareKeys(runs);
  const onlyDifferences = one(query.only_diff) === '1';
  const shownKeys = onlyDifferences ? keys.filter((key) => key.differs) : keys;
  const metricKeys = keys.filter((key) => key.kind === 'metric').map((key) => key.key);
  const numericKeys = keys.filter((key) => key.numeric);
  const defaultX = numericKeys.find((key) => key.kind === 'metric') ?? numericKeys[0];
  const defaultY = numericKeys.find((key) => key.kind === 'metric' && key !== defaultX) ?? numericKeys.find((key) => key !== defaultX);
  const xKey = keys.find((key) => key.id === one(query.x)) ?? defaultX;
  const yKey = keys.find((key) => key.id === one(query.y)) ?? defaultY;
  const labels = runs.map((run) => visibleText(run.info.run_name ?? run.info.run_id));
  return (
    <>
      <h1>Compare {runs.length} runs</h1>
      {missing.length > 0 ? (
        <p role="alert" className="error-box">
          Left out: {missing.map((answer) => `${preview(answer.id, 40)} (${answer.error ?? ''})`).join(', ')}
        </p>
      ) : null}
      <table className="grid" aria-label="Compared runs">
        <thead>
          <tr>
            <th>Colour</th>
            <th>Run</th>
            <th>Status</th>
            <th>Experiment</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run, index) => (
            <tr key={run.info.run_id}>
              <td>
                <span className="compare-swatch" style={{ background: `var(${seriesColorVariable(index)})` }} aria-label={`Colour ${index + 1}`} role="img" />
              </td>
              <td>
                <Link href={`/runs/${encodeURIComponent(run.info.run_id)}`}>{labels[index]}</Link>
              </td>
              <td>{run.info.status}</td>
              <td>
                <Link href={`/experiments/${encodeURIComponent(run.info.experiment_id)}`}>{run.info.experiment_id}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Metric history</h2>
      {metricKeys.length === 0 ? (
        <p className="empty">These runs logged no metrics.</p>
      ) : (
        <RunMetricCharts runs={runs.map((run, index) => ({ runId: run.info.run_id, label: labels[index]! }))} metricKeys={metricKeys} />
      )}

      <h2>Params and metrics</h2>
      <div className="toolbar">
        <CompareDifferenceToggle checked={onlyDifferences} />
        <span className="muted">{keys.filter((key) => key.differs).length} of {keys.length} differ (highlighted).</span>
      </div>
      {shownKeys.length === 0 ? (
        <p className="empty">{onlyDifferences ? 'These runs agree on every param and metric.' : 'These runs logged no params or metrics.'}</p>
      ) : (
        <div className="scroll">
          <table className="grid" aria-label="Param and metric differences">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Key</th>
                {runs.map((run, index) => (
                  <th key={run.info.run_id}>{labels[index]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shownKeys.map((key) => (
                <tr key={key.id} data-key={key.id} data-differs={key.differs ? 'true' : 'false'}>
                  <td className="muted">{key.kind}</td>
                  <th scope="row" className={`mono ${key.differs ? 'diff-cell' : ''}`}>
                    {visibleText(key.key)}
                  </th>
                  {key.values.map((value, index) => (
                    <td key={runs[index]!.info.run_id} className={`${key.kind === 'metric' ? 'num' : ''} ${key.differs ? 'diff-cell' : ''}`}>
                      {value === undefined ? <span className="muted">—</span> : typeof value === 'number' ? formatNumber(value) : preview(value, 120)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Parallel coordinates</h2>
      {keys.length < 2 ? <p className="empty">Needs two params or metrics at least.</p> : <CompareParallelCoordinates keys={keys} labels={labels} />}

      <h2>Scatter</h2>
      {xKey === undefined || yKey === undefined ? (
        <p className="empty">Needs two params or metrics at least.</p>
      ) : (
        <>
          <CompareAxisPicker options={keys.map((key) => key.id)} x={xKey.id} y={yKey.id} />
          <CompareScatter x={xKey} y={yKey} labels={labels} />
        </>
      )}
    </>
  );
}
