import { ASSAY_ATTRIBUTES } from '@assay/core';
import { openTelemetry } from '../tracer/otel-api.js';
import { currentTraceContext } from '../tracer/trace-context.js';
import type { TracingRuntime } from './tracing-runtime.js';

/** What `updateCurrentTrace` sets on the current trace. */
export interface UpdateCurrentTraceOptions {
  /** Merged into the trace's tags. */
  tags?: Record<string, string>;
  /** Merged into the trace's metadata. */
  metadata?: Record<string, string>;
  /** Groups traces of one conversation. */
  sessionId?: string;
  /** The end user the trace served. */
  userId?: string;
}

/**
 * Sets tags, metadata, session and user of the trace the caller is in (they
 * are stored on its root span). Outside of a trace it warns and does nothing.
 */
export function updateCurrentTrace(tracing: TracingRuntime, options: UpdateCurrentTraceOptions): void {
  const traceId = openTelemetry().trace.getSpanContext(currentTraceContext())?.traceId;
  const entry = traceId === undefined ? undefined : tracing.rootSpans.get(traceId);
  if (!entry) {
    console.warn('[assay] updateCurrentTrace was called outside of an open trace; nothing was updated');
    return;
  }
  const { span } = entry;
  if (options.tags) {
    Object.assign(entry.tags, options.tags);
    span.setAttribute(ASSAY_ATTRIBUTES.traceTags, JSON.stringify(entry.tags));
  }
  if (options.metadata) {
    Object.assign(entry.metadata, options.metadata);
    span.setAttribute(ASSAY_ATTRIBUTES.traceMetadata, JSON.stringify(entry.metadata));
  }
  if (options.sessionId !== undefined) span.setAttribute(ASSAY_ATTRIBUTES.sessionId, JSON.stringify(options.sessionId));
  if (options.userId !== undefined) span.setAttribute(ASSAY_ATTRIBUTES.userId, JSON.stringify(options.userId));
}
