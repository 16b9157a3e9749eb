import type { DuckDBConnection } from '@duckdb/node-api';
import {
  TRACE_FILTER_DIALECT,
  parseFilter,
  parseOrderBy,
  validateExperimentIds,
  validateMaxResults,
  type SearchTracesInput,
  type SearchTracesResult,
} from '@assay/core';
import { SqlParameters, compileFilter, compileOrderBy, decodePageToken, encodePageToken } from './compile-filter.js';
import { readTraceInfos } from './read-trace-infos.js';
import { TRACE_FILTER_MAPPING } from './trace-filter-mapping.js';

/** One page of the trace summaries of some experiments that match a search; the input is checked before anything is read. */
export async function searchTraces(connection: DuckDBConnection, input: SearchTracesInput): Promise<SearchTracesResult> {
  const experimentIds = validateExperimentIds({ experimentIds: input?.experimentIds, operation: 'searchTraces' });
  const parameters = new SqlParameters();
  const conditions = [`t.experiment_id IN (${experimentIds.map((id) => parameters.add(id)).join(', ')})`];
  if (input.runId !== undefined) conditions.push(`t.run_id = ${parameters.add(String(input.runId))}`);
  const filter = parseFilter(input.filter, TRACE_FILTER_DIALECT);
  if (filter) conditions.push(compileFilter(filter, TRACE_FILTER_MAPPING, parameters));
  const orderBy = parseOrderBy(input.orderBy ?? ['timestamp_ms DESC'], TRACE_FILTER_DIALECT);
  const order = compileOrderBy(orderBy, TRACE_FILTER_MAPPING, parameters);
  const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 100, limit: 500 });
  const offset = decodePageToken(input.pageToken);
  const terms = [...order.terms, 't.request_time DESC', 't.trace_id ASC'];
  const traces = await readTraceInfos(connection, {
    where: conditions.join(' AND '),
    values: parameters.values,
    suffix: `ORDER BY ${terms.join(', ')} LIMIT ${limit + 1} OFFSET ${offset}`,
  });
  const hasMore = traces.length > limit;
  return { traces: traces.slice(0, limit), ...(hasMore ? { nextPageToken: encodePageToken(offset + limit) } : {}) };
}
