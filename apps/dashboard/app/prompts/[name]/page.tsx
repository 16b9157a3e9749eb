import { diffLines } from 'diff';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PromptDiffPicker } from '@/components/prompt-diff-picker';
import { PromptTemplateView } from '@/components/prompt-template-view';
import { RegistryTags } from '@/components/registry-tags';
import { api, ApiError } from '@/lib/assay-api';
import { formatTime, preview, visibleText } from '@/lib/format';
import type { MlflowExperiment } from '@/lib/mlflow-types';
import { parseDiffRange, promptVersionOf, templateText, type PromptVersionView } from '@/lib/prompt-versions';
import { quoteFilterValue } from '@/lib/filter-grammar';
import { IS_PROMPT_TAG, type MlflowModelVersion, type MlflowRegisteredModel } from '@/lib/registry-types';
import styles from '../../models/models.module.css';

interface PromptPageProps {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ version?: string; diff?: string }>;
}

/** How many traces of a version the page lists. */
const MAX_TRACES = 100;

/** Assay's per-prompt trace tag (`assay.prompt.<name>` = the version), as the SDK's promptTraceFilter builds it. */
function promptTraceFilter(name: string, version: string): string {
  return `tags.\`assay.prompt.${name}\` = ${quoteFilterValue(version)}`;
}

interface TraceInfo {
  trace_id: string;
  request_preview?: string;
  response_preview?: string;
  request_time?: string;
  state?: string;
  trace_location?: { mlflow_experiment?: { experiment_id: string } };
}

export async function generateMetadata({ params }: PromptPageProps) {
  return { title: `Prompt ${decodeURIComponent((await params).name)}` };
}

export default async function PromptPage({ params, searchParams }: PromptPageProps) {
  const name = decodeURIComponent((await params).name);
  const { version: selectedParam, diff } = await searchParams;
  let prompt: MlflowRegisteredModel;
  try {
    ({ registered_model: prompt } = await api<{ registered_model: MlflowRegisteredModel }>('/api/2.0/mlflow/registered-models/get', { query: { name } }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
  const { model_versions: modelVersions = [] } = await api<{ model_versions?: MlflowModelVersion[] }>('/api/2.0/mlflow/model-versions/search', {
    query: { filter: `name = ${quoteFilterValue(name)}`, order_by: 'version_number DESC', max_results: 1000 },
  });
  const versions = modelVersions.map(promptVersionOf);
  const base = `/prompts/${encodeURIComponent(name)}`;
  const selected = versions.find((version) => version.version === selectedParam) ?? versions[0];
  const range = parseDiffRange(diff);
  const numbers = versions.map((version) => version.version);
  return (
    <>
      <p className="muted">
        <Link href="/prompts">Prompts</Link> /
      </p>
      <h1>{preview(name, 200)}</h1>
      {(prompt.tags ?? []).some((tag) => tag.key === IS_PROMPT_TAG && tag.value === 'true') ? null : (
        <p className="card">
          “{preview(name, 200)}” is a registered model, not a prompt: see <Link href={`/models/${encodeURIComponent(name)}`}>its model page</Link>.
        </p>
      )}
      <dl className="kv card" aria-label="Prompt details">
        <dt>Description</dt>
        <dd>{prompt.description ? preview(prompt.description, 1000) : <span className="muted">none</span>}</dd>
        <dt>Aliases</dt>
        <dd>{(prompt.aliases ?? []).length > 0 ? (prompt.aliases ?? []).map((alias) => `${preview(alias.alias, 100)} → v${alias.version}`).join(', ') : <span className="muted">none</span>}</dd>
        <dt>Tags</dt>
        <dd>
          <RegistryTags tags={prompt.tags} />
        </dd>
        <dt>Load it</dt>
        <dd className="mono">{`await loadPrompt('${visibleText(name)}'${selected ? `, ${selected.version}` : ''})`}</dd>
      </dl>

      <h2>Versions</h2>
      {versions.length === 0 ? (
        <p className="empty">No version yet: register one with registerPrompt.</p>
      ) : (
        <table className="grid" aria-label="Prompt versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>Commit message</th>
              <th>Aliases</th>
              <th>Template</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.version} aria-current={version.version === selected?.version ? 'true' : undefined} className={version.version === selected?.version ? styles.selected : undefined}>
                <td>
                  <Link href={`${base}?version=${encodeURIComponent(version.version)}`} aria-label={`Prompt version ${version.version}`}>
                    v{version.version}
                  </Link>
                </td>
                <td>{version.commitMessage ? preview(version.commitMessage, 200) : ''}</td>
                <td>
                  <div className="row">
                    {version.aliases.map((alias) => (
                      <span key={alias} className="badge">
                        {preview(alias, 100)}
                      </span>
                    ))}
                  </div>
                </td>
                <td className="preview">{preview(templateText(version.template), 120)}</td>
                <td>{formatTime(version.creationTimestamp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {selected ? <VersionDetail prompt={name} version={selected} /> : null}

      {versions.length >= 2 ? (
        <>
          <h2>Diff</h2>
          <PromptDiffPicker versions={[...numbers].reverse()} from={range?.[0] ?? numbers[1]!} to={range?.[1] ?? numbers[0]!} />
          {range ? <PromptDiff from={versions.find((version) => version.version === range[0])} to={versions.find((version) => version.version === range[1])} range={range} /> : null}
        </>
      ) : null}

      {selected ? <PromptTraces name={name} version={selected.version} /> : null}
    </>
  );
}

function VersionDetail({ prompt, version }: { prompt: string; version: PromptVersionView }) {
  return (
    <section className={`card ${styles.detail}`} aria-label={`Prompt version ${version.version} detail`}>
      <h2>
        {preview(prompt, 200)} v{version.version}
      </h2>
      <dl className="kv">
        <dt>Commit message</dt>
        <dd>{version.commitMessage ? preview(version.commitMessage, 1000) : <span className="muted">none</span>}</dd>
        <dt>Aliases</dt>
        <dd>{version.aliases.length > 0 ? version.aliases.map((alias) => preview(alias, 100)).join(', ') : <span className="muted">none</span>}</dd>
        <dt>Model config</dt>
        <dd className="mono">{version.modelConfig ? preview(JSON.stringify(version.modelConfig), 1000) : <span className="muted">none</span>}</dd>
        <dt>Tags</dt>
        <dd>
          <RegistryTags tags={version.tags} />
        </dd>
        <dt>Created</dt>
        <dd>{formatTime(version.creationTimestamp)}</dd>
      </dl>
      <h2>Template</h2>
      <PromptTemplateView template={version.template} label={`Template of version ${version.version}`} />
    </section>
  );
}

function PromptDiff({ from, to, range }: { from: PromptVersionView | undefined; to: PromptVersionView | undefined; range: [string, string] }) {
  if (from === undefined || to === undefined) return <p className="error-box">Version {from === undefined ? range[0] : range[1]} of this prompt does not exist.</p>;
  // Both end in a newline, so that a last line followed by new ones is not shown as changed (as the SDK's diffPrompts).
  const changes = diffLines(`${templateText(from.template)}\n`, `${templateText(to.template)}\n`);
  const configKeys = new Set([...Object.keys(from.modelConfig ?? {}), ...Object.keys(to.modelConfig ?? {})]);
  const configChanges = [...configKeys].filter((key) => JSON.stringify(from.modelConfig?.[key]) !== JSON.stringify(to.modelConfig?.[key]));
  return (
    <section aria-label={`Diff of versions ${from.version} and ${to.version}`}>
      <div className={styles.template} role="region" aria-label="Template diff">
        {changes.flatMap((change, changeIndex) =>
          change.value
            .replace(/\n$/u, '')
            .split('\n')
            .map((line, lineIndex) => {
              const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
              return (
                <span key={`${changeIndex}-${lineIndex}`} className={`${styles.diffLine} ${styles[kind]}`} data-diff={kind}>
                  {kind === 'added' ? '+ ' : kind === 'removed' ? '- ' : '  '}
                  {visibleText(line)}
                </span>
              );
            }),
        )}
      </div>
      {configChanges.length > 0 ? (
        <table className="grid" aria-label="Model config changes">
          <thead>
            <tr>
              <th>Model config key</th>
              <th>v{from.version}</th>
              <th>v{to.version}</th>
            </tr>
          </thead>
          <tbody>
            {configChanges.map((key) => (
              <tr key={key}>
                <td className="mono">{preview(key, 100)}</td>
                <td className="mono">{preview(JSON.stringify(from.modelConfig?.[key]) ?? '—', 200)}</td>
                <td className="mono">{preview(JSON.stringify(to.modelConfig?.[key]) ?? '—', 200)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">Same model config.</p>
      )}
    </section>
  );
}

/** The traces that used a version: a trace search over every experiment the user may read, on the prompt's trace tag. */
async function PromptTraces({ name, version }: { name: string; version: string }) {
  const { experiments = [] } = await api<{ experiments?: MlflowExperiment[] }>('/api/2.0/mlflow/experiments/search', { body: { max_results: 1000 } });
  const traces =
    experiments.length === 0
      ? []
      : ((
          await api<{ traces?: TraceInfo[] }>('/api/3.0/mlflow/traces/search', {
            body: { experiment_ids: experiments.map((experiment) => experiment.experiment_id), filter: promptTraceFilter(name, version), max_results: MAX_TRACES, order_by: ['timestamp_ms DESC'] },
          })
        ).traces ?? []);
  const experimentNames = new Map(experiments.map((experiment) => [experiment.experiment_id, experiment.name]));
  return (
    <>
      <h2>Traces that used version {version}</h2>
      {traces.length === 0 ? (
        <p className="empty">
          No trace used version {version}. A trace records the prompt versions formatted inside it: <code>{`(await loadPrompt('${visibleText(name)}', ${version})).format({...})`}</code> within a traced call.
        </p>
      ) : (
        <div className="scroll">
        <table className="grid" aria-label={`Traces of version ${version}`}>
          <thead>
            <tr>
              <th>Trace</th>
              <th>Experiment</th>
              <th>Request</th>
              <th>Response</th>
              <th>State</th>
              <th>Time</th>
            </tr>
          </thead>
          <tbody>
            {traces.map((trace) => {
              const experimentId = trace.trace_location?.mlflow_experiment?.experiment_id;
              return (
                <tr key={trace.trace_id}>
                  <td className="mono">
                    <Link href={`/traces/${encodeURIComponent(trace.trace_id)}`}>{trace.trace_id}</Link>
                  </td>
                  <td>{experimentId ? preview(experimentNames.get(experimentId) ?? experimentId, 100) : '—'}</td>
                  <td className="preview">{preview(trace.request_preview, 120)}</td>
                  <td className="preview">{preview(trace.response_preview, 120)}</td>
                  <td>
                    <span className={`badge ${trace.state === 'OK' ? 'ok' : trace.state === 'ERROR' ? 'bad' : ''}`}>{trace.state ?? '—'}</span>
                  </td>
                  <td className={styles.nowrap}>{formatTime(trace.request_time ? Date.parse(trace.request_time) : undefined)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
      )}
      {traces.length === MAX_TRACES ? <p className="muted">The newest {MAX_TRACES} are listed.</p> : null}
    </>
  );
}
