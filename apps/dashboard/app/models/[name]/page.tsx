import Link from 'next/link';
import { notFound } from 'next/navigation';
import { RegistryTags } from '@/components/registry-tags';
import { AliasEditor, StageEditor, TransitionRequestList } from '@/components/registry-model-editor';
import { RegistryAuditLog } from '@/components/registry-audit-log';
import { api, ApiError } from '@/lib/assay-api';
import { formatNumber, formatTime, preview } from '@/lib/format';
import { quoteFilterValue } from '@/lib/filter-grammar';
import { lineageOf } from '@/lib/registry-lineage';
import { registryPermissionOf } from '@/lib/registry-permission';
import { IS_PROMPT_TAG, type MlflowModelVersion, type MlflowRegisteredModel, type TransitionRequest } from '@/lib/registry-types';
import styles from '../models.module.css';

interface ModelPageProps {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ version?: string; tab?: string }>;
}

export async function generateMetadata({ params }: ModelPageProps) {
  return { title: `Model ${decodeURIComponent((await params).name)}` };
}

export default async function ModelPage({ params, searchParams }: ModelPageProps) {
  const name = decodeURIComponent((await params).name);
  const { version: selected, tab } = await searchParams;
  let model: MlflowRegisteredModel;
  try {
    ({ registered_model: model } = await api<{ registered_model: MlflowRegisteredModel }>('/api/2.0/mlflow/registered-models/get', { query: { name } }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
  const base = `/models/${encodeURIComponent(name)}`;
  const audit = tab === 'audit';
  const isPrompt = (model.tags ?? []).some((tag) => tag.key === IS_PROMPT_TAG && tag.value === 'true');
  return (
    <>
      <p className="muted">
        <Link href="/models">Models</Link> /
      </p>
      <h1>
        {preview(name, 200)} {model.protected ? <span className="badge warn">protected</span> : null}
      </h1>
      {isPrompt ? (
        <p className="card">
          This registered model is a prompt (MLflow 3 stores prompts as models): its templates are on <Link href={`/prompts/${encodeURIComponent(name)}`}>its prompt page</Link>.
        </p>
      ) : null}
      <nav className="tabs" aria-label="Model sections">
        <Link href={base} aria-current={audit ? undefined : 'page'}>
          Overview
        </Link>
        <Link href={`${base}?tab=audit`} aria-current={audit ? 'page' : undefined}>
          Audit log
        </Link>
      </nav>
      {audit ? <RegistryAuditLog name={name} version={selected} /> : <ModelOverview model={model} selected={selected} base={base} />}
    </>
  );
}

async function ModelOverview({ model, selected, base }: { model: MlflowRegisteredModel; selected: string | undefined; base: string }) {
  const [versionsAnswer, requestsAnswer, permission] = await Promise.all([
    api<{ model_versions?: MlflowModelVersion[] }>('/api/2.0/mlflow/model-versions/search', {
      query: { filter: `name = ${quoteFilterValue(model.name)}`, order_by: 'version_number DESC', max_results: 1000 },
    }),
    api<{ transition_requests?: TransitionRequest[] }>('/api/assay/v1/transition-requests', { query: { name: model.name, max_results: 1000 } }),
    registryPermissionOf(model.name),
  ]);
  const versions = versionsAnswer.model_versions ?? [];
  const requests = requestsAnswer.transition_requests ?? [];
  const lineage = await lineageOf(versions);
  const chosen = versions.find((version) => version.version === selected);
  const versionNumbers = versions.map((version) => version.version);
  return (
    <>
      <dl className="kv card" aria-label="Model details">
        <dt>Description</dt>
        <dd>{model.description ? visible(model.description) : <span className="muted">none</span>}</dd>
        <dt>Tags</dt>
        <dd>
          <RegistryTags tags={model.tags} />
        </dd>
        <dt>Protection</dt>
        <dd>
          {model.protected ? 'Protected: stage changes and alias moves need an approved transition request.' : 'Not protected: users with EDIT change stages and aliases directly.'}
        </dd>
        <dt>Created</dt>
        <dd>{formatTime(model.creation_timestamp)}</dd>
        <dt>Last updated</dt>
        <dd>{formatTime(model.last_updated_timestamp)}</dd>
        <dt>You</dt>
        <dd>
          {permission.username === undefined ? 'no authentication: every change is allowed' : `${permission.username}: ${permission.permission}`}
        </dd>
      </dl>

      <h2>Aliases</h2>
      <AliasEditor name={model.name} aliases={model.aliases ?? []} versions={versionNumbers} isProtected={model.protected === true} mayEdit={permission.mayEdit} anonymous={permission.username === undefined} />

      <h2>Versions</h2>
      {versions.length === 0 ? (
        <p className="empty">
          No version yet. Register one from a run: <code>{`await registerModel('runs:/<runId>/model', '${model.name}')`}</code>.
        </p>
      ) : (
        <div className="scroll">
        <table className="grid" aria-label="Versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>Stage</th>
              <th>Aliases</th>
              <th>Source run</th>
              <th>Evaluation</th>
              <th>Created</th>
              <th>Description</th>
              <th>Tags</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => {
              const found = lineage.get(version.version);
              return (
                <tr key={version.version} aria-current={version.version === selected ? 'true' : undefined} className={version.version === selected ? styles.selected : undefined}>
                  <td>
                    <Link href={`${base}?version=${encodeURIComponent(version.version)}`} aria-label={`Version ${version.version} details`}>
                      v{version.version}
                    </Link>
                  </td>
                  <td>
                    <StageBadge stage={version.current_stage} />
                  </td>
                  <td>
                    <div className="row">
                      {(version.aliases ?? []).map((alias) => (
                        <span key={alias} className="badge">
                          {visible(alias)}
                        </span>
                      ))}
                    </div>
                  </td>
                  <td>{found?.runId ? <Link href={`/runs/${encodeURIComponent(found.runId)}`}>{found.run?.info.run_name ? visible(found.run.info.run_name) : found.runId}</Link> : <span className="muted">—</span>}</td>
                  <td>{found?.runId && found.isEvaluation ? <Link href={`/evaluations/${encodeURIComponent(found.runId)}`}>evaluation</Link> : <span className="muted">—</span>}</td>
                  <td>{formatTime(version.creation_timestamp)}</td>
                  <td className="preview">{version.description ? visible(version.description) : ''}</td>
                  <td>
                    <RegistryTags tags={version.tags} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
      )}

      {chosen ? <VersionDetail version={chosen} lineage={lineage.get(chosen.version)} /> : null}

      <h2>Stage</h2>
      <StageEditor key={chosen?.version ?? 'latest'} name={model.name} versions={versionNumbers} selected={chosen?.version} isProtected={model.protected === true} mayEdit={permission.mayEdit} anonymous={permission.username === undefined} />

      <h2>Pending requests</h2>
      <TransitionRequestList requests={requests} username={permission.username} mayManage={permission.mayManage} />

      <h2>Lineage</h2>
      {versions.length === 0 ? (
        <p className="muted">No versions, so no lineage.</p>
      ) : (
        <table className="grid" aria-label="Lineage">
          <thead>
            <tr>
              <th>Version</th>
              <th>Source run</th>
              <th>Evaluation</th>
              <th>Headline metrics of the run</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => {
              const found = lineage.get(version.version);
              return (
                <tr key={version.version}>
                  <td>v{version.version}</td>
                  <td>
                    {found?.runId ? (
                      <>
                        <Link href={`/runs/${encodeURIComponent(found.runId)}`}>{found.runId}</Link>
                        {found.missing ? <span className="muted"> ({found.missing})</span> : null}
                      </>
                    ) : (
                      <span className="muted">not registered from a run ({visible(version.source)})</span>
                    )}
                  </td>
                  <td>{found?.runId && found.isEvaluation ? <Link href={`/evaluations/${encodeURIComponent(found.runId)}`}>{found.run?.info.run_name ? visible(found.run.info.run_name) : found.runId}</Link> : <span className="muted">not an evaluation</span>}</td>
                  <td>
                    <MetricList metrics={found?.headlineMetrics ?? []} label={`Headline metrics of version ${version.version}`} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

function VersionDetail({ version, lineage }: { version: MlflowModelVersion; lineage: Awaited<ReturnType<typeof lineageOf>> extends Map<string, infer L> ? L | undefined : never }) {
  return (
    <section className={`card ${styles.detail}`} aria-label={`Version ${version.version}`}>
      <h2>Version {version.version}</h2>
      <dl className="kv">
        <dt>Stage</dt>
        <dd>
          <StageBadge stage={version.current_stage} />
        </dd>
        <dt>Aliases</dt>
        <dd>{(version.aliases ?? []).length > 0 ? (version.aliases ?? []).map(visible).join(', ') : <span className="muted">none</span>}</dd>
        <dt>Status</dt>
        <dd>
          {version.status}
          {version.status_message ? ` — ${visible(version.status_message)}` : ''}
        </dd>
        <dt>Source</dt>
        <dd className="mono">{visible(version.source)}</dd>
        <dt>Source run</dt>
        <dd>{lineage?.runId ? <Link href={`/runs/${encodeURIComponent(lineage.runId)}`}>{lineage.runId}</Link> : '—'}</dd>
        <dt>Created</dt>
        <dd>{formatTime(version.creation_timestamp)}</dd>
        <dt>Last updated</dt>
        <dd>{formatTime(version.last_updated_timestamp)}</dd>
        <dt>Description</dt>
        <dd>{version.description ? visible(version.description) : <span className="muted">none</span>}</dd>
        <dt>Tags</dt>
        <dd>
          <RegistryTags tags={version.tags} />
        </dd>
        <dt>Metrics of the run</dt>
        <dd>
          <MetricList metrics={lineage?.headlineMetrics ?? []} label={`Metrics of version ${version.version}`} />
        </dd>
      </dl>
    </section>
  );
}

function MetricList({ metrics, label }: { metrics: Array<{ key: string; value: number }>; label: string }) {
  if (metrics.length === 0) return <span className="muted">—</span>;
  return (
    <ul className={styles.metrics} aria-label={label}>
      {metrics.map((metric) => (
        <li key={metric.key}>
          <span className="muted">{visible(metric.key)}</span> <span className="mono">{formatNumber(metric.value)}</span>
        </li>
      ))}
    </ul>
  );
}

function StageBadge({ stage }: { stage: string }) {
  return <span className={`badge ${stage === 'Production' ? 'ok' : stage === 'Staging' ? 'warn' : ''}`}>{stage}</span>;
}

function visible(text: string): string {
  return preview(text, 300);
}
