'use client';
import Link from 'next/link';
import { formatNumber, formatTime } from '@/lib/format';
import { useHydrated } from '@/lib/evaluations-use-hydrated';
import { useUrlState } from '@/lib/evaluations-url-state';
import type { EvaluationSummary } from '@/lib/evaluations-data';

/**
 * The evaluation runs, with a checkbox each: the two chosen are in the URL
 * (`?selected=a,b`), and "Compare" opens them side by side.
 */
export function EvaluationRunTable({ runs, columns }: { runs: EvaluationSummary[]; columns: string[] }) {
  const [params, setParams] = useUrlState();
  const hydrated = useHydrated();
  const selected = (params.get('selected') ?? '').split(',').filter((id) => id !== '');
  const toggle = (runId: string) => {
    // Keep the two most recent choices: a third checkbox replaces the oldest.
    const next = selected.includes(runId) ? selected.filter((id) => id !== runId) : [...selected, runId].slice(-2);
    setParams({ selected: next.length === 0 ? undefined : next.join(',') });
  };
  const [a, b] = selected;
  return (
    <>
      <div className="toolbar" data-hydrated={hydrated}>
        {a !== undefined && b !== undefined ? (
          <Link className="badge ok" href={`/evaluations/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`}>
            Compare
          </Link>
        ) : (
          <button type="button" disabled>
            Compare
          </button>
        )}
        <span className="muted">{selected.length === 2 ? 'The first chosen is the baseline (A).' : 'Choose two evaluations to compare them.'}</span>
      </div>
      <div className="scroll">
        <table className="grid" aria-label="Evaluation runs">
          <thead>
            <tr>
              <th>
                <span className="muted">Compare</span>
              </th>
              <th>Run</th>
              <th>Dataset</th>
              <th>Model</th>
              <th className="num">Rows</th>
              <th className="num">Failed rows</th>
              {columns.map((column) => (
                <th key={column} className="num">
                  {column}
                </th>
              ))}
              <th>Thresholds</th>
              <th>Started</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.runId} data-run-id={run.runId}>
                <td>
                  <input type="checkbox" aria-label={`Choose ${run.runName} for comparison`} checked={selected.includes(run.runId)} onChange={() => toggle(run.runId)} />
                </td>
                <td>
                  <Link href={`/evaluations/${encodeURIComponent(run.runId)}`}>{run.runName}</Link>
                </td>
                <td>
                  {run.dataset ? (
                    <Link href={`/datasets/${encodeURIComponent(run.dataset)}${run.datasetVersion ? `?version=${encodeURIComponent(run.datasetVersion)}` : ''}`}>
                      {run.dataset}
                      {run.datasetVersion ? ` v${run.datasetVersion}` : ''}
                    </Link>
                  ) : (
                    <span className="muted">inline rows</span>
                  )}
                </td>
                <td>
                  {run.model ?? <span className="muted">predictions</span>}
                  {run.modelVersion ? (
                    <>
                      {' · '}
                      <Link href={`/models/${encodeURIComponent(run.modelVersion.name)}?version=${encodeURIComponent(run.modelVersion.version)}`}>
                        {run.modelVersion.name} v{run.modelVersion.version}
                      </Link>
                    </>
                  ) : null}
                </td>
                <td className="num">{formatNumber(run.rows)}</td>
                <td className="num">{run.failedRows ? <span className="badge bad">{run.failedRows}</span> : formatNumber(run.failedRows)}</td>
                {columns.map((column) => (
                  <td key={column} className="num" data-column={column}>
                    {formatNumber(run.metrics[column])}
                  </td>
                ))}
                <td>{run.verdict ? <span className={`badge ${run.verdict === 'passed' ? 'ok' : 'bad'}`}>{run.verdict}</span> : <span className="muted">none set</span>}</td>
                <td>{formatTime(run.startTime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
