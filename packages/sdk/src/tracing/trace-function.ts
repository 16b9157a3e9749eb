import type { SpanType } from '@assay/core';
import type { AssaySpan } from './assay-span.js';
import { runInSpan, type RunInSpanOptions } from './run-in-span.js';
import { startSpan, type StartSpanOptions } from './start-span.js';

/** Options of `trace`. */
export interface TraceOptions {
  /** The span name; default the function's name. */
  name?: string;
  /** Default UNKNOWN. */
  spanType?: SpanType;
  /** Record the arguments as inputs (one argument as itself, several as an array). Default true. */
  captureInputs?: boolean;
  /** Record the result (for async generators: the yielded values) as outputs. Default true. */
  captureOutputs?: boolean;
  /** Extra attributes of every span: strings, numbers and booleans as they are, other values as JSON. */
  attributes?: Record<string, unknown>;
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
export function trace<F extends (...args: never[]) => unknown>(fn: F, options: TraceOptions = {}): F {
  const name = options.name ?? (fn.name || 'anonymous');
  const captureInputs = options.captureInputs ?? true;
  const captureOutputs = options.captureOutputs ?? true;
  // Built once: every call starts its span with the same options.
  const spanOptions: StartSpanOptions = {
    name,
    ...(options.spanType !== undefined ? { spanType: options.spanType } : {}),
    ...(options.attributes !== undefined ? { attributes: options.attributes } : {}),
  };
  const runOptions: RunInSpanOptions = { outputs: captureOutputs ? 'always' : 'never' };
  const traced = function (this: unknown, ...args: Parameters<F>): ReturnType<F> {
    let span: AssaySpan;
    try {
      span = startSpan(spanOptions);
      if (captureInputs && args.length > 0) span.setInputs(args.length === 1 ? args[0] : args);
    } catch (error) {
      console.warn(`[assay] could not start span ${name}: ${error instanceof Error ? error.message : String(error)}`);
      return fn.apply(this, args) as ReturnType<F>;
    }
    return runInSpan(span, runOptions, () => fn.apply(this, args) as ReturnType<F>);
  };
  Object.defineProperty(traced, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(traced, 'length', { value: fn.length, configurable: true });
  return traced as unknown as F;
}
