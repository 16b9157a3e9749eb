import { ASSAY_ATTRIBUTES, type Span } from '@assay/core';

// Trace-level keys Assay keeps on root spans; MLflow's clients read them from the trace info instead.
const TRACE_LEVEL_KEYS: ReadonlySet<string> = new Set([ASSAY_ATTRIBUTES.traceTags, ASSAY_ATTRIBUTES.traceMetadata]);

function base64OfHex(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/** One span as MLflow 3 writes it in traces.json; nanosecond times are exact JSON integers, so the JSON is built by hand. */
function spanText(span: Span): string {
  // MLflow's convention: every attribute value JSON-encoded. Its clients decode them (TypeScript's tolerates both forms).
  const attributes: Record<string, string> = {
    [ASSAY_ATTRIBUTES.traceRequestId]: JSON.stringify(span.traceId),
    [ASSAY_ATTRIBUTES.spanType]: JSON.stringify(span.spanType),
  };
  for (const [key, value] of Object.entries(span.attributes)) {
    if (!TRACE_LEVEL_KEYS.has(key)) attributes[key] = JSON.stringify(value) ?? 'null';
  }
  const fields = [
    `"trace_id":${JSON.stringify(base64OfHex(span.traceId.slice(3)))}`,
    `"span_id":${JSON.stringify(base64OfHex(span.spanId))}`,
    `"parent_span_id":${JSON.stringify(span.parentSpanId === undefined ? '' : base64OfHex(span.parentSpanId))}`,
    `"name":${JSON.stringify(span.name)}`,
    `"start_time_unix_nano":${span.startTimeUnixNano}`,
    `"end_time_unix_nano":${span.endTimeUnixNano ?? 'null'}`,
    `"status":${JSON.stringify({ code: `STATUS_CODE_${span.status.code}`, message: span.status.message ?? '' })}`,
    `"attributes":${JSON.stringify(attributes)}`,
    `"events":[${span.events
      .map((event) => `{"name":${JSON.stringify(event.name)},"time_unix_nano":${event.timeUnixNano},"attributes":${JSON.stringify(event.attributes)}}`)
      .join(',')}]`,
  ];
  return `{${fields.join(',')}}`;
}

/** A trace's spans as MLflow's trace-data artifact, `traces.json`: `{"spans": [...]}`. */
export function toTraceDataText(spans: readonly Span[]): string {
  return `{"spans":[${spans.map(spanText).join(',')}]}`;
}
