import { ASSAY_ATTRIBUTES, type Span, type SpanStatus } from '@assay/core';

/** An OTLP `AnyValue` in OTLP/JSON's mapping. */
type OtlpAnyValue = { stringValue: string } | { boolValue: boolean } | { intValue: string } | { doubleValue: number } | { arrayValue: { values: OtlpAnyValue[] } };

/** An OTLP `KeyValue`. */
interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

/** OTLP/JSON's `ExportTraceServiceRequest`: hex ids, nanosecond times as decimal strings. */
export interface OtlpTraceRequestJson {
  resourceSpans: {
    resource: { attributes: OtlpKeyValue[] };
    scopeSpans: { scope: { name: string; version?: string }; spans: Record<string, unknown>[] }[];
  }[];
}

// Assay's (MLflow's) own attributes always hold JSON text on the wire, whatever their value is: a receiver decodes them as JSON.
const JSON_TEXT_KEYS: ReadonlySet<string> = new Set(Object.values(ASSAY_ATTRIBUTES));
const SPAN_KIND_INTERNAL = 1;
const STATUS_CODES: Readonly<Record<SpanStatus['code'], number>> = { UNSET: 0, OK: 1, ERROR: 2 };

function primitiveValue(value: unknown): OtlpAnyValue | undefined {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  return undefined;
}

/** An attribute's value as it was set: Assay's keys and structured values as JSON text, primitives and lists of them as they are. */
function attributeValue(key: string, value: unknown): OtlpAnyValue {
  if (JSON_TEXT_KEYS.has(key)) return { stringValue: JSON.stringify(value) ?? 'null' };
  const primitive = primitiveValue(value);
  if (primitive !== undefined) return primitive;
  if (Array.isArray(value) && value.every((item) => primitiveValue(item) !== undefined)) {
    return { arrayValue: { values: value.map((item) => primitiveValue(item)!) } };
  }
  return { stringValue: JSON.stringify(value) ?? 'null' };
}

function keyValues(attributes: Readonly<Record<string, unknown>>): OtlpKeyValue[] {
  return Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ({ key, value: attributeValue(key, value) }));
}

/** The OpenTelemetry trace id (32 hex) of an Assay trace id (`tr-` + 32 hex). */
function otelTraceId(traceId: string): string {
  return traceId.startsWith('tr-') ? traceId.slice(3) : traceId;
}

function toOtlpSpan(span: Span): Record<string, unknown> {
  const attributes = { ...span.attributes, [ASSAY_ATTRIBUTES.spanType]: span.spanType };
  return {
    traceId: otelTraceId(span.traceId),
    spanId: span.spanId,
    ...(span.parentSpanId === undefined ? {} : { parentSpanId: span.parentSpanId }),
    name: span.name,
    kind: SPAN_KIND_INTERNAL,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano ?? span.startTimeUnixNano,
    attributes: keyValues(attributes),
    events: span.events.map((event) => ({ name: event.name, timeUnixNano: event.timeUnixNano, attributes: keyValues(event.attributes) })),
    status: { code: STATUS_CODES[span.status.code], ...(span.status.message === undefined ? {} : { message: span.status.message }) },
  };
}

/** Spans as one OTLP/JSON `ExportTraceServiceRequest` of one resource and scope. */
export function toOtlpJson(spans: readonly Span[], resource: Readonly<Record<string, string>>, scope: { name: string; version?: string }): OtlpTraceRequestJson {
  return {
    resourceSpans: [{ resource: { attributes: keyValues(resource) }, scopeSpans: [{ scope, spans: spans.map(toOtlpSpan) }] }],
  };
}
