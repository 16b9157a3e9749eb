import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, ApiError } from '@/lib/assay-api';
import { listExperiments } from '@/lib/evaluations-data';
import { quoteFilterValue } from '@/lib/filter-grammar';
import { formatNumber, formatTime, preview } from '@/lib/format';
import { shortDigest, type AssayDataset, type AssayDatasetSummary } from '@/lib/datasets-types';
import { tagsOf, type MlflowRun } from '@/lib/mlflow-types';

export const metadata = { title: 'Dataset' };

/** Rows per page of the preview. */
const PAGE_SIZE = 25;
/** Versions listed (newest first); older ones are still reachable with ?version=. */
const MAX_VERSIONS = 50;

type DatasetInput = { dataset: { name: string; digest: string; version?: number }; tags?: { key: string; value: string }[] };

async function runsUsing(name: string): Promise<{ run: MlflowRun; version: number | undefined; context: string | undefined }[]> {
  const experiments = await listExperiments();
  if (experiments.length === 0) return [];
  const { runs = [] } = await api<{ runs?: MlflowRun[] }>('/api/2.0/mlflow/runs/search', {
    body: { experiment_ids: experiments.map((experiment) => experiment.experiment_id), filter: `datasets.name = ${quoteFilterValue(name)}`, order_by: ['attributes.start_time DESC'], max_results: 1000 },
  });
  return runs.flatMap((run) =>
    ((run.inputs?.dataset_inputs ?? []) as DatasetInput[])
      .filter((input) => input.dataset.name === name)
      .map((input) => ({ run, version: input.dataset.version, context: tagsOf(input.tags)['mlflow.data.context'] })),
  );
}

/** The route parameter as a name; a name that is not valid percent-encoding is taken as it is. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export default async function DatasetPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ version?: string; page?: string }> }) {
  const { name: encoded } = await params;
  const name = safeDecode(encoded);
  const search = await searchParams;
  let latest: AssayDataset;
  try {
    latest = (await api<{ dataset: AssayDataset }>(`/api/assay/v1/datasets/${encodeURIComponent(name)}`)).dataset;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
  const requested = Number.parseInt(search.version ?? '', 10);
  const versionNumbers = Array.from({ length: Math.min(latest.version, MAX_VERSIONS) }, (_, index) => latest.version - index);
  const versions = (
    await Promise.all(
      versionNumbers.map((version) =>
        version === latest.version
          ? latest
          : api<{ dataset: AssayDataset }>(`/api/assay/v1/datasets/${encodeURIComponent(name)}`, { query: { version } }).then(
              (answer) => answer.dataset,
              (error: unknown) => {
                if (error instanceof ApiError && error.status === 404) return undefined;
                throw error;
              },
            ),
      ),
    )
  ).filter((version): version is AssayDatasetSummary | AssayDataset => version !== undefined);
  let selected = versions.find((version) => version.version === requested);
  if (!selected && Number.isInteger(requested)) {
    try {
      selected = (await api<{ dataset: AssayDataset }>(`/api/assay/v1/datasets/${encodeURIComponent(name)}`, { query: { version: requested } })).dataset;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
  }
  const current = selected ?? latest;
  const pageCount = Math.max(1, Math.ceil(current.row_count / PAGE_SIZE));
  const page = Math.min(pageCount, Math.max(1, Number.parseInt(search.page ?? '1', 10) || 1));
  const { rows } = await api<{ rows: Record<string, unknown>[] }>(`/api/assay/v1/datasets/${encodeURIComponent(name)}/rows`, {
    query: { version: current.version, offset: (page - 1) * PAGE_SIZE, max_results: PAGE_SIZE },
  });
  const users = await runsUsing(name);
  const base = `/datasets/${encodeURIComponent(name)}`;
  const hrefOf = (version: number, pageNumber?: number) => `${base}?version=${version}${pageNumber && pageNumber > 1 ? `&page=${pageNumber}` : ''}`;
  const columns = current.schema.map((column) => column.name);

  return (
    <>
      <p className="muted">
        <Link href="/datasets">Datasets</Link> /
      </p>
      <h1>{name}</h1>
      {current.description ? <p>{preview(current.description, 500)}</p> : null}
      {Number.isInteger(requested) && !selected ? <p className="error-box">{name} has no version {requested}; showing the latest.</p> : null}
      <h2>Versions</h2>
      <table className="grid" aria-label="Versions">
        <thead>
          <tr>
            <th className="num">Version</th>
            <th>Digest</th>
            <th className="num">Rows</th>
            <th>Source</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.version} aria-current={version.version === current.version ? 'true' : undefined} className={version.version === current.version ? 'diff-cell' : undefined}>
              <td className="num">
                <Link href={hrefOf(version.version)} aria-label={`Version ${version.version}`}>
                  v{version.version}
                </Link>
                {version.version === latest.version ? <span className="badge">latest</span> : null}
              </td>
              <td className="mono" title={version.digest}>
                {shortDigest(version.digest)}
              </td>
              <td className="num">{formatNumber(version.row_count)}</td>
              <td>{preview(version.source ?? version.source_type ?? '', 80)}</td>
              <td>{formatTime(version.created_time)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Version {current.version}</h2>
      <dl className="kv">
        <dt>Digest</dt>
        <dd className="mono">{current.digest}</dd>
        <dt>Rows</dt>
        <dd>{formatNumber(current.row_count)}</dd>
        {Object.entries(current.tags ?? {}).map(([key, value]) => (
          <div key={key} style={{ display: 'contents' }}>
            <dt>{preview(key, 80)}</dt>
            <dd>{preview(value, 200)}</dd>
          </div>
        ))}
      </dl>
      <h3>Schema</h3>
      <table className="grid" aria-label="Schema">
        <thead>
          <tr>
            <th>Column</th>
            <th>Type</th>
          </tr>
        </thead>
        <tbody>
          {current.schema.map((column) => (
            <tr key={column.name}>
              <td className="mono">{preview(column.name, 120)}</td>
              <td className="mono">{column.type}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Rows</h3>
      {rows.length === 0 ? (
        <p className="empty">This version has no rows on this page.</p>
      ) : (
        <div className="scroll">
          <table className="grid" aria-label="Rows preview">
            <thead>
              <tr>
                <th className="num">#</th>
                {columns.map((column) => (
                  <th key={column}>{preview(column, 60)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={index}>
                  <td className="num">{(page - 1) * PAGE_SIZE + index}</td>
                  {columns.map((column) => (
                    <td key={column} className="preview">
                      {preview(row[column], 160)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="toolbar" aria-label="Pages of rows">
        {page > 1 ? <Link href={hrefOf(current.version, page - 1)}>Previous</Link> : null}
        <span>
          Page {page} of {pageCount} ({formatNumber(current.row_count)} rows)
        </span>
        {page < pageCount ? <Link href={hrefOf(current.version, page + 1)}>Next</Link> : null}
      </nav>
      <h2>Runs that used it</h2>
      {users.length === 0 ? (
        <p className="empty">No run has logged this dataset as an input yet: evaluate() on it does, or log it with logRunInputs.</p>
      ) : (
        <table className="grid" aria-label="Runs that used the dataset">
          <thead>
            <tr>
              <th>Run</th>
              <th className="num">Version</th>
              <th>Context</th>
              <th>Started</th>
            </tr>
          </thead>
          <tbody>
            {users.map(({ run, version, context }) => {
              const evaluation = (run.data.params ?? []).some((param) => param.key === 'evaluation.rows');
              const label = run.info.run_name ?? run.info.run_id;
              return (
                <tr key={`${run.info.run_id}:${version ?? ''}:${context ?? ''}`} className={version === current.version ? undefined : 'muted'}>
                  <td>
                    <Link href={evaluation ? `/evaluations/${encodeURIComponent(run.info.run_id)}` : `/runs/${encodeURIComponent(run.info.run_id)}`}>{label}</Link>
                  </td>
                  <td className="num">{version !== undefined ? `v${version}` : '—'}</td>
                  <td>{context ?? '—'}</td>
                  <td>{formatTime(run.info.start_time)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
