import { ASSAY_ATTRIBUTES, SPAN_TYPES, type SpanType } from '@assay/core';
import { RecordedSpan } from '../tracer/recorded-span.js';
import { currentTraceContext } from '../tracer/trace-context.js';
import { AssaySpan } from './assay-span.js';
import type { TracingRuntime } from './tracing-runtime.js';

/** Options of `startSpan`. */
export interface StartSpanOptions {
  name: string;
  /** Default UNKNOWN. */
  spanType?: SpanType;
  /** The operation's inputs (any value; stored as JSON). */
  inputs?: unknown;
  /** Extra attributes: strings, numbers and booleans as they are, other values as JSON. */
  attributes?: Record<string, unknown>;
  /** The parent span; default the current span (of `trace` or `withSpan`), else a new trace starts. */
  parent?: AssaySpan;
}

// The span type attribute of each type, JSON-encoded once instead of per span.
const SPAN_TYPE_ATTRIBUTES: ReadonlyMap<unknown, { [ASSAY_ATTRIBUTES.spanType]: string }> = new Map(
  SPAN_TYPES.map((spanType) => [spanType, { [ASSAY_ATTRIBUTES.spanType]: JSON.stringify(spanType) }]),
);

function spanTypeAttributes(spanType: SpanType | undefined): { [ASSAY_ATTRIBUTES.spanType]: string } {
  // A JavaScript caller may pass any value; it is stored as given.
  return SPAN_TYPE_ATTRIBUTES.get(spanType ?? 'UNKNOWN') ?? { [ASSAY_ATTRIBUTES.spanType]: JSON.stringify(spanType) };
}

/** What a root span does when it ends: its trace is no longer open for `updateCurrentTrace`. */
function closeRootSpan(tracing: TracingRuntime, traceId: string): (span: AssaySpan) => void {
  return (span) => {
    if (tracing.rootSpans.get(traceId)?.span === span) tracing.rootSpans.delete(traceId);
  };
}

/**
 * Starts a span and returns its handle; the caller must `end()` it. It does
 * not become the current span: pass it as `parent` to nest spans under it,
 * or use `withSpan`, which does both.
 */
export function startSpan(tracing: TracingRuntime, options: StartSpanOptions): AssaySpan {
  const parentContext = options.parent?.context ?? currentTraceContext();
  const openTelemetrySpan = tracing.tracer.startSpan(options.name, { attributes: spanTypeAttributes(options.spanType) }, parentContext);
  // The span that roots its trace here (no parent, or a parent of the application's own tracing), as the processor found.
  const isRoot = openTelemetrySpan instanceof RecordedSpan && openTelemetrySpan.isTraceRoot;
  const span = new AssaySpan({ span: openTelemetrySpan, parentContext, isRoot, onEnd: isRoot ? closeRootSpan(tracing, openTelemetrySpan.traceId) : undefined });
  if (isRoot) tracing.rootSpans.set(openTelemetrySpan.traceId, { span, tags: {}, metadata: {} });
  if (options.inputs !== undefined) span.setInputs(options.inputs);
  if (options.attributes) span.setAttributes(options.attributes);
  return span;
}
