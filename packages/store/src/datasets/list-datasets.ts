import type { DuckDBConnection } from '@duckdb/node-api';
import { validateMaxResults, type DatasetSummary, type ListDatasetsInput, type Page } from '@assay/core';
import { decodePageToken, encodePageToken } from '../queries/compile-filter.js';
import { DATASET_COLUMNS, toDatasetInfo } from './read-dataset.js';
import { toNumber } from '../queries/to-number.js';

/** One page of datasets: the latest version of each, by name, with its number of versions. */
export async function listDatasets(connection: DuckDBConnection, input: ListDatasetsInput = {}): Promise<Page<DatasetSummary>> {
  const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 100, limit: 1000 });
  const offset = decodePageToken(input.pageToken);
  const result = await connection.runAndReadAll(
    `SELECT ${DATASET_COLUMNS}, c.version_count FROM datasets d
     JOIN (SELECT name, max(version) AS latest, count(*) AS version_count FROM datasets GROUP BY name) c
       ON d.name = c.name AND d.version = c.latest
     ORDER BY d.name LIMIT ${limit + 1} OFFSET ${offset}`,
  );
  const items = result.getRows().map((row): DatasetSummary => ({ ...toDatasetInfo(row), versionCount: toNumber(row[10]) }));
  const hasMore = items.length > limit;
  return { items: items.slice(0, limit), ...(hasMore ? { nextPageToken: encodePageToken(offset + limit) } : {}) };
}
