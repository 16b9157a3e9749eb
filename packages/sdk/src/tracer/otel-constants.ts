import type { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';

// The OpenTelemetry specification's numbers for these enums, so that code
// using them does not load the API package (see otel-api.ts).

/** `SpanStatusCode.UNSET`. */
export const STATUS_UNSET = 0 as SpanStatusCode.UNSET;
/** `SpanStatusCode.OK`. */
export const STATUS_OK = 1 as SpanStatusCode.OK;
/** `SpanStatusCode.ERROR`. */
export const STATUS_ERROR = 2 as SpanStatusCode.ERROR;
/** `TraceFlags.NONE`. */
export const TRACE_FLAGS_NONE = 0 as TraceFlags.NONE;
/** `TraceFlags.SAMPLED`. */
export const TRACE_FLAGS_SAMPLED = 1 as TraceFlags.SAMPLED;
/** `SpanKind.INTERNAL`. */
export const SPAN_KIND_INTERNAL = 0 as SpanKind.INTERNAL;
