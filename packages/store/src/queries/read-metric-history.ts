import type { DuckDBConnection } from '@duckdb/node-api';
import type { GetMetricHistoryInput, Metric } from '@assay/core';
import { assertRunExists } from './assert-run-exists.js';
import { toNumber } from './to-number.js';

/** Every point of one metric of a run, by step, then timestamp; NotFoundError for an unknown run. */
export async function readMetricHistory(connection: DuckDBConnection, { runId, key }: GetMetricHistoryInput): Promise<Metric[]> {
  await assertRunExists(connection, { runId });
  const result = await connection.runAndReadAll(
    'SELECT key, value, timestamp, step FROM metrics WHERE run_id = $1 AND key = $2 ORDER BY step, timestamp',
    [String(runId), String(key)],
  );
  return result.getRows().map(([metricKey, value, timestamp, step]) => ({
    key: String(metricKey),
    value: toNumber(value),
    timestamp: toNumber(timestamp),
    step: toNumber(step),
  }));
}
