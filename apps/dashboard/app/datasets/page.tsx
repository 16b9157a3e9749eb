import Link from 'next/link';
import { api } from '@/lib/assay-api';
import { formatNumber, formatTime, preview } from '@/lib/format';
import { shortDigest, type AssayDatasetSummary } from '@/lib/datasets-types';

export const metadata = { title: 'Datasets' };

export default async function DatasetsPage() {
  const datasets: AssayDatasetSummary[] = [];
  let pageToken: string | undefined;
  do {
    const page = await api<{ datasets: AssayDatasetSummary[]; next_page_token?: string }>('/api/assay/v1/datasets', { query: { max_results: 1000, page_token: pageToken } });
    datasets.push(...page.datasets);
    pageToken = page.next_page_token;
  } while (pageToken && datasets.length < 10_000);
  return (
    <>
      <h1>Datasets</h1>
      {datasets.length === 0 ? (
        <div className="empty">
          <h2>No datasets yet</h2>
          <p>Store rows as a versioned dataset, then evaluate on it (each run records the version it used):</p>
          <pre className="card">{`import { createDataset } from '@assay/evaluate';

await createDataset({ name: 'support-qa', rows: [{ question: '2+2?', answer: '4' }] });`}</pre>
          <p>
            Or from a file: <code>assay datasets import support-qa rows.jsonl</code>; or fill a store with an example: <code>assay demo</code>.
          </p>
        </div>
      ) : (
        <table className="grid" aria-label="Datasets">
          <thead>
            <tr>
              <th>Name</th>
              <th className="num">Latest version</th>
              <th className="num">Versions</th>
              <th className="num">Rows</th>
              <th>Digest</th>
              <th>Description</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {datasets.map((dataset) => (
              <tr key={dataset.name}>
                <td>
                  <Link href={`/datasets/${encodeURIComponent(dataset.name)}`}>{dataset.name}</Link>
                </td>
                <td className="num">{dataset.version}</td>
                <td className="num">{dataset.version_count}</td>
                <td className="num">{formatNumber(dataset.row_count)}</td>
                <td className="mono" title={dataset.digest}>
                  {shortDigest(dataset.digest)}
                </td>
                <td className="preview">{preview(dataset.description ?? '', 120)}</td>
                <td>{formatTime(dataset.created_time)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
