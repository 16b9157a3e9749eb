import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ApiError } from '@/lib/assay-api';
import { getRun, readEvaluationRows, summarizeEvaluation } from '@/lib/evaluations-data';
import { formatNumber, formatTime, preview } from '@/lib/format';
import { metricColumnsOf } from '@/lib/evaluations-types';
import { EvaluationRowsTable } from '@/components/evaluations-rows-table';

export const metadata = { title: 'Evaluation' };

export default async function EvaluationPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  let run;
  try {
    run = await getRun(runId);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
  const summary = summarizeEvaluation(run);
  const rows = await readEvaluationRows(runId);
  const columns = metricColumnsOf(rows);
  return (
    <>
      <p className="muted">
        <Link href="/evaluations">Evaluations</Link> /
      </p>
      <h1>{summary.runName}</h1>
      <dl className="kv">
        <dt>Run</dt>
        <dd className="mono">{summary.runId}</dd>
        <dt>Dataset</dt>
        <dd>
          {summary.dataset ? (
            <Link href={`/datasets/${encodeURIComponent(summary.dataset)}${summary.datasetVersion ? `?version=${encodeURIComponent(summary.datasetVersion)}` : ''}`}>
              {summary.dataset}
              {summary.datasetVersion ? ` v${summary.datasetVersion}` : ''}
            </Link>
          ) : (
            <span className="muted">inline rows</span>
          )}
        </dd>
        <dt>Model</dt>
        <dd>
          {summary.model ?? <span className="muted">precomputed predictions</span>}
          {summary.modelVersion ? (
            <>
              {' · '}
              <Link href={`/models/${encodeURIComponent(summary.modelVersion.name)}?version=${encodeURIComponent(summary.modelVersion.version)}`}>
                {summary.modelVersion.name} v{summary.modelVersion.version}
              </Link>
            </>
          ) : null}
        </dd>
        <dt>Started</dt>
        <dd>{formatTime(summary.startTime)}</dd>
      </dl>
      <h2>Aggregates</h2>
      <div className="cards" aria-label="Aggregate metrics" role="list">
        <div className="card" role="listitem">
          <div className="label">Rows</div>
          <div className="value">{formatNumber(summary.rows)}</div>
        </div>
        <div className="card" role="listitem">
          <div className="label">Failed rows</div>
          <div className="value">
            {formatNumber(summary.failedRows)} {summary.failedRows ? <span className="badge bad">error rate {formatNumber(summary.metrics['error_rate'])}</span> : null}
          </div>
        </div>
        <div className="card" role="listitem">
          <div className="label">Thresholds</div>
          <div className="value">
            {summary.verdict ? <span className={`badge ${summary.verdict === 'passed' ? 'ok' : 'bad'}`}>{summary.verdict}</span> : <span className="muted">none set</span>}
          </div>
        </div>
        {summary.columns.map((column) => (
          <div className="card" role="listitem" key={column} aria-label={`${column} aggregate`}>
            <div className="label">{column}</div>
            <div className="value">{formatNumber(summary.metrics[column])}</div>
            <div className="muted">
              p50 {formatNumber(summary.metrics[`${column}_p50`])} · min {formatNumber(summary.metrics[`${column}_min`])} · max {formatNumber(summary.metrics[`${column}_max`])}
            </div>
          </div>
        ))}
      </div>
      {summary.verdict ? (
        <p className="muted">The run records only the thresholds&apos; verdict (tag assay.evaluation.thresholds), not their bounds.</p>
      ) : null}
      {summary.metricErrors ? <pre className="error-box">{preview(summary.metricErrors, 2000)}</pre> : null}
      <h2>Rows</h2>
      {rows.length === 0 ? (
        <p className="empty">This run has no stored evaluation rows: runs logged by evaluate() store them (the store&apos;s evaluation_rows table).</p>
      ) : (
        <EvaluationRowsTable rows={rows} columns={columns} />
      )}
    </>
  );
}
