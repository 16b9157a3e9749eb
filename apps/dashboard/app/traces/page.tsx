import { ApiError, api } from '@/lib/assay-api';
import { listTraceExperiments, searchedExperimentIds } from '@/lib/traces-experiments';
import { rawFilterError, traceFilterOf, traceOrderOf, type TracesQuery } from '@/lib/traces-filter';
import type { TraceSearchAnswer } from '@/lib/traces-types';
import { TracesFilters } from '@/components/traces-filters';
import { TracesTable, type TraceSearchRequest } from '@/components/traces-table';
import { TracesTabs } from './traces-tabs';

export const metadata = { title: 'Traces' };

const PAGE_SIZE = 50;

export default async function TracesPage({ searchParams }: { searchParams: Promise<TracesQuery> }) {
  const query = await searchParams;
  const experiments = await listTraceExperiments();
  const experimentIds = searchedExperimentIds(experiments, query.experiment);
  const filter = traceFilterOf(query, Date.now());
  const request: TraceSearchRequest = { experiment_ids: experimentIds, ...(filter !== undefined ? { filter } : {}), order_by: traceOrderOf(query), max_results: PAGE_SIZE };
  let answer: TraceSearchAnswer = {};
  let filterError: string | undefined;
  if (experimentIds.length > 0) {
    try {
      answer = await api<TraceSearchAnswer>('/api/assay/v1/traces/search', { body: request });
    } catch (error) {
      // A filter the grammar refuses is the user's to fix: say why beside the filter box.
      if (error instanceof ApiError && error.status === 400) filterError = rawFilterError(error.message, query);
      else throw error;
    }
  }
  const filtered = filter !== undefined;
  const listKey = JSON.stringify(request);
  return (
    <>
      <h1>Traces</h1>
      <TracesTabs current="traces" experiment={query.experiment} />
      <TracesFilters key={`filters ${listKey}`} experiments={experiments} {...(filterError !== undefined ? { filterError } : {})} />
      {filterError !== undefined ? null : (answer.traces ?? []).length === 0 ? (
        filtered ? (
          <p className="empty">No trace matches these filters. Loosen them, or clear them to see every trace.</p>
        ) : (
          <div className="empty">
            <h2>No traces yet</h2>
            <p>
              Traces appear here when an app logs them: call <code>autolog()</code> from <code>@assay/sdk</code> before your OpenAI or LangChain calls, wrap your own steps in{' '}
              <code>withSpan()</code>, or send OpenTelemetry spans to <code>/v1/traces</code>. <code>assay demo</code> fills a store with examples.
            </p>
          </div>
        )
      ) : (
        <TracesTable key={`table ${listKey}`} request={request} initial={answer} />
      )}
    </>
  );
}
