import type { DuckDBValue } from '@duckdb/node-api';
import {
  RUN_FILTER_DIALECT,
  parseFilter,
  parseOrderBy,
  validateExperimentIds,
  validateMaxResults,
  validateViewType,
  type SearchRunsInput,
} from '@assay/core';
import { SqlParameters, compileFilter, compileOrderBy, decodePageToken, type FilterMapping } from './compile-filter.js';
import { RUN_FILTER_MAPPING } from './run-filter-mapping.js';
import { viewTypeCondition } from './view-type-condition.js';

/** The SQL of one page of a run search: the ids of `limit + 1` runs (one more tells whether a next page exists). */
export interface CompiledRunSearch {
  /** Selects `run_id` only, in the search's order (ties: start_time DESC, then run_id). */
  sql: string;
  values: DuckDBValue[];
  limit: number;
  offset: number;
}

/**
 * Checks a run search and compiles its page query; nothing is read. The
 * mapping is the run dialect's; bench/search compiles the same search with
 * another (joins on run_id, the layout before schema 8) to compare them.
 */
export function compileRunSearch(input: SearchRunsInput, mapping: FilterMapping = RUN_FILTER_MAPPING): CompiledRunSearch {
  const experimentIds = validateExperimentIds({ experimentIds: input?.experimentIds, operation: 'searchRuns' });
  const parameters = new SqlParameters();
  const conditions = [
    `r.experiment_id IN (${experimentIds.map((id) => parameters.add(id)).join(', ')})`,
    viewTypeCondition('r.lifecycle_stage', validateViewType(input.viewType)),
  ];
  const filter = parseFilter(input.filter, RUN_FILTER_DIALECT);
  if (filter) conditions.push(compileFilter(filter, mapping, parameters));
  const order = compileOrderBy(parseOrderBy(input.orderBy, RUN_FILTER_DIALECT), mapping, parameters);
  const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 1000, limit: 50_000 });
  const offset = decodePageToken(input.pageToken);
  const terms = [...order.terms, 'r.start_time DESC', 'r.run_id ASC'];
  // Order and page on ids alone, then read the page's rows: the sort never carries the summaries.
  // Filtering first and joining the sort keys onto the matches plans better than one flat query.
  const sql = `WITH matched AS (SELECT * FROM runs r WHERE ${conditions.join(' AND ')})
     SELECT r.run_id FROM matched r ${order.joins.join(' ')}
     ORDER BY ${terms.join(', ')} LIMIT ${limit + 1} OFFSET ${offset}`;
  return { sql, values: parameters.values, limit, offset };
}
