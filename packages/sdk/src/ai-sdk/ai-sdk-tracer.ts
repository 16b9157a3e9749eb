import { errorMessage } from '@assay/core';
import type { Context, Span, SpanOptions, Tracer } from '@opentelemetry/api';
import { openTelemetry } from '../tracer/otel-api.js';
import { currentTraceContext, runInTraceContext } from '../tracer/trace-context.js';
import type { TracingRuntime } from '../tracing/tracing-runtime.js';

let warned = false;

/**
 * The tracer Assay hands the Vercel AI SDK (`experimental_telemetry.tracer`):
 * spans of the instance's own tracer, nested through Assay's trace context,
 * so an AI SDK call's spans form one trace (and join a `withSpan` or `trace`
 * span around it) whether or not the application registered an OpenTelemetry
 * provider or context manager. The instance is looked up on each span: a
 * settings object made once at start-up follows the instance in use. A
 * failure to record gives a span that records nothing; the call goes on.
 */
export class AiSdkTracer implements Tracer {
  constructor(private readonly tracing: () => TracingRuntime) {}

  startSpan(name: string, options: SpanOptions = {}, context: Context = currentTraceContext()): Span {
    try {
      return this.tracing().tracer.startSpan(name, options, context);
    } catch (error) {
      if (!warned) {
        warned = true;
        console.warn(`[assay] could not trace an AI SDK call (its spans are not recorded): ${errorMessage(error)}`);
      }
      const api = openTelemetry();
      return api.trace.wrapSpanContext(api.INVALID_SPAN_CONTEXT);
    }
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, context: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length >= 2 ? (rest[0] as SpanOptions) : {};
    const parentContext = rest.length === 3 ? rest[1] : currentTraceContext();
    const span = this.startSpan(name, options, parentContext);
    return runInTraceContext(openTelemetry().trace.setSpan(parentContext, span), () => fn(span)) as ReturnType<F>;
  }
}
