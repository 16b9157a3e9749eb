import type { SpanType } from '@assay/core';
import type { AssaySpan } from './assay-span.js';
import { runInSpan } from './run-in-span.js';
import { startSpan } from './start-span.js';

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

/**
 * Runs `callback` inside a new span, current for everything the callback
 * calls or awaits (spans started there become its children). The span ends
 * when the callback returns or its promise settles; the result becomes the
 * outputs unless the callback called `span.setOutputs`. An error is recorded
 * on the span and rethrown unchanged.
 *
 * @example
 * const answer = await withSpan({ name: 'retrieve', spanType: 'RETRIEVER' }, async (span) => {
 *   span.setInputs({ query });
 *   return search(query);
 * });
 */
export function withSpan<T>(options: string | WithSpanOptions, callback: (span: AssaySpan) => T): T {
  const span = startSpan(typeof options === 'string' ? { name: options } : options);
  return runInSpan(span, { outputs: 'unless-set' }, () => callback(span));
}
