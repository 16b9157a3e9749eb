import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, ApiError } from '@/lib/assay-api';
import { formatDuration, formatNumber, formatTime, preview, visibleText } from '@/lib/format';
import { tagsOf, type MlflowExperiment, type MlflowRun } from '@/lib/mlflow-types';
import { EVALUATION_TAG, NOTE_TAG, parentRunId, runUser } from '@/lib/runs-columns';
import { withSearchParams } from '@/lib/runs-url';
import { RunStatusBadge } from '@/components/run-status-badge';
import { RunMetricCharts } from '@/components/run-metric-charts';
import { RunArtifactBrowser } from '@/components/run-artifact-browser';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Tags the tracking system sets, shown only on request. */
function isSystemTag(key: string): boolean {
  return key.startsWith('mlflow.') || key.startsWith('assay.');
}

interface TraceSummary {
  trace_id: string;
  name?: string;
  request_time: number;
  execution_duration_ms?: number;
  state: string;
  request_preview?: string;
}

async function getRun(id: string): Promise<MlflowRun> {
  try {
    return (await api<{ run: MlflowRun }>('/api/2.0/mlflow/runs/get', { query: { run_id: id } })).run;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.code === 'RESOURCE_DOES_NOT_EXIST')) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const { run } = await api<{ run: MlflowRun }>('/api/2.0/mlflow/runs/get', { query: { run_id: id } });
    return { title: run.info.run_name ?? id };
  } catch {
    return { title: 'Run' };
  }
}

export default async function RunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const query = await searchParams;
  const run = await getRun(id);
  const { info } = run;
  const [experiment, traces] = await Promise.all([
    api<{ experiment: MlflowExperiment }>('/api/2.0/mlflow/experiments/get', { query: { experiment_id: info.experiment_id } }).then(
      (answer) => answer.experiment,
      () => undefined,
    ),
    api<{ traces?: TraceSummary[]; next_page_token?: string }>('/api/assay/v1/traces/search', {
      body: { experiment_ids: [info.experiment_id], run_id: id, max_results: 100 },
    }).then(
      (answer) => ({ traces: answer.traces ?? [], more: answer.next_page_token !== undefined, error: undefined }),
      (error: Error) => ({ traces: [] as TraceSummary[], more: false, error: error.message }),
    ),
  ]);
  const tags = tagsOf(run.data.tags);
  const runParams = [...(run.data.params ?? [])].sort((a, b) => a.key.localeCompare(b.key));
  const metrics = [...(run.data.metrics ?? [])].sort((a, b) => a.key.localeCompare(b.key));
  const showSystemTags = query.system_tags === '1';
  const tagEntries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));
  const userTags = tagEntries.filter(([key]) => !isSystemTag(key));
  const systemTags = tagEntries.filter(([key]) => isSystemTag(key));
  const parent = parentRunId(run);
  const isEvaluation = runParams.some((param) => param.key === 'evaluation.rows') || tags[EVALUATION_TAG] === 'true';
  const datasetInputs = run.inputs?.dataset_inputs ?? [];
  const source = tags['mlflow.source.name'] ?? tags['source'];
  const name = visibleText(info.run_name ?? id);
  return (
    <>
      <p className="muted">
        <Link href="/experiments">Experiments</Link> ›{' '}
        <Link href={`/experiments/${encodeURIComponent(info.experiment_id)}`}>{experiment ? visibleText(experiment.name) : `experiment ${info.experiment_id}`}</Link> › run
      </p>
      <h1>
        {name} <RunStatusBadge status={info.status} />
      </h1>
      <dl className="kv" aria-label="Run details">
        <dt>Run ID</dt>
        <dd className="mono">{info.run_id}</dd>
        <dt>Started</dt>
        <dd>{formatTime(info.start_time)}</dd>
        <dt>Ended</dt>
        <dd>{formatTime(info.end_time)}</dd>
        <dt>Duration</dt>
        <dd>{info.start_time !== undefined && info.end_time !== undefined && info.end_time > 0 ? formatDuration(info.end_time - info.start_time) : '—'}</dd>
        <dt>User</dt>
        <dd>{preview(runUser(run) ?? '—', 80)}</dd>
        <dt>Source</dt>
        <dd>{source !== undefined ? preview(source, 200) : '—'}</dd>
        {parent !== undefined ? (
          <>
            <dt>Parent run</dt>
            <dd>
              <Link href={`/runs/${encodeURIComponent(parent)}`} className="mono">
                {parent}
              </Link>
            </dd>
          </>
        ) : null}
        <dt>Description</dt>
        <dd>{tags[NOTE_TAG] !== undefined ? <span style={{ whiteSpace: 'pre-wrap' }}>{visibleText(tags[NOTE_TAG])}</span> : <span className="muted">none</span>}</dd>
      </dl>
      {isEvaluation ? (
        <p>
          This is an evaluation run: <Link href={`/evaluations/${encodeURIComponent(id)}`}>see its evaluation rows</Link>.
        </p>
      ) : null}

      <div className="split">
        <section aria-labelledby="params-heading">
          <h2 id="params-heading">Params ({runParams.length})</h2>
          {runParams.length === 0 ? (
            <p className="empty">No params logged (run.logParams(&#123; … &#125;)).</p>
          ) : (
            <table className="grid" aria-label="Params">
              <thead>
                <tr>
                  <th>Param</th>
                  <th>Value</th>
                </tr>
              </thead>
              <tbody>
                {runParams.map((param) => (
                  <tr key={param.key}>
                    <td className="mono">{visibleText(param.key)}</td>
                    <td className="mono">{preview(param.value, 400)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section aria-labelledby="metrics-heading">
          <h2 id="metrics-heading">Latest metrics ({metrics.length})</h2>
          <p className="muted">The value at the highest step; the charts below show every point.</p>
          {metrics.length === 0 ? (
            <p className="empty">No metrics logged (run.logMetrics(&#123; … &#125;)).</p>
          ) : (
            <table className="grid" aria-label="Latest metrics">
              <thead>
                <tr>
                  <th>Metric</th>
                  <th className="num">Value</th>
                </tr>
              </thead>
              <tbody>
                {metrics.map((metric) => (
                  <tr key={metric.key}>
                    <td className="mono">{visibleText(metric.key)}</td>
                    <td className="num">{formatNumber(metric.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>

      <section aria-labelledby="charts-heading">
        <h2 id="charts-heading">Metric history</h2>
        {metrics.length === 0 ? <p className="empty">No metrics to chart.</p> : <RunMetricCharts runs={[{ runId: id, label: info.run_name ?? id }]} metricKeys={metrics.map((metric) => metric.key)} />}
      </section>

      <section aria-labelledby="tags-heading">
        <h2 id="tags-heading">Tags ({userTags.length})</h2>
        {userTags.length === 0 ? <p className="muted">No tags of your own (run.setTag(key, value)).</p> : <TagsTable label="Tags" entries={userTags} />}
        <p>
          <Link href={withSearchParams(`/runs/${encodeURIComponent(id)}`, query, { system_tags: showSystemTags ? undefined : '1' })} aria-expanded={showSystemTags} scroll={false}>
            {showSystemTags ? 'Hide' : 'Show'} {systemTags.length} system tags (mlflow.*, assay.*)
          </Link>
        </p>
        {showSystemTags && systemTags.length > 0 ? <TagsTable label="System tags" entries={systemTags} /> : null}
      </section>

      <section aria-labelledby="artifacts-heading">
        <h2 id="artifacts-heading">Artifacts</h2>
        <RunArtifactBrowser runId={id} artifactUri={info.artifact_uri} />
      </section>

      <section aria-labelledby="traces-heading">
        <h2 id="traces-heading">Linked traces ({traces.traces.length}{traces.more ? '+' : ''})</h2>
        {traces.error !== undefined ? (
          <p className="error-box">Could not load the run&apos;s traces: {traces.error}</p>
        ) : traces.traces.length === 0 ? (
          <p className="muted">No traces were logged in this run (traces made inside withRun() are linked to it).</p>
        ) : (
          <table className="grid" aria-label="Linked traces">
            <thead>
              <tr>
                <th>Trace</th>
                <th>State</th>
                <th>Started</th>
                <th className="num">Duration</th>
                <th>Request</th>
              </tr>
            </thead>
            <tbody>
              {traces.traces.map((trace) => (
                <tr key={trace.trace_id}>
                  <td>
                    <Link href={`/traces/${encodeURIComponent(trace.trace_id)}`}>{preview(trace.name ?? trace.trace_id, 60)}</Link>
                  </td>
                  <td>
                    <span className={`badge ${trace.state === 'OK' ? 'ok' : trace.state === 'ERROR' ? 'bad' : 'warn'}`}>{trace.state}</span>
                  </td>
                  <td>{formatTime(trace.request_time)}</td>
                  <td className="num">{formatDuration(trace.execution_duration_ms)}</td>
                  <td className="preview">{preview(trace.request_preview ?? '', 120)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="inputs-heading">
        <h2 id="inputs-heading">Dataset inputs ({datasetInputs.length})</h2>
        {datasetInputs.length === 0 ? (
          <p className="muted">No datasets recorded as inputs of this run.</p>
        ) : (
          <table className="grid" aria-label="Dataset inputs">
            <thead>
              <tr>
                <th>Dataset</th>
                <th>Digest</th>
                <th>Context</th>
              </tr>
            </thead>
            <tbody>
              {datasetInputs.map((input, index) => (
                <tr key={`${input.dataset.name}-${input.dataset.digest}-${index}`}>
                  <td>
                    <Link href={`/datasets/${encodeURIComponent(input.dataset.name)}`}>{preview(input.dataset.name, 80)}</Link>
                  </td>
                  <td className="mono">{preview(input.dataset.digest, 40)}</td>
                  <td>{preview(tagsOf(input.tags)['mlflow.data.context'] ?? '', 40)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function TagsTable({ label, entries }: { label: string; entries: Array<[string, string]> }) {
  return (
    <table className="grid" aria-label={label}>
      <thead>
        <tr>
          <th>Tag</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <td className="mono">{visibleText(key)}</td>
            <td>{preview(value, 400)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
