import type { SearchTracesResult, Trace } from '@assay/core';
import { defaultAssay, defaultRuntime } from '../assay/default-assay.js';
import { enableAutolog, type AutologOptions, type AutologResult } from '../autolog/autolog.js';
import type { AssaySpanProcessor } from '../export/assay-span-processor.js';
import type { ExportStats, SpanExportQueueOptions } from '../export/span-export-queue.js';
import type { AssaySpan } from '../tracing/assay-span.js';
import type { StartSpanOptions } from '../tracing/start-span.js';
import { traceFunction, type TraceOptions } from '../tracing/trace-function.js';
import type { DeleteTracesOptions, SearchTracesOptions } from '../tracing/trace-queries.js';
import type { UpdateCurrentTraceOptions } from '../tracing/update-current-trace.js';
import type { WithSpanOptions } from '../tracing/with-span.js';

/**
 * Traces every OpenAI and LangChain call of the app from now on: one line at
 * start-up. Calls become spans (a LangChain chain a tree of them) with
 * inputs, outputs, models, token usage and errors, exported in the
 * background to the tracking store. Calling it again applies the new
 * options; `autolog({ disable: true })` undoes it. Integrations whose
 * package is not installed are skipped.
 *
 * @example
 * import { autolog } from '@assay/sdk';
 * autolog();
 * const answer = await new OpenAI().chat.completions.create({ model: 'gpt-4o-mini', messages });
 */
export function autolog(options?: AutologOptions): AutologResult {
  return enableAutolog(() => defaultRuntime().tracing, options);
}

/**
 * Wraps a function so that each call is a span: sync and async functions and
 * async generator functions (whose span ends when the generator completes,
 * throws or is returned early). Calls made inside become child spans. Errors
 * are recorded on the span and rethrown unchanged; results pass through.
 *
 * @example
 * const answer = trace(async (question: string) => llm.ask(question), { name: 'answer', spanType: 'CHAIN' });
 */
export function trace<F extends (...args: never[]) => unknown>(fn: F, options?: TraceOptions): F {
  return traceFunction(() => defaultRuntime().tracing, fn, options);
}

/**
 * Runs `callback` inside a new span, current for everything the callback
 * calls or awaits (spans started there become its children). The span ends
 * when the callback returns or its promise settles; the result becomes the
 * outputs unless the callback called `span.setOutputs` or the options say
 * `captureOutputs: false` (for results that must not be stored). An error is
 * recorded on the span and rethrown unchanged.
 *
 * @example
 * const answer = await withSpan({ name: 'retrieve', spanType: 'RETRIEVER' }, async (span) => {
 *   span.setInputs({ query });
 *   return search(query);
 * });
 */
export function withSpan<T>(options: string | WithSpanOptions, callback: (span: AssaySpan) => T): T {
  return defaultAssay().withSpan(options, callback);
}

/**
 * Starts a span and returns its handle; the caller must `end()` it. It does
 * not become the current span: pass it as `parent` to nest spans under it,
 * or use `withSpan`, which does both.
 */
export function startSpan(options: StartSpanOptions): AssaySpan {
  return defaultAssay().startSpan(options);
}

/**
 * Sets tags, metadata, session and user of the trace the caller is in (they
 * are stored on its root span). Outside of a trace it warns and does nothing.
 */
export function updateCurrentTrace(options: UpdateCurrentTraceOptions): void {
  defaultAssay().updateCurrentTrace(options);
}

/** The id (`tr-…`) of the last trace whose root span ended in this process, or undefined. */
export function getLastTraceId(): string | undefined {
  return defaultAssay().getLastTraceId();
}

/**
 * Finds traces (their summaries) in the given experiments, by default the
 * current one. Spans this process finished are written first, so it sees its
 * own traces.
 */
export function searchTraces(options?: SearchTracesOptions): Promise<SearchTracesResult> {
  return defaultAssay().searchTraces(options);
}

/** One trace with its spans (parents before children); throws NotFoundError for an unknown id. */
export function getTrace(traceId: string): Promise<Trace> {
  return defaultAssay().getTrace(traceId);
}

/** Deletes traces and their spans; returns how many traces were deleted. */
export function deleteTraces(options: DeleteTracesOptions): Promise<number> {
  return defaultAssay().deleteTraces(options);
}

/**
 * Assay's span processor, for an application that has its own
 * OpenTelemetry TracerProvider: add it to the provider's `spanProcessors`
 * and its spans are stored like Assay's. `flush()` and `getExportStats()`
 * cover it until it is shut down.
 *
 * @example
 * new NodeTracerProvider({ spanProcessors: [createAssaySpanProcessor(), otlpProcessor] })
 */
export function createAssaySpanProcessor(options?: SpanExportQueueOptions): AssaySpanProcessor {
  return defaultAssay().createSpanProcessor(options);
}

/**
 * How span export is going, summed over the default instance's span
 * processors: spans written, dropped because the queue was full, given up
 * after failures, and still queued.
 */
export function getExportStats(): ExportStats {
  return defaultAssay().getExportStats();
}
