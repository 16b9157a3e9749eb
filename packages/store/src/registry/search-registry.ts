import type { DuckDBConnection } from '@duckdb/node-api';
import {
  MODEL_VERSION_FILTER_DIALECT,
  REGISTERED_MODEL_FILTER_DIALECT,
  parseFilter,
  parseOrderBy,
  validateMaxResults,
  type ModelVersion,
  type Page,
  type RegisteredModel,
  type SearchModelVersionsInput,
  type SearchRegisteredModelsInput,
} from '@assay/core';
import { SqlParameters, compileFilter, compileOrderBy, decodePageToken, encodePageToken } from '../queries/compile-filter.js';
import { readModelVersions } from './read-model-versions.js';
import { readRegisteredModels } from './read-registered-models.js';
import { MODEL_VERSION_FILTER_MAPPING, REGISTERED_MODEL_FILTER_MAPPING } from './registry-filter-mappings.js';

/** One page of registered models matching a search (MLflow's defaults: 100 per page, by name). */
export async function searchRegisteredModels(connection: DuckDBConnection, input: SearchRegisteredModelsInput = {}): Promise<Page<RegisteredModel>> {
  const parameters = new SqlParameters();
  const filter = parseFilter(input.filter, REGISTERED_MODEL_FILTER_DIALECT);
  const where = filter ? compileFilter(filter, REGISTERED_MODEL_FILTER_MAPPING, parameters) : 'TRUE';
  const order = compileOrderBy(parseOrderBy(input.orderBy, REGISTERED_MODEL_FILTER_DIALECT), REGISTERED_MODEL_FILTER_MAPPING, parameters);
  const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 100, limit: 1000 });
  const offset = decodePageToken(input.pageToken);
  const models = await readRegisteredModels(connection, {
    where,
    values: parameters.values,
    joins: order.joins.join(' '),
    suffix: `ORDER BY ${[...order.terms, 'm.name ASC'].join(', ')} LIMIT ${limit + 1} OFFSET ${offset}`,
  });
  return { items: models.slice(0, limit), ...(models.length > limit ? { nextPageToken: encodePageToken(offset + limit) } : {}) };
}

/** One page of model versions matching a search, by name then newest version unless ordered otherwise. */
export async function searchModelVersions(connection: DuckDBConnection, input: SearchModelVersionsInput = {}): Promise<Page<ModelVersion>> {
  const parameters = new SqlParameters();
  const filter = parseFilter(input.filter, MODEL_VERSION_FILTER_DIALECT);
  const where = filter ? compileFilter(filter, MODEL_VERSION_FILTER_MAPPING, parameters) : 'TRUE';
  const order = compileOrderBy(parseOrderBy(input.orderBy, MODEL_VERSION_FILTER_DIALECT), MODEL_VERSION_FILTER_MAPPING, parameters);
  const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 10_000, limit: 200_000 });
  const offset = decodePageToken(input.pageToken);
  const versions = await readModelVersions(connection, {
    where,
    values: parameters.values,
    joins: order.joins.join(' '),
    suffix: `ORDER BY ${[...order.terms, 'm.name ASC', 'v.version DESC'].join(', ')} LIMIT ${limit + 1} OFFSET ${offset}`,
    // Without a filter every version matches: order them by key alone, then read the page's rows.
    keysFirst: !filter,
  });
  return { items: versions.slice(0, limit), ...(versions.length > limit ? { nextPageToken: encodePageToken(offset + limit) } : {}) };
}
