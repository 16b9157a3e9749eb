import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, ApiError } from '@/lib/assay-api';
import type { MlflowExperiment, MlflowRun } from '@/lib/mlflow-types';
import { defaultColumns, keysOf, orderByColumn, parseColumns, parseOrder, RUNS_PAGE_SIZE } from '@/lib/runs-columns';
import { searchErrorColumn } from '@/lib/runs-search-error';
import { RunsFilterBox } from '@/components/runs-filter-box';
import { RunsTable } from '@/components/runs-table';

type SearchParams = Promise<{ filter?: string; order?: string; columns?: string; expanded?: string; selected?: string }>;

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const { experiment } = await api<{ experiment: MlflowExperiment }>('/api/2.0/mlflow/experiments/get', { query: { experiment_id: id } });
    return { title: experiment.name };
  } catch {
    return { title: 'Experiment' };
  }
}

/** The column picker's first keys: those of the experiment's most recent runs (the table adds the keys of each page it loads). */
async function sampleKeys(experimentId: string) {
  const { runs = [] } = await api<{ runs?: MlflowRun[] }>('/api/2.0/mlflow/runs/search', {
    body: { experiment_ids: [experimentId], max_results: RUNS_PAGE_SIZE, order_by: ['attributes.start_time DESC'] },
  });
  return keysOf(runs);
}

export default async function ExperimentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const query = await searchParams;
  const filter = query.filter?.trim() ?? '';
  const order = parseOrder(query.order);
  const orderBy = order ? [`${orderByColumn(order.clause)} ${order.descending ? 'DESC' : 'ASC'}`] : ['attributes.start_time DESC'];
  // The experiment, the first page and (for a filtered page) the key sample at once: each is a query of its own.
  const [experimentAnswer, firstAnswer, filteredKeys] = await Promise.allSettled([
    api<{ experiment: MlflowExperiment }>('/api/2.0/mlflow/experiments/get', { query: { experiment_id: id } }),
    api<{ runs?: MlflowRun[]; next_page_token?: string }>('/api/2.0/mlflow/runs/search', {
      body: { experiment_ids: [id], max_results: RUNS_PAGE_SIZE, order_by: orderBy, ...(filter !== '' ? { filter } : {}) },
    }),
    filter !== '' ? sampleKeys(id) : Promise.resolve(undefined),
  ]);
  if (experimentAnswer.status === 'rejected') {
    const error: unknown = experimentAnswer.reason;
    if (error instanceof ApiError && (error.status === 404 || error.code === 'RESOURCE_DOES_NOT_EXIST')) notFound();
    throw error;
  }
  const { experiment } = experimentAnswer.value;
  let firstPage: { runs?: MlflowRun[]; next_page_token?: string } = {};
  let filterError: { message: string; column: number | undefined } | undefined;
  if (firstAnswer.status === 'fulfilled') firstPage = firstAnswer.value;
  else {
    const error: unknown = firstAnswer.reason;
    // A filter the grammar refuses is the user's typo, shown under the box, not a page error.
    if (!(error instanceof ApiError) || error.code !== 'INVALID_PARAMETER_VALUE') throw error;
    filterError = { message: error.message, column: searchErrorColumn(error.message) };
  }
  if (filteredKeys.status === 'rejected') throw filteredKeys.reason;
  // Without a filter the first page is the sample: the most recent runs, or the first in the chosen order.
  const keys = filteredKeys.value ?? keysOf(firstPage.runs ?? []);
  const columns = parseColumns(query.columns) ?? defaultColumns(keys);
  const experimentPath = encodeURIComponent(id);
  return (
    <>
      <h1>{experiment.name}</h1>
      <nav className="tabs" aria-label="Experiment sections">
        <Link href={`/experiments/${experimentPath}`} aria-current="page">
          Runs
        </Link>
        <Link href={`/traces?experiment=${experimentPath}`}>Traces</Link>
        <Link href={`/evaluations?experiment=${experimentPath}`}>Evaluations</Link>
      </nav>
      <RunsFilterBox filter={filter} error={filterError} />
      {filterError ? null : (
        <RunsTable
          key={`${filter}\u0000${orderBy.join(',')}`}
          experimentId={id}
          filter={filter}
          orderBy={orderBy}
          initialRuns={firstPage.runs ?? []}
          initialPageToken={firstPage.next_page_token}
          columns={columns}
          keys={keys}
          emptyMessage={
            filter !== ''
              ? 'No run matches this filter. Loosen it, or clear it to see every run.'
              : 'This experiment has no runs yet. Log one with the SDK: withRun({ runName: "baseline" }, (run) => run.logMetrics({ accuracy: 0.9 })), or fill a store with `assay demo`.'
          }
        />
      )}
    </>
  );
}
