import type { SpanType } from '@assay/core';
import type { AssaySpan } from './assay-span.js';
import { runInSpan, type RunInSpanOptions } from './run-in-span.js';
import { startSpan } from './start-span.js';
import type { TracingRuntime } from './tracing-runtime.js';

/** Options of `withSpan` (or just the span name). */
export interface WithSpanOptions {
  name: string;
  /** Default UNKNOWN. */
  spanType?: SpanType;
  /** The operation's inputs (any value; stored as JSON). */
  inputs?: unknown;
  /**
   * Record the callback's result (for an async generator: the yielded values)
   * as outputs when the callback set none. Default true; `false` keeps the
   * result out of the span (as `trace`'s `captureOutputs: false`), while
   * outputs the callback sets with `span.setOutputs` are still recorded.
   */
  captureOutputs?: boolean;
  /** Extra attributes: strings, numbers and booleans as they are, other values as JSON. */
  attributes?: Record<string, unknown>;
}

const RECORD_RESULT: RunInSpanOptions = { outputs: 'unless-set' };
const KEEP_RESULT_OUT: RunInSpanOptions = { outputs: 'never' };

/** Runs `callback` inside a new span, current for everything it calls or awaits (see `Assay.withSpan`). */
export function withSpan<T>(tracing: TracingRuntime, options: string | WithSpanOptions, callback: (span: AssaySpan) => T): T {
  const spanOptions = typeof options === 'string' ? { name: options } : options;
  const span = startSpan(tracing, spanOptions);
  // Only an explicit false turns recording off, as `trace` reads `captureOutputs`.
  const captureOutputs = typeof options === 'string' || options.captureOutputs !== false;
  return runInSpan(span, captureOutputs ? RECORD_RESULT : KEEP_RESULT_OUT, () => callback(span));
}
