import { errorMessage } from '@assay/core';
import { openTelemetry } from '../../tracer/otel-api.js';
import { isTracingSuppressed } from '../../tracer/suppress-tracing.js';
import { currentTraceContext, usesGlobalContextManager } from '../../tracer/trace-context.js';
import { isSampledIn, type AutologTarget } from '../autolog-settings.js';
import { isInsideLlmCall, markLlmCall } from '../llm-call-context.js';
import { countWrappedOpenAICall } from './openai-call-count.js';
import { OpenAICall } from './openai-call.js';
import type { OpenAIApi } from './openai-api.js';
import { isJsonObject, type ResourceMethod } from './openai-types.js';

const ORIGINAL = Symbol('assay.original');

let synchronousDepth = 0;

/** A traced method, with the method it wraps. */
export type TracedMethod = ResourceMethod & { [ORIGINAL]: ResourceMethod };

/** True when `method` is one of Assay's traced wrappers. */
export function isTracedMethod(method: unknown): method is TracedMethod {
  return typeof method === 'function' && ORIGINAL in method;
}

/** The method a traced wrapper calls. */
export function originalMethod(method: TracedMethod): ResourceMethod {
  return method[ORIGINAL];
}

/**
 * Wraps an SDK method so that each call is a span of the instance `target()`
 * names. The wrapper calls the original with the same `this` and options and
 * returns what it returns; it steps aside (a plain call) when `target()` is
 * undefined (autolog is off), inside another LLM call's span (a helper
 * calling `create`, LangChain's ChatOpenAI), while tracing is suppressed, or
 * when the sample rate leaves a new trace out.
 */
export function createTracedMethod(original: ResourceMethod, api: OpenAIApi, target: () => AutologTarget | undefined): TracedMethod {
  const traced = function (this: unknown, body: unknown, options?: unknown): unknown {
    // Seen by autolog's watch for calls made through copies it could not reach (watch-unreached-openai.ts).
    if (synchronousDepth === 0) countWrappedOpenAICall();
    const settings = target();
    if (settings === undefined || synchronousDepth > 0 || !isJsonObject(body)) return original.call(this, body, options);
    const parent = currentTraceContext();
    if (isInsideLlmCall(parent) || isTracingSuppressed(parent)) return original.call(this, body, options);
    if (openTelemetry().trace.getSpan(parent)?.isRecording() !== true && !isSampledIn(settings)) return original.call(this, body, options);
    let call: OpenAICall;
    try {
      call = new OpenAICall({ api, body, resource: this, captureContent: settings.captureContent, tracing: settings.tracing() });
    } catch (error) {
      console.warn(`[assay] could not trace an OpenAI call: ${errorMessage(error)}`);
      return original.call(this, body, options);
    }
    let result: unknown;
    // Helpers such as `parse` call `create` synchronously inside the call: a
    // depth counter marks them without an AsyncLocalStorage scope, whose
    // promise hooks would cost every promise of the request.
    synchronousDepth += 1;
    try {
      // Under the application's own context manager, the request runs with
      // the call's span active, so spans the app's instrumentation makes for
      // it (its HTTP client's) nest under it; the app pays for that context
      // already. Without one, no context is entered: nothing could nest.
      result = usesGlobalContextManager()
        ? openTelemetry().context.with(markLlmCall(call.span.context), () => original.call(this, call.requestBody, options))
        : original.call(this, call.requestBody, options);
    } catch (error) {
      call.fail(error);
      throw error;
    } finally {
      synchronousDepth -= 1;
    }
    return call.observe(result);
  } as TracedMethod;
  Object.defineProperty(traced, 'name', { value: original.name, configurable: true });
  Object.defineProperty(traced, 'length', { value: original.length, configurable: true });
  Object.defineProperty(traced, ORIGINAL, { value: original });
  return traced;
}
