import { holdsJsonText, type PackableSpan, type SpanEvent, type SpanStatus } from '@assay/core';

/**
 * One span as an OTLP decoder fills it in, read by the packer as it is (see
 * PackableSpan): no `Span` object is built. Ids are lowercase hex as decoded
 * (the raw text when a JSON id is not hex), times decimal nanoseconds (empty
 * when absent or malformed); OtlpSpanBatch validates them before packing.
 */
export class DecodedOtlpSpan implements PackableSpan {
  /** The OpenTelemetry trace id: 32 hex characters when valid. */
  traceIdHex = '';
  spanId = '';
  parentSpanId: string | undefined = undefined;
  name = '';
  startTimeUnixNano = '';
  endTimeUnixNano: string | undefined = undefined;
  statusCode: SpanStatus['code'] = 'UNSET';
  statusMessage: string | undefined = undefined;
  /** The attribute values as sent: strings (JSON text among them), numbers, booleans, lists and objects of OTLP's AnyValue. */
  attributes: Record<string, unknown> = {};
  events: SpanEvent[] = [];
  /** The resource's attributes, kept on the trace (see PackableSpan.traceMetadata). */
  traceMetadata: Readonly<Record<string, string>> | undefined = undefined;
  // MLflow's JSON-encoded values are JSON text, as for spans of an application's OpenTelemetry SDK.
  readonly isJsonText = holdsJsonText;

  /** Assay's trace id: `tr-` and the OpenTelemetry trace id. */
  get traceId(): string {
    return `tr-${this.traceIdHex}`;
  }

  /** Clears every field for the next span (new attribute and event holders: the packer keeps none of them). */
  reset(traceMetadata: Readonly<Record<string, string>> | undefined): void {
    this.traceIdHex = '';
    this.spanId = '';
    this.parentSpanId = undefined;
    this.name = '';
    this.startTimeUnixNano = '';
    this.endTimeUnixNano = undefined;
    this.statusCode = 'UNSET';
    this.statusMessage = undefined;
    this.attributes = {};
    this.events = [];
    this.traceMetadata = traceMetadata;
  }
}
