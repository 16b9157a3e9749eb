import { decodeSpanAttributes, holdsJsonText, packSpanRow, toPackableSpan, toSpanStatusCode, type PackableSpan, type SpanEvent, type SpanStatus } from '@assay/core';
import type { Attributes } from '@opentelemetry/api';
import { RecordedSpan, type RecordedEvent } from '../tracer/recorded-span.js';
import { hrTimeToNanosecondString } from '../tracer/span-clock.js';
import type { SdkReadableSpan } from './otel-sdk-span.js';
import type { FinishedSpan } from './span-exporter.js';
import { toAssayTraceId } from './to-assay-span.js';

function decodeEvents(events: readonly { name: string; attributes?: Attributes }[], timeOf: (index: number) => string): SpanEvent[] {
  if (events.length === 0) return [];
  return events.map((event, index) => ({ name: event.name, timeUnixNano: timeOf(index), attributes: decodeSpanAttributes(event.attributes) }));
}

// The packer reads a span through one of these views, reused span after
// span: packing a finished span makes no object but its row text.

/** A span of Assay's tracer as the packer reads it: its attributes as set, the JSON text Assay serialised known without a parse. */
class RecordedSpanView implements PackableSpan {
  span: RecordedSpan | undefined;
  // Assay's serialisers write JSON.stringify's text: no control character in it.
  readonly isJsonText = (key: string, value: string): boolean | 'plain' => (this.recorded.holdsJsonText(key) ? 'plain' : holdsJsonText(key, value));

  private get recorded(): RecordedSpan {
    return this.span!;
  }
  get traceId(): string {
    return toAssayTraceId(this.recorded.traceId);
  }
  get spanId(): string {
    return this.recorded.spanId;
  }
  get parentSpanId(): string | undefined {
    return this.recorded.parentSpanContext?.spanId;
  }
  get name(): string {
    return this.recorded.name;
  }
  get startTimeUnixNano(): string {
    return this.recorded.startTimeUnixNano;
  }
  get endTimeUnixNano(): string | undefined {
    return this.recorded.endTimeUnixNano;
  }
  get statusCode(): SpanStatus['code'] {
    return toSpanStatusCode(this.recorded.status.code);
  }
  get statusMessage(): string | undefined {
    return this.recorded.status.message || undefined;
  }
  get attributes(): Attributes {
    return this.recorded.attributes;
  }
  get events(): SpanEvent[] {
    const events: readonly RecordedEvent[] = this.recorded.events;
    return decodeEvents(events, (index) => events[index]!.timeUnixNano);
  }
}

/** A finished span of an application's OpenTelemetry SDK as the packer reads it. */
class SdkSpanView implements PackableSpan {
  span: SdkReadableSpan | undefined;
  readonly isJsonText = holdsJsonText;

  private get sdk(): SdkReadableSpan {
    return this.span!;
  }
  get traceId(): string {
    return toAssayTraceId(this.sdk.spanContext().traceId);
  }
  get spanId(): string {
    return this.sdk.spanContext().spanId;
  }
  get parentSpanId(): string | undefined {
    return this.sdk.parentSpanContext?.spanId;
  }
  get name(): string {
    return this.sdk.name;
  }
  get startTimeUnixNano(): string {
    return hrTimeToNanosecondString(this.sdk.startTime);
  }
  get endTimeUnixNano(): string | undefined {
    return this.sdk.ended ? hrTimeToNanosecondString(this.sdk.endTime) : undefined;
  }
  get statusCode(): SpanStatus['code'] {
    return toSpanStatusCode(this.sdk.status.code);
  }
  get statusMessage(): string | undefined {
    return this.sdk.status.message || undefined;
  }
  get attributes(): Attributes {
    return this.sdk.attributes;
  }
  get events(): SpanEvent[] {
    const events = this.sdk.events;
    return decodeEvents(events, (index) => hrTimeToNanosecondString(events[index]!.time));
  }
}

const recordedView = new RecordedSpanView();
const sdkView = new SdkSpanView();

function isSdkSpan(span: FinishedSpan): span is SdkReadableSpan {
  return typeof (span as Partial<SdkReadableSpan>).spanContext === 'function';
}

/**
 * A finished span as one packed row (see PackedSpanRows): a span of Assay's
 * tracer or of an application's OpenTelemetry SDK read where it is (its
 * attributes serialised once, JSON text written as it is), or a core `Span`.
 */
export function packFinishedSpan(span: FinishedSpan): string {
  if (span instanceof RecordedSpan) {
    recordedView.span = span;
    try {
      return packSpanRow(recordedView);
    } finally {
      recordedView.span = undefined;
    }
  }
  if (isSdkSpan(span)) {
    sdkView.span = span;
    try {
      return packSpanRow(sdkView);
    } finally {
      sdkView.span = undefined;
    }
  }
  return packSpanRow(toPackableSpan(span));
}
