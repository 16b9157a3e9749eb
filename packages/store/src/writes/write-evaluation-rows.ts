import type { DuckDBConnection } from '@duckdb/node-api';
import type { EvaluationRowRecord } from '@assay/core';

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/**
 * Stores evaluation rows inside the caller's transaction: rows logged again
 * (same run and index) replace the stored ones; new rows go through one
 * Appender (JSON columns as text, which DuckDB casts on append).
 */
export async function writeEvaluationRows(connection: DuckDBConnection, batches: readonly { runId: string; rows: EvaluationRowRecord[] }[]): Promise<void> {
  const runIds = [...new Set(batches.map((batch) => batch.runId))];
  for (const runId of runIds) {
    const indexes = batches.filter((batch) => batch.runId === runId).flatMap((batch) => batch.rows.map((row) => row.rowIndex));
    if (indexes.length === 0) continue;
    await connection.run('DELETE FROM evaluation_rows WHERE run_id = $1 AND list_contains($2::BIGINT[], row_index)', [runId, `[${indexes.join(',')}]`]);
  }
  const appender = await connection.createAppender('evaluation_rows');
  for (const { runId, rows } of batches) {
    for (const row of rows) {
      appender.appendVarchar(runId);
      appender.appendBigInt(BigInt(row.rowIndex));
      appender.appendVarchar(JSON.stringify(row.inputs));
      const output = json(row.output);
      if (output === null) appender.appendNull();
      else appender.appendVarchar(output);
      const targets = json(row.targets);
      if (targets === null) appender.appendNull();
      else appender.appendVarchar(targets);
      if (row.latencyMs === undefined) appender.appendNull();
      else appender.appendDouble(row.latencyMs);
      if (row.traceId === undefined) appender.appendNull();
      else appender.appendVarchar(row.traceId);
      if (row.error === undefined) appender.appendNull();
      else appender.appendVarchar(row.error);
      appender.appendVarchar(JSON.stringify(row.metrics));
      if (row.justifications === undefined) appender.appendNull();
      else appender.appendVarchar(JSON.stringify(row.justifications));
      appender.endRow();
    }
  }
  appender.closeSync();
}
