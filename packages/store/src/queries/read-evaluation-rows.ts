import type { DuckDBConnection } from '@duckdb/node-api';
import type { EvaluationRowRecord, ValidReadEvaluationRows } from '@assay/core';

function parse(value: unknown): unknown {
  return value === null || value === undefined ? undefined : (JSON.parse(String(value)) as unknown);
}

/** A run's evaluation rows by row index, one page. */
export async function readEvaluationRows(connection: DuckDBConnection, { runId, limit, offset }: ValidReadEvaluationRows): Promise<EvaluationRowRecord[]> {
  const result = await connection.runAndReadAll(
    `SELECT row_index, inputs, output, targets, latency_ms, trace_id, error, metrics, justifications
       FROM evaluation_rows WHERE run_id = $1 ORDER BY row_index LIMIT ${limit} OFFSET ${offset}`,
    [runId],
  );
  return result.getRows().map(([rowIndex, inputs, output, targets, latencyMs, traceId, error, metrics, justifications]) => {
    const row: EvaluationRowRecord = {
      rowIndex: Number(rowIndex),
      inputs: parse(inputs) as Record<string, unknown>,
      metrics: parse(metrics) as Record<string, number | null>,
    };
    const outputValue = parse(output);
    if (outputValue !== undefined) row.output = outputValue;
    const targetsValue = parse(targets);
    if (targetsValue !== undefined) row.targets = targetsValue;
    if (latencyMs !== null) row.latencyMs = Number(latencyMs);
    if (traceId !== null) row.traceId = String(traceId);
    if (error !== null) row.error = String(error);
    const justificationsValue = parse(justifications);
    if (justificationsValue !== undefined) row.justifications = justificationsValue as Record<string, string>;
    return row;
  });
}
