import Link from 'next/link';
import { api } from '@/lib/assay-api';
import { nameContainsFilter } from '@/lib/filter-grammar';
import { formatTime } from '@/lib/format';
import type { MlflowExperiment } from '@/lib/mlflow-types';
import { ExperimentActions, NewExperimentForm } from './experiment-actions';
import { SearchBox } from '@/components/search-box';

export const metadata = { title: 'Experiments' };

export default async function ExperimentsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { q } = await searchParams;
  const query = q?.trim() ?? '';
  const { experiments = [] } = await api<{ experiments?: MlflowExperiment[] }>('/api/2.0/mlflow/experiments/search', {
    body: { max_results: 1000, order_by: ['last_update_time DESC'], ...(query !== '' ? { filter: nameContainsFilter(query) } : {}) },
  });
  return (
    <>
      <h1>Experiments</h1>
      <div className="toolbar">
        <SearchBox param="q" label="Search experiments by name" placeholder="Search by name" />
        <NewExperimentForm />
      </div>
      {experiments.length === 0 ? (
        query !== '' ? (
          <p className="empty">No experiment&apos;s name contains “{query}”.</p>
        ) : (
          <FirstSteps />
        )
      ) : (
        <table className="grid" aria-label="Experiments">
          <thead>
            <tr>
              <th>Name</th>
              <th>ID</th>
              <th>Created</th>
              <th>Last updated</th>
              <th>
                <span className="muted">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {experiments.map((experiment) => (
              <tr key={experiment.experiment_id}>
                <td>
                  <Link href={`/experiments/${encodeURIComponent(experiment.experiment_id)}`}>{experiment.name}</Link>
                </td>
                <td className="mono">{experiment.experiment_id}</td>
                <td>{formatTime(experiment.creation_time)}</td>
                <td>{formatTime(experiment.last_update_time)}</td>
                <td>
                  <ExperimentActions id={experiment.experiment_id} name={experiment.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** What an empty store shows: how to log a first run and a first trace. */
function FirstSteps() {
  return (
    <div className="empty">
      <h2>Nothing logged yet</h2>
      <p>Log a first run from TypeScript (this dashboard reads the same store):</p>
      <pre className="card">{`import { setExperiment, withRun } from '@assay/sdk';

await setExperiment('my-first-experiment');
await withRun({ runName: 'baseline' }, async (run) => {
  run.logParams({ model: 'gpt-4o-mini', temperature: 0.2 });
  run.logMetrics({ accuracy: 0.87 });
});`}</pre>
      <p>…and a first trace, by letting autolog() capture your OpenAI calls:</p>
      <pre className="card">{`import OpenAI from 'openai';
import { autolog } from '@assay/sdk';

autolog();
const openai = new OpenAI();
await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });`}</pre>
      <p>
        Or fill the store with an example: <code>assay demo</code>.
      </p>
    </div>
  );
}
