import { api } from '@/lib/assay-api';
import { listExperiments, searchEvaluationRuns, summarizeEvaluation } from '@/lib/evaluations-data';
import { EvaluationsUrlSelect } from '@/components/evaluations-url-select';
import { EvaluationRunTable } from './evaluation-run-table';

export const metadata = { title: 'Evaluations' };

/** At most this many metric columns in the list; the evaluation's page shows them all. */
const LIST_COLUMNS = 6;

interface RegisteredModel {
  name: string;
  tags?: { key: string; value: string }[];
}

export default async function EvaluationsPage({ searchParams }: { searchParams: Promise<{ experiment?: string }> }) {
  const { experiment } = await searchParams;
  const experiments = await listExperiments();
  const allRuns = (await searchEvaluationRuns(experiments.map((entry) => entry.experiment_id))).map(summarizeEvaluation);
  const runs = experiment ? allRuns.filter((run) => run.experimentId === experiment) : allRuns;
  const withEvaluations = new Set(allRuns.map((run) => run.experimentId));
  const columns = [...new Set(runs.flatMap((run) => run.columns))].slice(0, LIST_COLUMNS);
  const { registered_models: models = [] } = await api<{ registered_models?: RegisteredModel[] }>('/api/2.0/mlflow/registered-models/search', { query: { max_results: 1000 } });
  // Prompts are registered models too (MLflow's convention); they have no evaluation runs to pick.
  const modelNames = models.filter((model) => !(model.tags ?? []).some((tag) => tag.key === 'mlflow.prompt.is_prompt')).map((model) => model.name);
  return (
    <>
      <h1>Evaluations</h1>
      <div className="toolbar">
        <EvaluationsUrlSelect
          param="experiment"
          label="Experiment"
          resets={['selected']}
          options={[
            { value: '', label: 'Every experiment with evaluations' },
            ...experiments
              .filter((entry) => experiment === entry.experiment_id || withEvaluations.has(entry.experiment_id))
              .map((entry) => ({ value: entry.experiment_id, label: entry.name })),
          ]}
        />
      </div>
      {runs.length === 0 ? (
        <div className="empty">
          <h2>No evaluation runs{experiment ? ' in this experiment' : ''}</h2>
          <p>
            Runs logged by <code>evaluate()</code> from <code>@assay/evaluate</code> show here, with their per-row results:
          </p>
          <pre className="card">{`import { evaluate, exactMatchMetric } from '@assay/evaluate';

await evaluate({ data: rows, model: myModel, inputs: ['question'], targets: 'answer', metrics: [exactMatchMetric()] });`}</pre>
          <p>
            Or fill a store with an example: <code>assay demo</code>.
          </p>
        </div>
      ) : (
        <EvaluationRunTable runs={runs} columns={columns} />
      )}
      {modelNames.length > 0 ? (
        <section aria-labelledby="compare-versions">
          <h2 id="compare-versions">Compare two versions of a registered model</h2>
          <p className="muted">Each version&apos;s evaluation: the version&apos;s own run, else the newest evaluation run tagged with the version, on the same dataset.</p>
          <form action="/evaluations/compare" method="get" className="toolbar">
            <label className="row">
              Model
              <select name="model" aria-label="Registered model" defaultValue={modelNames[0]}>
                {modelNames.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <label className="row">
              Version A
              <input name="a_version" aria-label="Version A" inputMode="numeric" pattern="[0-9]+" required size={4} defaultValue="1" />
            </label>
            <label className="row">
              Version B
              <input name="b_version" aria-label="Version B" inputMode="numeric" pattern="[0-9]+" required size={4} defaultValue="2" />
            </label>
            <button type="submit">Compare versions</button>
          </form>
        </section>
      ) : null}
    </>
  );
}
