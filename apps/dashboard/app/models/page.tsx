import Link from 'next/link';
import { SearchBox } from '@/components/search-box';
import { RegistryTags } from '@/components/registry-tags';
import { api } from '@/lib/assay-api';
import { formatTime, preview } from '@/lib/format';
import { nameContainsFilter } from '@/lib/filter-grammar';
import { IS_NOT_PROMPT_FILTER, type MlflowRegisteredModel } from '@/lib/registry-types';

export const metadata = { title: 'Models' };

/** The newest version among a model's latest version per stage: its latest version. */
function latestVersion(model: MlflowRegisteredModel): string | undefined {
  const numbers = (model.latest_versions ?? []).map((version) => Number(version.version));
  return numbers.length === 0 ? undefined : String(Math.max(...numbers));
}

export default async function ModelsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { q } = await searchParams;
  const query = q?.trim() ?? '';
  // Prompts are registered models too (MLflow 3's tags): they have their own page.
  const filter = query === '' ? IS_NOT_PROMPT_FILTER : `${nameContainsFilter(query)} AND ${IS_NOT_PROMPT_FILTER}`;
  const { registered_models: models = [] } = await api<{ registered_models?: MlflowRegisteredModel[] }>('/api/2.0/mlflow/registered-models/search', {
    query: { filter, max_results: 1000, order_by: 'last_updated_timestamp DESC' },
  });
  return (
    <>
      <h1>Models</h1>
      <div className="toolbar">
        <SearchBox param="q" label="Search models by name" placeholder="Search by name" />
      </div>
      {models.length === 0 ? (
        query !== '' ? (
          <p className="empty">No registered model&apos;s name contains “{query}”.</p>
        ) : (
          <div className="empty">
            <h2>No registered models yet</h2>
            <p>
              Register a run&apos;s model from TypeScript: <code>await registerModel(`runs:/${'{runId}'}/model`, &apos;my-model&apos;)</code> (from <code>@assay/sdk</code>), or
              fill the store with an example: <code>assay demo</code>.
            </p>
          </div>
        )
      ) : (
        <table className="grid" aria-label="Registered models">
          <thead>
            <tr>
              <th>Name</th>
              <th>Latest version</th>
              <th>Aliases</th>
              <th>Stages</th>
              <th>Protected</th>
              <th>Tags</th>
              <th>Last updated</th>
            </tr>
          </thead>
          <tbody>
            {models.map((model) => {
              const latest = latestVersion(model);
              return (
                <tr key={model.name}>
                  <td>
                    <Link href={`/models/${encodeURIComponent(model.name)}`}>{visible(model.name)}</Link>
                  </td>
                  <td className="num">{latest === undefined ? '—' : `v${latest}`}</td>
                  <td>
                    <div className="row">
                      {(model.aliases ?? []).map((alias) => (
                        <span key={alias.alias} className="badge" data-alias={alias.alias}>
                          {visible(alias.alias)} → v{alias.version}
                        </span>
                      ))}
                    </div>
                  </td>
                  <td>
                    <div className="row">
                      {(model.latest_versions ?? [])
                        .filter((version) => version.current_stage !== 'None')
                        .map((version) => (
                          <span key={version.version} className={`badge ${version.current_stage === 'Production' ? 'ok' : version.current_stage === 'Staging' ? 'warn' : ''}`}>
                            {version.current_stage}: v{version.version}
                          </span>
                        ))}
                    </div>
                  </td>
                  <td>{model.protected ? <span className="badge warn">protected</span> : <span className="muted">no</span>}</td>
                  <td>
                    <RegistryTags tags={model.tags} />
                  </td>
                  <td>{formatTime(model.last_updated_timestamp)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

function visible(text: string): string {
  return preview(text, 200);
}
