import Link from 'next/link';
import { SearchBox } from '@/components/search-box';
import { RegistryTags } from '@/components/registry-tags';
import { api } from '@/lib/assay-api';
import { formatTime, preview } from '@/lib/format';
import { nameContainsFilter } from '@/lib/filter-grammar';
import { IS_PROMPT_FILTER, type MlflowRegisteredModel } from '@/lib/registry-types';

export const metadata = { title: 'Prompts' };

export default async function PromptsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { q } = await searchParams;
  const query = q?.trim() ?? '';
  // MLflow 3 stores prompts as registered models with a reserved tag.
  const filter = query === '' ? IS_PROMPT_FILTER : `${nameContainsFilter(query)} AND ${IS_PROMPT_FILTER}`;
  const { registered_models: prompts = [] } = await api<{ registered_models?: MlflowRegisteredModel[] }>('/api/2.0/mlflow/registered-models/search', {
    query: { filter, max_results: 1000, order_by: 'last_updated_timestamp DESC' },
  });
  return (
    <>
      <h1>Prompts</h1>
      <div className="toolbar">
        <SearchBox param="q" label="Search prompts by name" placeholder="Search by name" />
      </div>
      {prompts.length === 0 ? (
        query !== '' ? (
          <p className="empty">No prompt&apos;s name contains “{query}”.</p>
        ) : (
          <div className="empty">
            <h2>No prompts yet</h2>
            <p>
              Register one from TypeScript: <code>{`await registerPrompt({ name: 'my-prompt', template: 'Answer: {{question}}', commitMessage: 'First version' })`}</code> (from{' '}
              <code>@assay/sdk</code>), or fill the store with an example: <code>assay demo</code>.
            </p>
          </div>
        )
      ) : (
        <table className="grid" aria-label="Prompts">
          <thead>
            <tr>
              <th>Name</th>
              <th>Latest version</th>
              <th>Commit message</th>
              <th>Aliases</th>
              <th>Tags</th>
              <th>Last updated</th>
            </tr>
          </thead>
          <tbody>
            {prompts.map((prompt) => {
              // A prompt's versions stay in stage None: the latest per stage is the latest.
              const latest = [...(prompt.latest_versions ?? [])].sort((left, right) => Number(right.version) - Number(left.version))[0];
              return (
                <tr key={prompt.name}>
                  <td>
                    <Link href={`/prompts/${encodeURIComponent(prompt.name)}`}>{preview(prompt.name, 200)}</Link>
                  </td>
                  <td className="num">{latest ? `v${latest.version}` : '—'}</td>
                  <td className="preview">{latest?.description ? preview(latest.description, 200) : ''}</td>
                  <td>
                    <div className="row">
                      {(prompt.aliases ?? []).map((alias) => (
                        <span key={alias.alias} className="badge">
                          {preview(alias.alias, 100)} → v{alias.version}
                        </span>
                      ))}
                    </div>
                  </td>
                  <td>
                    <RegistryTags tags={prompt.tags} />
                  </td>
                  <td>{formatTime(prompt.last_updated_timestamp)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
