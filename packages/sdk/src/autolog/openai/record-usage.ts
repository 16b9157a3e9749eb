import { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES } from '@assay/core';
import type { AssaySpan } from '../../tracing/assay-span.js';

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Records token usage in both conventions: GenAI's counts and MLflow's `mlflow.chat.tokenUsage`. */
export function recordUsage(span: AssaySpan, usage: unknown, keys: { input: string; output: string; total: string }): void {
  if (typeof usage !== 'object' || usage === null) return;
  const record = usage as Record<string, unknown>;
  const input = count(record[keys.input]);
  const output = count(record[keys.output]) ?? 0;
  if (input === undefined) return;
  const total = count(record[keys.total]) ?? input + output;
  span.setAttribute(GEN_AI_ATTRIBUTES.usageInputTokens, input);
  span.setAttribute(GEN_AI_ATTRIBUTES.usageOutputTokens, output);
  // Finite counts: the JSON text is built as it is, not serialised.
  span.setJsonTextAttribute(ASSAY_ATTRIBUTES.tokenUsage, `{"input_tokens":${input},"output_tokens":${output},"total_tokens":${total}}`);
}
