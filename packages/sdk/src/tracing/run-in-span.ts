import type { AssaySpan } from './assay-span.js';
import { runInTraceContext } from '../tracer/trace-context.js';

/** Yielded values kept as a generator span's outputs at most. */
export const MAX_COLLECTED_ITEMS = 1_000;

/** How `runInSpan` records the callback's result. */
export interface RunInSpanOptions {
  /** `always`: the result becomes the outputs; `unless-set`: only when none were set; `never`. */
  outputs: 'always' | 'unless-set' | 'never';
}

function isAsyncGenerator(value: unknown): value is AsyncGenerator<unknown, unknown, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AsyncGenerator)[Symbol.asyncIterator] === 'function' &&
    typeof (value as AsyncGenerator).next === 'function' &&
    typeof (value as AsyncGenerator).return === 'function' &&
    typeof (value as AsyncGenerator).throw === 'function'
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

function finishWithResult(span: AssaySpan, options: RunInSpanOptions, result: unknown): void {
  if (options.outputs === 'always' || (options.outputs === 'unless-set' && !span.hasOutputs && result !== undefined)) {
    span.setOutputs(result);
  }
  span.end();
}

function finishWithError(span: AssaySpan, error: unknown): void {
  span.recordException(error);
  span.end();
}

/**
 * The generator's values pass through untouched; each step runs in the span's
 * context, and the span ends when the generator completes, throws or is
 * returned early. A generator abandoned without `return()` keeps its span open.
 */
function wrapAsyncGenerator(
  span: AssaySpan,
  options: RunInSpanOptions,
  generator: AsyncGenerator<unknown, unknown, unknown>,
): AsyncGenerator<unknown, unknown, unknown> {
  const collected: unknown[] = [];
  let extraItems = 0;
  let finished = false;
  const step = async (call: () => Promise<IteratorResult<unknown, unknown>>): Promise<IteratorResult<unknown, unknown>> => {
    if (finished) return call();
    let result: IteratorResult<unknown, unknown>;
    try {
      result = await runInTraceContext(span.context, call);
    } catch (error) {
      finished = true;
      finishWithError(span, error);
      throw error;
    }
    if (result.done) {
      finished = true;
      const outputs = extraItems > 0 ? [...collected, `... [${extraItems} more items]`] : collected;
      finishWithResult(span, options, outputs);
    } else if (collected.length < MAX_COLLECTED_ITEMS) {
      collected.push(result.value);
    } else {
      extraItems += 1;
    }
    return result;
  };
  const wrapper: AsyncGenerator<unknown, unknown, unknown> = {
    next: (...args) => step(() => generator.next(...args)),
    return: (value) => step(() => generator.return(value)),
    throw: (error) => step(() => generator.throw(error)),
    [Symbol.asyncIterator]() {
      return wrapper;
    },
  };
  return wrapper;
}

/**
 * Runs `callback` with `span` current and ends the span when the callback's
 * work is done: at once for a plain value, when a promise settles, when an
 * async generator finishes. Errors are recorded on the span and rethrown
 * unchanged.
 */
export function runInSpan<T>(span: AssaySpan, options: RunInSpanOptions, callback: () => T): T {
  let result: T;
  try {
    result = runInTraceContext(span.context, callback);
  } catch (error) {
    finishWithError(span, error);
    throw error;
  }
  if (isAsyncGenerator(result)) return wrapAsyncGenerator(span, options, result) as T;
  if (isThenable(result)) {
    if (result.constructor === Promise) {
      // A chained native promise keeps Node's unhandled-rejection behaviour
      // for callers that never await it.
      return (result as Promise<unknown>).then(
        (value) => {
          finishWithResult(span, options, value);
          return value;
        },
        (error: unknown) => {
          finishWithError(span, error);
          throw error;
        },
      ) as T;
    }
    // Promise subclasses and other thenables (e.g. an SDK's API promise with
    // extra methods) are returned as they are, observed on the side.
    result.then(
      (value) => finishWithResult(span, options, value),
      (error: unknown) => finishWithError(span, error),
    );
    return result;
  }
  finishWithResult(span, options, result);
  return result;
}
