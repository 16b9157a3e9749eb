import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ApiError, api } from '@/lib/assay-api';
import { formatCost, formatDuration, formatTime, preview, visibleText } from '@/lib/format';
import { quoteFilterValue } from '@/lib/filter-grammar';
import type { TraceAssessment, TraceSearchAnswer, TraceSummary } from '@/lib/traces-types';
import { SpanTreeView } from '@/components/traces-span-tree';
import { TraceStatusBadge } from '@/components/traces-table';

export const metadata = { title: 'Trace' };

/**
 * A trace's summary: MLflow's trace info says which experiment holds it, and
 * Assay's search of that experiment gives the summary with tokens and cost
 * (the whole-trace route would carry every span's payloads as well).
 */
async function traceSummary(traceId: string): Promise<TraceSummary | undefined> {
  const { trace } = await api<{ trace: { trace_info: { trace_location?: { mlflow_experiment?: { experiment_id: string } } } } }>(
    `/api/3.0/mlflow/traces/${encodeURIComponent(traceId)}`,
  );
  const experimentId = trace.trace_info.trace_location?.mlflow_experiment?.experiment_id;
  if (experimentId === undefined) return undefined;
  const { traces = [] } = await api<TraceSearchAnswer>('/api/assay/v1/traces/search', {
    body: { experiment_ids: [experimentId], filter: `trace.trace_id = ${quoteFilterValue(traceId)}`, max_results: 1 },
  });
  return traces[0];
}

function assessmentValue(assessment: TraceAssessment): string {
  if (assessment.feedback?.error?.error_message !== undefined) return `error: ${assessment.feedback.error.error_message}`;
  return preview(assessment.feedback?.value ?? assessment.expectation?.value, 120);
}

export default async function TracePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const traceId = decodeURIComponent(id);
  let summary: TraceSummary | undefined;
  try {
    summary = await traceSummary(traceId);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) notFound();
    throw error;
  }
  if (summary === undefined) notFound();
  const tags = Object.entries(summary.tags);
  const metadataEntries = Object.entries(summary.metadata);
  return (
    <>
      <p className="muted">
        <Link href={`/traces?experiment=${encodeURIComponent(summary.experiment_id)}`}>← Traces</Link>
      </p>
      <h1>
        {visibleText(summary.name ?? summary.trace_id)} <TraceStatusBadge state={summary.state} />
      </h1>
      <div className="cards" aria-label="Trace summary" role="group">
        <div className="card">
          <div className="label">Duration</div>
          <div className="value">{formatDuration(summary.execution_duration_ms)}</div>
        </div>
        <div className="card">
          <div className="label">Tokens (in / out)</div>
          <div className="value" data-testid="trace-total-tokens">
            {summary.token_usage?.total_tokens ?? '—'}
          </div>
          {summary.token_usage !== undefined ? (
            <div className="muted">
              {summary.token_usage.input_tokens} / {summary.token_usage.output_tokens}
            </div>
          ) : null}
        </div>
        <div className="card">
          <div className="label">Cost</div>
          <div className="value">{formatCost(summary.cost?.total_cost)}</div>
        </div>
        <div className="card">
          <div className="label">Started</div>
          <div className="value mono" style={{ fontSize: 13 }}>
            {formatTime(summary.request_time)}
          </div>
        </div>
        <div className="card">
          <div className="label">Run</div>
          <div className="value" style={{ fontSize: 13 }}>
            {summary.run_id !== undefined ? (
              <Link className="mono" href={`/runs/${encodeURIComponent(summary.run_id)}`}>
                {summary.run_id.slice(0, 12)}
              </Link>
            ) : (
              '—'
            )}
          </div>
        </div>
      </div>
      <dl className="kv">
        <dt>Trace id</dt>
        <dd className="mono">{summary.trace_id}</dd>
        {summary.session_id !== undefined ? (
          <>
            <dt>Session</dt>
            <dd>
              <Link href={`/traces/sessions?experiment=${encodeURIComponent(summary.experiment_id)}&session=${encodeURIComponent(summary.session_id)}`}>{visibleText(summary.session_id)}</Link>
            </dd>
          </>
        ) : null}
        {summary.user_id !== undefined ? (
          <>
            <dt>User</dt>
            <dd>{visibleText(summary.user_id)}</dd>
          </>
        ) : null}
        {tags.length > 0 ? (
          <>
            <dt>Tags</dt>
            <dd className="row">
              {tags.map(([key, value]) => (
                <span key={key} className="badge mono">
                  {visibleText(key)}={preview(value, 80)}
                </span>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
      {metadataEntries.length > 0 ? (
        <details>
          <summary>Metadata ({metadataEntries.length})</summary>
          <dl className="kv">
            {metadataEntries.map(([key, value]) => (
              <div key={key} style={{ display: 'contents' }}>
                <dt className="mono">{visibleText(key)}</dt>
                <dd className="mono">{preview(value, 500)}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
      {summary.assessments.length > 0 ? (
        <>
          <h2>Assessments</h2>
          <table className="grid" aria-label="Assessments">
            <thead>
              <tr>
                <th>Name</th>
                <th>Kind</th>
                <th>Value</th>
                <th>Rationale</th>
                <th>Source</th>
              </tr>
            </thead>
            <tbody>
              {summary.assessments.map((assessment, index) => (
                <tr key={assessment.assessment_id ?? index}>
                  <td>{visibleText(assessment.assessment_name)}</td>
                  <td>{assessment.expectation !== undefined ? 'expectation' : 'feedback'}</td>
                  <td className="mono">{assessmentValue(assessment)}</td>
                  <td>{preview(assessment.rationale, 200)}</td>
                  <td className="muted">{preview(assessment.source?.source_id ?? assessment.source?.source_type, 60)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h2>Spans</h2>
      <SpanTreeView traceId={summary.trace_id} />
    </>
  );
}
