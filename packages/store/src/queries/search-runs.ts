import type { DuckDBConnection } from '@duckdb/node-api';
import {
  RUN_FILTER_DIALECT,
  parseFilter,
  parseOrderBy,
  validateExperimentIds,
  validateMaxResults,
  validateViewType,
  type SearchRunsInput,
  type SearchRunsResult,
} from '@assay/core';
import { attachRunInputs } from './attach-run-inputs.js';
import { SqlParameters, compileFilter, compileOrderBy, decodePageToken, encodePageToken } from './compile-filter.js';
import { readRuns } from './read-runs.js';
import { RUN_FILTER_MAPPING } from './run-filter-mapping.js';
import { viewTypeCondition } from './view-type-condition.js';

/** One page of the runs of some experiments that match a search; the input is checked before anything is read. */
export async function searchRuns(connection: DuckDBConnection, input: SearchRunsInput): Promise<SearchRunsResult> {
  const experimentIds = validateExperimentIds({ experimentIds: input?.experimentIds, operation: 'searchRuns' });
  const parameters = new SqlParameters();
  const conditions = [
    `r.experiment_id IN (${experimentIds.map((id) => parameters.add(id)).join(', ')})`,
    viewTypeCondition('r.lifecycle_stage', validateViewType(input.viewType)),
  ];
  const filter = parseFilter(input.filter, RUN_FILTER_DIALECT);
  if (filter) conditions.push(compileFilter(filter, RUN_FILTER_MAPPING, parameters));
  const order = compileOrderBy(parseOrderBy(input.orderBy, RUN_FILTER_DIALECT), RUN_FILTER_MAPPING, parameters);
  const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 1000, limit: 50_000 });
  const offset = decodePageToken(input.pageToken);
  const terms = [...order.terms, 'r.start_time DESC', 'r.run_id ASC'];
  // Order and page on ids alone, then read the page's rows: the sort never carries the summaries.
  // Filtering first and joining the sort keys onto the matches plans better than one flat query.
  const page = await connection.runAndReadAll(
    `WITH matched AS (SELECT * FROM runs r WHERE ${conditions.join(' AND ')})
     SELECT r.run_id FROM matched r ${order.joins.join(' ')}
     ORDER BY ${terms.join(', ')} LIMIT ${limit + 1} OFFSET ${offset}`,
    parameters.values,
  );
  const ids = page.getRows().map(([runId]) => String(runId));
  const hasMore = ids.length > limit;
  if (ids.length === 0) return { runs: [] };
  // A literal IN list is pushed into the scan, so only the page's summaries are read.
  const placeholders = ids.map((_, index) => `$${index + 1}`).join(', ');
  const rows = await attachRunInputs(connection, await readRuns(connection, { where: `r.run_id IN (${placeholders})`, values: ids }));
  const byId = new Map(rows.map((run) => [run.info.runId, run]));
  const runs = ids.map((runId) => byId.get(runId)!);
  return { runs: runs.slice(0, limit), ...(hasMore ? { nextPageToken: encodePageToken(offset + limit) } : {}) };
}
