import { errorMessage, type SpanType } from '@assay/core';
import type { AssaySpan } from './assay-span.js';
import { runInSpan, type RunInSpanOptions } from './run-in-span.js';
import { startSpan, type StartSpanOptions } from './start-span.js';
import type { TracingRuntime } from './tracing-runtime.js';

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
 * Wraps a function so that each call is a span (see `Assay.trace`). The
 * tracing state is looked up on each call: the default instance may be
 * replaced between calls (tests reset it).
 */
export function traceFunction<F extends (...args: never[]) => unknown>(tracing: () => TracingRuntime, fn: F, options: TraceOptions = {}): F {
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
      span = startSpan(tracing(), spanOptions);
      if (captureInputs && args.length > 0) span.setInputs(args.length === 1 ? args[0] : args);
    } catch (error) {
      console.warn(`[assay] could not start span ${name}: ${errorMessage(error)}`);
      return fn.apply(this, args) as ReturnType<F>;
    }
    return runInSpan(span, runOptions, () => fn.apply(this, args) as ReturnType<F>);
  };
  Object.defineProperty(traced, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(traced, 'length', { value: fn.length, configurable: true });
  return traced as unknown as F;
}
