import type { Context, Span, SpanOptions, Tracer } from '@opentelemetry/api';
import { openTelemetry } from './otel-api.js';
import { SPAN_KIND_INTERNAL, TRACE_FLAGS_NONE, TRACE_FLAGS_SAMPLED } from './otel-constants.js';
import { RecordedSpan, type RecordedSpanListener } from './recorded-span.js';
import { isTracingSuppressed } from './suppress-tracing.js';
import { timeInputToNanoseconds } from './span-clock.js';
import { newSpanId, newTraceId } from './span-ids.js';

/** Told when a recorded span starts (before the caller gets it) and ends. */
export interface RecordedSpanProcessor extends RecordedSpanListener {
  onRecordedSpanStart(span: RecordedSpan, parentContext: Context): void;
}

/**
 * Assay's OpenTelemetry `Tracer`. Spans are OpenTelemetry API spans with
 * W3C ids, nested through OpenTelemetry contexts (so they mix with spans of
 * the application's own provider, either way round) and sampled like the
 * SDK's default ParentBased(AlwaysOn) sampler: a new trace is recorded, a
 * child follows its parent's sampled flag. Inside `suppressTracing` nothing
 * is recorded. What it does not do is route spans through SpanProcessors and
 * Resources: its spans go straight to Assay's store processor, which is what
 * makes a span cost a few microseconds instead of tens.
 */
export class AssayTracer implements Tracer {
  constructor(private readonly processor: RecordedSpanProcessor) {}

  startSpan(name: string, options: SpanOptions = {}, context: Context = openTelemetry().context.active()): Span {
    const otelTrace = openTelemetry().trace;
    if (isTracingSuppressed(context)) return otelTrace.wrapSpanContext(openTelemetry().INVALID_SPAN_CONTEXT);
    const parentSpan = options.root === true ? undefined : otelTrace.getSpan(context);
    const parent = parentSpan?.spanContext();
    // A span of this tracer has valid ids by construction; others are checked.
    const hasParent = parent !== undefined && (parentSpan instanceof RecordedSpan || otelTrace.isSpanContextValid(parent));
    const traceId = hasParent ? parent.traceId : newTraceId();
    const spanId = newSpanId();
    if (hasParent && (parent.traceFlags & TRACE_FLAGS_SAMPLED) === 0) {
      // The parent was sampled out: so is its subtree, which still propagates the trace.
      return otelTrace.wrapSpanContext({ traceId, spanId, traceFlags: TRACE_FLAGS_NONE });
    }
    const span = new RecordedSpan(this.processor, {
      name,
      traceId,
      spanId,
      parentSpanContext: hasParent ? parent : undefined,
      kind: options.kind ?? SPAN_KIND_INTERNAL,
      ...(options.startTime !== undefined ? { startTimeUnixNano: timeInputToNanoseconds(options.startTime) } : {}),
      ...(options.links !== undefined ? { links: [...options.links] } : {}),
    });
    if (options.attributes !== undefined) span.setAttributes(options.attributes);
    this.processor.onRecordedSpanStart(span, context);
    return span;
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, context: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length >= 2 ? (rest[0] as SpanOptions) : {};
    const { context: otelContext, trace: otelTrace } = openTelemetry();
    const parentContext = rest.length === 3 ? rest[1] : otelContext.active();
    const span = this.startSpan(name, options, parentContext);
    return otelContext.with(otelTrace.setSpan(parentContext, span), () => fn(span)) as ReturnType<F>;
  }
}
