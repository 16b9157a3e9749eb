import type { DuckDBConnection } from '@duckdb/node-api';
import {
  EXPERIMENT_FILTER_DIALECT,
  parseFilter,
  parseOrderBy,
  validateMaxResults,
  validateViewType,
  type Experiment,
  type Page,
  type SearchExperimentsInput,
} from '@assay/core';
import { SqlParameters, compileFilter, compileOrderBy, decodePageToken, encodePageToken } from './compile-filter.js';
import { EXPERIMENT_FILTER_MAPPING } from './experiment-filter-mapping.js';
import { readExperiments } from './read-experiments.js';
import { viewTypeCondition } from './view-type-condition.js';

/** One page of experiments matching a search; the input is checked before anything is read. */
export async function searchExperiments(connection: DuckDBConnection, input: SearchExperimentsInput = {}): Promise<Page<Experiment>> {
  const parameters = new SqlParameters();
  const conditions = [viewTypeCondition('e.lifecycle_stage', validateViewType(input.viewType))];
  const filter = parseFilter(input.filter, EXPERIMENT_FILTER_DIALECT);
  if (filter) conditions.push(compileFilter(filter, EXPERIMENT_FILTER_MAPPING, parameters));
  const order = compileOrderBy(parseOrderBy(input.orderBy, EXPERIMENT_FILTER_DIALECT), EXPERIMENT_FILTER_MAPPING, parameters);
  const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 1000, limit: 50_000 });
  const offset = decodePageToken(input.pageToken);
  const terms = [...order.terms, 'e.creation_time DESC', 'TRY_CAST(e.experiment_id AS BIGINT) DESC'];
  const experiments = await readExperiments(connection, {
    where: conditions.join(' AND '),
    values: parameters.values,
    joins: order.joins.join(' '),
    suffix: `ORDER BY ${terms.join(', ')} LIMIT ${limit + 1} OFFSET ${offset}`,
  });
  const hasMore = experiments.length > limit;
  return {
    items: experiments.slice(0, limit),
    ...(hasMore ? { nextPageToken: encodePageToken(offset + limit) } : {}),
  };
}
