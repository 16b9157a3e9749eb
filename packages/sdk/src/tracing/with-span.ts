import type { SpanType } from '@assay/core';
import type { AssaySpan } from './assay-span.js';
import { runInSpan } from './run-in-span.js';
import { startSpan } from './start-span.js';
import type { TracingRuntime } from './tracing-runtime.js';

/** Options of `withSpan` (or just the span name). */
export interface WithSpanOptions {
  name: string;
  /** Default UNKNOWN. */
  spanType?: SpanType;
  /** The operation's inputs (any value; stored as JSON). */
  inputs?: unknown;
  /** Extra attributes: strings, numbers and booleans as they are, other values as JSON. */
  attributes?: Record<string, unknown>;
}

/** Runs `callback` inside a new span, current for everything it calls or awaits (see `Assay.withSpan`). */
export function withSpan<T>(tracing: TracingRuntime, options: string | WithSpanOptions, callback: (span: AssaySpan) => T): T {
  const span = startSpan(tracing, typeof options === 'string' ? { name: options } : options);
  return runInSpan(span, { outputs: 'unless-set' }, () => callback(span));
}
