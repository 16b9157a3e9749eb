import { isTracingSuppressed } from '@opentelemetry/core';
import { trace as otelTrace } from '@opentelemetry/api';
import { currentTraceContext } from '../../tracing/trace-context.js';
import { getAutologSettings, isSampledIn } from '../autolog-settings.js';
import { isInsideLlmCall } from '../llm-call-context.js';
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
 * Wraps an SDK method so that each call is a span. The wrapper calls the
 * original with the same `this` and options and returns what it returns;
 * it steps aside (a plain call) when `isActive()` is false, inside another
 * LLM call's span (a helper calling `create`, LangChain's ChatOpenAI),
 * while tracing is suppressed, or when the sample rate leaves a new trace out.
 */
export function createTracedMethod(original: ResourceMethod, api: OpenAIApi, isActive: () => boolean): TracedMethod {
  const traced = function (this: unknown, body: unknown, options?: unknown): unknown {
    if (!isActive() || synchronousDepth > 0 || !isJsonObject(body)) return original.call(this, body, options);
    const parent = currentTraceContext();
    if (isInsideLlmCall(parent) || isTracingSuppressed(parent)) return original.call(this, body, options);
    if (otelTrace.getSpan(parent)?.isRecording() !== true && !isSampledIn()) return original.call(this, body, options);
    let call: OpenAICall;
    try {
      call = new OpenAICall(api, body, this, getAutologSettings().captureContent);
    } catch (error) {
      console.warn(`[assay] could not trace an OpenAI call: ${error instanceof Error ? error.message : String(error)}`);
      return original.call(this, body, options);
    }
    let result: unknown;
    // Helpers such as `parse` call `create` synchronously inside the call: a
    // depth counter marks them without an AsyncLocalStorage scope, whose
    // promise hooks would cost every promise of the request.
    synchronousDepth += 1;
    try {
      result = original.call(this, call.requestBody, options);
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
