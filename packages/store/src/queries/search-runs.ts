import type { DuckDBConnection } from '@duckdb/node-api';
import type { SearchRunsInput, SearchRunsResult } from '@assay/core';
import { attachRunInputs } from './attach-run-inputs.js';
import { encodePageToken } from './compile-filter.js';
import { compileRunSearch } from './compile-run-search.js';
import { readRuns } from './read-runs.js';

/** One page of the runs of some experiments that match a search; the input is checked before anything is read. */
export async function searchRuns(connection: DuckDBConnection, input: SearchRunsInput): Promise<SearchRunsResult> {
  const { sql, values, limit, offset } = compileRunSearch(input);
  const page = await connection.runAndReadAll(sql, values);
  const ids = page.getRows().map(([runId]) => String(runId));
  const hasMore = ids.length > limit;
  if (ids.length === 0) return { runs: [] };
  const rows = await attachRunInputs(connection, await readPageRuns(connection, ids));
  const byId = new Map(rows.map((run) => [run.info.runId, run]));
  const runs = ids.map((runId) => byId.get(runId)!);
  return { runs: runs.slice(0, limit), ...(hasMore ? { nextPageToken: encodePageToken(offset + limit) } : {}) };
}

/** The runs of a page, by id (in no order). A literal IN list is pushed into the scan, so only the page's summaries are read. */
export function readPageRuns(connection: DuckDBConnection, ids: readonly string[]): ReturnType<typeof readRuns> {
  const placeholders = ids.map((_, index) => `$${index + 1}`).join(', ');
  return readRuns(connection, { where: `r.run_id IN (${placeholders})`, values: [...ids] });
}
