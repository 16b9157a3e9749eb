import type { Context } from '@opentelemetry/api';
import { isTraceContextInUse, ownTraceContext, runInTraceContext } from './trace-context.js';

// The key @opentelemetry/core uses (`createContextKey` is `Symbol.for`), so a
// context suppressed here is suppressed for OpenTelemetry's SDK and
// instrumentations too, and the other way round, without loading that package.
const SUPPRESS_TRACING_KEY = Symbol.for('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/** `context` with tracing suppressed: no span is recorded inside it (as `suppressTracing` of @opentelemetry/core). */
export function suppressTracing(context: Context): Context {
  return context.setValue(SUPPRESS_TRACING_KEY, true);
}

/** True when tracing is suppressed in `context` (by Assay or by OpenTelemetry's SDK). */
export function isTracingSuppressed(context: Context): boolean {
  return context.getValue(SUPPRESS_TRACING_KEY) === true;
}

/** Runs `work` with tracing suppressed in Assay's current context (and the application's, when it registered a context manager). */
export function withTracingSuppressed<T>(work: () => T): T {
  // Until a context can hold a span of Assay's, nothing inside `work` could start one under it.
  if (!isTraceContextInUse()) return work();
  return runInTraceContext(suppressTracing(ownTraceContext()), work);
}
