import { getStore } from '@assay/sdk';
import type { EvaluatedRow } from './evaluation-result.js';

/** Stores the per-row table in the store's `evaluation_rows` table (queryable with `assay sql`). */
export async function storeEvaluationRows(runId: string, rows: readonly EvaluatedRow[]): Promise<void> {
  const store = await getStore();
  await store.logEvaluationRows({
    runId,
    rows: rows.map((row) => ({
      rowIndex: row.index,
      inputs: row.inputs,
      output: row.output,
      targets: row.targets,
      ...(row.latencyMs !== undefined ? { latencyMs: row.latencyMs } : {}),
      ...(row.traceId !== undefined ? { traceId: row.traceId } : {}),
      ...(row.error !== undefined ? { error: row.error } : {}),
      metrics: row.metrics,
      ...(Object.keys(row.justifications).length > 0 ? { justifications: row.justifications } : {}),
    })),
  });
}
