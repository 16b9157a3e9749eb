import protobuf from 'protobufjs';

// The OTLP trace messages the tests encode and decode, written from OTLP's
// field numbers (opentelemetry-proto: collector/trace/v1, trace/v1,
// common/v1, resource/v1; google.rpc.Status) for protobufjs. The server's
// decoder does not use it: it reads the wire format itself.
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package otlp;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }

message Span {
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
  message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  fixed32 flags = 16;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10;
  repeated Event events = 11;
  uint32 dropped_events_count = 12;
  repeated Link links = 13;
  uint32 dropped_links_count = 14;
  Status status = 15;
}
message Status { string message = 2; int32 code = 3; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message RpcStatus { int32 code = 1; string message = 2; }
`;

const root = protobuf.parse(OTLP_TRACE_PROTO, { keepCase: true }).root;
const types = {
  request: root.lookupType('otlp.ExportTraceServiceRequest'),
  resourceSpans: root.lookupType('otlp.ResourceSpans'),
  resource: root.lookupType('otlp.Resource'),
  response: root.lookupType('otlp.ExportTraceServiceResponse'),
  status: root.lookupType('otlp.RpcStatus'),
};

/** An attribute value as OTLP's AnyValue (protobufjs's object form). */
export type AnyValueInput = { string_value: string } | { bool_value: boolean } | { int_value: number | string } | { double_value: number } | { array_value: { values: AnyValueInput[] } } | { kvlist_value: { values: KeyValueInput[] } } | { bytes_value: Uint8Array };

/** One attribute. */
export interface KeyValueInput {
  key: string;
  value: AnyValueInput;
}

/** Attributes from a plain record: strings, booleans, integers, doubles (a number with a fraction), lists and records. */
export function keyValues(record: Record<string, unknown>): KeyValueInput[] {
  return Object.entries(record).map(([key, value]) => ({ key, value: anyValue(value) }));
}

function anyValue(value: unknown): AnyValueInput {
  if (typeof value === 'string') return { string_value: value };
  if (typeof value === 'boolean') return { bool_value: value };
  if (typeof value === 'bigint') return { int_value: value.toString() };
  if (typeof value === 'number') return Number.isInteger(value) ? { int_value: value } : { double_value: value };
  if (value instanceof Uint8Array) return { bytes_value: value };
  if (Array.isArray(value)) return { array_value: { values: value.map(anyValue) } };
  return { kvlist_value: { values: keyValues(value as Record<string, unknown>) } };
}

/** A span in protobufjs's object form: ids as hex (encoded as bytes), times as decimal strings. */
export interface ProtoSpanInput {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  start?: string;
  end?: string;
  attributes?: Record<string, unknown>;
  events?: { name: string; time: string; attributes?: Record<string, unknown> }[];
  status?: { code: number; message?: string };
}

function toProtoSpan(span: ProtoSpanInput): Record<string, unknown> {
  return {
    trace_id: Buffer.from(span.traceId, 'hex'),
    span_id: Buffer.from(span.spanId, 'hex'),
    ...(span.parentSpanId !== undefined ? { parent_span_id: Buffer.from(span.parentSpanId, 'hex') } : {}),
    name: span.name ?? '',
    kind: span.kind ?? 1,
    start_time_unix_nano: span.start ?? '0',
    end_time_unix_nano: span.end ?? '0',
    attributes: keyValues(span.attributes ?? {}),
    events: (span.events ?? []).map((event) => ({ name: event.name, time_unix_nano: event.time, attributes: keyValues(event.attributes ?? {}) })),
    ...(span.status !== undefined ? { status: span.status } : {}),
    flags: 0x101,
    links: [{ trace_id: Buffer.alloc(16, 1), span_id: Buffer.alloc(8, 2) }],
  };
}

/** The ResourceSpans of one resource and its spans, in protobufjs's object form. */
function resourceSpans(resource: Record<string, unknown>, spans: readonly ProtoSpanInput[]): Record<string, unknown> {
  return {
    resource: { attributes: keyValues(resource) },
    scope_spans: [{ scope: { name: 'test-scope', version: '1.0.0' }, spans: spans.map(toProtoSpan) }],
  };
}

/** An ExportTraceServiceRequest, encoded, of one resource's spans. */
export function encodeTraceRequest(resource: Record<string, unknown>, spans: readonly ProtoSpanInput[]): Uint8Array {
  return types.request.encode(types.request.fromObject({ resource_spans: [resourceSpans(resource, spans)] })).finish();
}

/** An ExportTraceServiceRequest whose one ResourceSpans has its resource after its spans on the wire (valid protobuf; encoders write field order). */
export function encodeTraceRequestResourceLast(resource: Record<string, unknown>, spans: readonly ProtoSpanInput[]): Uint8Array {
  const { resource: resourceObject, scope_spans } = resourceSpans(resource, spans);
  const spansOnly = types.resourceSpans.encode(types.resourceSpans.fromObject({ scope_spans })).finish();
  const resourceBytes = types.resource.encode(types.resource.fromObject(resourceObject as object)).finish();
  const body = Buffer.concat([spansOnly, Buffer.from(protobuf.Writer.create().uint32(0x0a).bytes(resourceBytes).finish())]);
  return protobuf.Writer.create().uint32(0x0a).bytes(body).finish();
}

/** The same request in OTLP's JSON mapping: upper-case hex ids (case-insensitive), int64 as strings. */
export function toTraceRequestJson(resource: Record<string, unknown>, spans: readonly ProtoSpanInput[]): Record<string, unknown> {
  const value = (input: unknown): Record<string, unknown> => {
    if (typeof input === 'string') return { stringValue: input };
    if (typeof input === 'boolean') return { boolValue: input };
    if (typeof input === 'bigint') return { intValue: input.toString() };
    if (typeof input === 'number') return Number.isInteger(input) ? { intValue: String(input) } : { doubleValue: input };
    if (input instanceof Uint8Array) return { bytesValue: Buffer.from(input).toString('base64') };
    if (Array.isArray(input)) return { arrayValue: { values: input.map(value) } };
    return { kvlistValue: { values: attributes(input as Record<string, unknown>) } };
  };
  const attributes = (record: Record<string, unknown>) => Object.entries(record).map(([key, item]) => ({ key, value: value(item) }));
  return {
    resourceSpans: [
      {
        resource: { attributes: attributes(resource) },
        scopeSpans: [
          {
            scope: { name: 'test-scope' },
            spans: spans.map((span) => ({
              traceId: span.traceId.toUpperCase(),
              spanId: span.spanId.toUpperCase(),
              parentSpanId: span.parentSpanId ?? '',
              name: span.name,
              kind: span.kind ?? 1,
              startTimeUnixNano: span.start,
              endTimeUnixNano: span.end,
              attributes: attributes(span.attributes ?? {}),
              events: (span.events ?? []).map((event) => ({ timeUnixNano: event.time, name: event.name, attributes: attributes(event.attributes ?? {}) })),
              ...(span.status !== undefined ? { status: span.status } : {}),
            })),
          },
        ],
      },
    ],
  };
}

/** An ExportTraceServiceResponse decoded: `{}` on full success, else `{ partial_success: { rejected_spans, error_message } }`. */
export function decodeTraceResponse(bytes: Uint8Array): { partial_success?: { rejected_spans: string; error_message: string } } {
  return types.response.toObject(types.response.decode(bytes), { longs: String }) as never;
}

/** A google.rpc.Status decoded. */
export function decodeStatus(bytes: Uint8Array): { code?: number; message?: string } {
  return types.status.toObject(types.status.decode(bytes)) as never;
}
