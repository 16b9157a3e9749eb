import type { Context } from '@opentelemetry/api';
import { ASSAY_ATTRIBUTES } from '@assay/core';
import { openTelemetry } from '../tracer/otel-api.js';
import { currentTraceContext } from '../tracer/trace-context.js';
import type { PromptUse } from '../prompts/prompt-links.js';
import { LINKED_PROMPTS_TAG, PROMPT_TRACE_TAG_PREFIX } from '../prompts/prompt-tags.js';
import type { TracingRuntime } from './tracing-runtime.js';

function linkedSoFar(tag: string | undefined): { name: string; version: string }[] {
  try {
    const parsed: unknown = tag === undefined ? [] : JSON.parse(tag);
    return Array.isArray(parsed) ? (parsed as { name: string; version: string }[]) : [];
  } catch {
    return [];
  }
}

/**
 * Records prompt versions on the open trace of `context` (default the
 * current one) as tags: MLflow's `mlflow.linkedPrompts` (JSON `[{ name,
 * version }]`) and `assay.prompt.<name>` = version, which a trace search
 * filters on. Outside of an open trace it does nothing.
 */
export function linkPromptsToTrace(tracing: TracingRuntime, uses: readonly PromptUse[], context: Context = currentTraceContext()): void {
  if (uses.length === 0 || tracing.rootSpans.size === 0) return;
  const traceId = openTelemetry().trace.getSpanContext(context)?.traceId;
  const entry = traceId === undefined ? undefined : tracing.rootSpans.get(traceId);
  if (!entry) return;
  const linked = linkedSoFar(entry.tags[LINKED_PROMPTS_TAG]);
  for (const { name, version } of uses) {
    if (!linked.some((known) => known.name === name && known.version === String(version))) linked.push({ name, version: String(version) });
    entry.tags[`${PROMPT_TRACE_TAG_PREFIX}${name}`] = String(version);
  }
  entry.tags[LINKED_PROMPTS_TAG] = JSON.stringify(linked);
  entry.span.setAttribute(ASSAY_ATTRIBUTES.traceTags, JSON.stringify(entry.tags));
}
