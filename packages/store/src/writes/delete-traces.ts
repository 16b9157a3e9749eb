import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { ValidDeleteTraces } from '@assay/core';
import { forgetSpanWriterState } from './write-spans.js';

/** Deletes the selected traces of one experiment with their spans, tags and assessments; returns how many. Runs inside the caller's transaction. */
export async function deleteTraces(connection: DuckDBConnection, selection: ValidDeleteTraces): Promise<number> {
  const { experimentId } = selection;
  const selected =
    selection.by === 'ids'
      ? await connection.runAndReadAll('SELECT trace_id FROM traces WHERE experiment_id = $1 AND trace_id IN (SELECT unnest($2))', [
          experimentId,
          listValue(selection.traceIds),
        ])
      : await connection.runAndReadAll(
          `SELECT trace_id FROM traces WHERE experiment_id = $1 AND request_time <= $2 ORDER BY request_time ASC, trace_id ASC ${
            selection.maxTraces === undefined ? '' : `LIMIT ${selection.maxTraces}`
          }`,
          [experimentId, selection.maxTimestampMillis],
        );
  const ids = selected.getRows().map(([traceId]) => String(traceId));
  if (ids.length === 0) return 0;
  for (const table of ['spans', 'trace_tags', 'assessments', 'traces']) {
    await connection.run(`DELETE FROM ${table} WHERE trace_id IN (SELECT unnest($1))`, [listValue(ids)]);
  }
  forgetSpanWriterState(connection, ids);
  return ids.length;
}
