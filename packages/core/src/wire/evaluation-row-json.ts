import type { EvaluationRowRecord } from '../entities/evaluation-row.js';

/** An evaluation row in Assay's HTTP API (`/api/assay/v1/...`): snake_case, absent fields left out. */
export interface EvaluationRowJson {
  row_index: number;
  inputs: Record<string, unknown>;
  output?: unknown;
  targets?: unknown;
  latency_ms?: number;
  trace_id?: string;
  error?: string;
  metrics: Record<string, number | null>;
  justifications?: Record<string, string>;
}

/** An evaluation row as Assay's HTTP API carries it, both ways (the server's answers, the SDK's writes). */
export function toEvaluationRowJson(row: EvaluationRowRecord): EvaluationRowJson {
  return {
    row_index: row.rowIndex,
    inputs: row.inputs,
    ...(row.output !== undefined ? { output: row.output } : {}),
    ...(row.targets !== undefined ? { targets: row.targets } : {}),
    ...(row.latencyMs !== undefined ? { latency_ms: row.latencyMs } : {}),
    ...(row.traceId !== undefined ? { trace_id: row.traceId } : {}),
    ...(row.error !== undefined ? { error: row.error } : {}),
    metrics: row.metrics,
    ...(row.justifications !== undefined ? { justifications: row.justifications } : {}),
  };
}
