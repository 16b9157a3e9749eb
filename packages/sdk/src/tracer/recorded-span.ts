import type {
  Attributes,
  AttributeValue,
  Exception,
  HrTime,
  Link,
  Span,
  SpanContext,
  SpanKind,
  SpanStatus,
  TimeInput,
} from '@opentelemetry/api';
import { ASSAY_ATTRIBUTES } from '@assay/core';
import { STATUS_ERROR, STATUS_OK, STATUS_UNSET, TRACE_FLAGS_SAMPLED } from './otel-constants.js';
import { nanosecondStringToHrTime, performanceTimeToNanoseconds, timeInputToNanoseconds } from './span-clock.js';

/** OpenTelemetry's default span limits, which Assay's spans keep too. */
export const SPAN_ATTRIBUTE_LIMIT = 128;
export const SPAN_EVENT_LIMIT = 128;

/** An event of a recorded span. */
export interface RecordedEvent {
  name: string;
  timeUnixNano: string;
  attributes: Attributes;
}

/** Told when a recorded span starts and ends (Assay's store span processor). */
export interface RecordedSpanListener {
  onRecordedSpanEnd(span: RecordedSpan): void;
}

function isPrimitiveAttribute(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/** OpenTelemetry's rule: a primitive, or an array of one primitive type (nulls allowed). */
function isAttributeValue(value: unknown): value is AttributeValue {
  if (isPrimitiveAttribute(value)) return true;
  if (!Array.isArray(value)) return false;
  let type: string | undefined;
  for (const entry of value) {
    if (entry === null || entry === undefined) continue;
    if (!isPrimitiveAttribute(entry)) return false;
    const entryType = typeof entry;
    if (type === undefined) type = entryType;
    else if (type !== entryType) return false;
  }
  return true;
}

// A finished span waits in the export queue for up to a flush interval, long
// enough to be promoted out of V8's young generation: each object it holds
// then costs the garbage collector. So a span shares what most spans leave
// empty, and keeps its times as performance.now() numbers until exported.
const NO_EVENTS: readonly RecordedEvent[] = Object.freeze([]);
const NO_LINKS: readonly Link[] = Object.freeze([]);
const UNSET_STATUS: SpanStatus = Object.freeze({ code: STATUS_UNSET });
// Bits of the keys Assay sets as JSON text most often (setJsonAttribute).
const JSON_TEXT_BITS: Readonly<Record<string, number>> = {
  [ASSAY_ATTRIBUTES.spanInputs]: 1,
  [ASSAY_ATTRIBUTES.spanOutputs]: 2,
  [ASSAY_ATTRIBUTES.tokenUsage]: 4,
};

// V8 builds JSON.stringify's output and long concatenations as ropes, one
// object per piece. Reading a character flattens a rope into one string (the
// rope's shell is dropped by the next GC), so a kept value is one object.
// The read goes to a module variable so that no compiler drops it.
let _flattenedCharCode = 0;
function flatten(text: string): string {
  _flattenedCharCode = text.charCodeAt(text.length >> 1);
  return text;
}

/** A time as a span keeps it: a performance.now() reading, or nanoseconds since the epoch as text. */
type SpanTime = number | string;

function toNanoseconds(time: SpanTime): string {
  return typeof time === 'number' ? performanceTimeToNanoseconds(time) : time;
}

function isTimeInput(value: unknown): value is TimeInput {
  return typeof value === 'number' || value instanceof Date || (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number');
}

/**
 * A span of Assay's own tracer: an OpenTelemetry API `Span` that records into
 * plain fields, with ids, times and events already in the form Assay stores
 * (hex ids, nanosecond strings). It follows the OpenTelemetry SDK's
 * semantics (recording until `end()`, OK status is final, invalid attribute
 * values ignored, 128 attributes and events at most) at a fraction of its
 * cost per span.
 */
export class RecordedSpan implements Span {
  readonly traceId: string;
  readonly spanId: string;
  /** The parent's context: a span of this process, or a remote one (`isRemote`). */
  readonly parentSpanContext: SpanContext | undefined;
  readonly kind: SpanKind;
  name: string;
  readonly attributes: Attributes;
  /** The events, oldest first (at most SPAN_EVENT_LIMIT: the oldest are dropped). */
  events: readonly RecordedEvent[] = NO_EVENTS;
  links: readonly Link[];
  status: SpanStatus = UNSET_STATUS;
  /** Attributes not kept because the span already had SPAN_ATTRIBUTE_LIMIT. */
  droppedAttributesCount = 0;
  /** Where the span's trace is exported to; set by the listener when the span starts. */
  exportState: unknown = undefined;
  /** True when the span roots its trace in this process (set by the listener when the span starts). */
  isTraceRoot = false;
  private attributeCount = 0;
  private context: SpanContext | undefined;
  private readonly startedAt: SpanTime;
  private endedAt: SpanTime | undefined = undefined;
  // Keys of JSON_TEXT_BITS whose value was set by setJsonAttribute and not replaced since; other keys in a list.
  private jsonTextBits = 0;
  private jsonTextKeys: string[] | undefined = undefined;

  constructor(
    private readonly listener: RecordedSpanListener,
    init: {
      name: string;
      traceId: string;
      spanId: string;
      parentSpanContext: SpanContext | undefined;
      kind: SpanKind;
      startTimeUnixNano?: string;
      links?: Link[];
    },
  ) {
    this.name = flatten(init.name);
    this.traceId = init.traceId;
    this.spanId = init.spanId;
    this.parentSpanContext = init.parentSpanContext;
    this.kind = init.kind;
    this.startedAt = init.startTimeUnixNano ?? performance.now();
    this.attributes = {};
    this.links = init.links ?? NO_LINKS;
  }

  /** The start, nanoseconds since the epoch (a decimal string). */
  get startTimeUnixNano(): string {
    return toNanoseconds(this.startedAt);
  }

  /** The end, nanoseconds since the epoch (a decimal string); undefined while the span records. */
  get endTimeUnixNano(): string | undefined {
    return this.endedAt === undefined ? undefined : toNanoseconds(this.endedAt);
  }

  /** True once `end()` was called. */
  get ended(): boolean {
    return this.endedAt !== undefined;
  }

  /** The start as OpenTelemetry's [seconds, nanoseconds] (as a ReadableSpan has it). */
  get startTime(): HrTime {
    return nanosecondStringToHrTime(this.startTimeUnixNano);
  }

  spanContext(): SpanContext {
    return (this.context ??= { traceId: this.traceId, spanId: this.spanId, traceFlags: TRACE_FLAGS_SAMPLED, isRemote: false });
  }

  isRecording(): boolean {
    return this.endedAt === undefined;
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (value === null || value === undefined || this.endedAt !== undefined || typeof key !== 'string' || key.length === 0) return this;
    if (!isAttributeValue(value)) return this;
    if (this.jsonTextBits !== 0) this.jsonTextBits &= ~(JSON_TEXT_BITS[key] ?? 0);
    if (this.jsonTextKeys !== undefined) {
      const index = this.jsonTextKeys.indexOf(key);
      if (index >= 0) this.jsonTextKeys.splice(index, 1);
    }
    if (this.attributes[key] === undefined) {
      if (this.attributeCount >= SPAN_ATTRIBUTE_LIMIT) {
        this.droppedAttributesCount += 1;
        return this;
      }
      this.attributeCount += 1;
    }
    this.attributes[key] = typeof value === 'string' ? flatten(value) : value;
    return this;
  }

  /**
   * Sets a string attribute its caller guarantees is JSON text (Assay's
   * serialised inputs and outputs), so that exporting it needs no parse to
   * know it. A later `setAttribute` on the key drops the guarantee.
   */
  setJsonAttribute(key: string, json: string): this {
    if (this.endedAt !== undefined) return this;
    this.setAttribute(key, json);
    if (this.attributes[key] !== json) return this;
    const bit = JSON_TEXT_BITS[key];
    if (bit !== undefined) this.jsonTextBits |= bit;
    else (this.jsonTextKeys ??= []).push(key);
    return this;
  }

  /** True when the attribute's value came from `setJsonAttribute`. */
  holdsJsonText(key: string): boolean {
    const bit = JSON_TEXT_BITS[key];
    if (bit !== undefined) return (this.jsonTextBits & bit) !== 0;
    return this.jsonTextKeys !== undefined && this.jsonTextKeys.includes(key);
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) {
      if (Object.hasOwn(attributes, key)) this.setAttribute(key, attributes[key]!);
    }
    return this;
  }

  addEvent(name: string, attributesOrStartTime?: Attributes | TimeInput, startTime?: TimeInput): this {
    if (this.endedAt !== undefined) return this;
    let attributes: Attributes | undefined;
    let time = startTime;
    if (isTimeInput(attributesOrStartTime)) time ??= attributesOrStartTime;
    else attributes = attributesOrStartTime;
    const kept: Attributes = {};
    if (attributes !== undefined && attributes !== null) {
      for (const key in attributes) {
        const value = attributes[key];
        if (Object.hasOwn(attributes, key) && value !== null && value !== undefined && isAttributeValue(value)) kept[key] = value;
      }
    }
    const events = this.events === NO_EVENTS ? [] : (this.events as RecordedEvent[]);
    if (events.length >= SPAN_EVENT_LIMIT) events.shift();
    events.push({ name: String(name), timeUnixNano: timeInputToNanoseconds(time), attributes: kept });
    this.events = events;
    return this;
  }

  addLink(link: Link): this {
    if (this.endedAt === undefined) this.links = [...this.links, link];
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.endedAt !== undefined || status.code === STATUS_UNSET || this.status.code === STATUS_OK) return this;
    this.status = status.code === STATUS_ERROR && typeof status.message === 'string' ? { code: status.code, message: status.message } : { code: status.code };
    return this;
  }

  updateName(name: string): this {
    if (this.endedAt === undefined) this.name = flatten(name);
    return this;
  }

  /** Ends the span (a second call does nothing) and hands it to the listener. */
  end(endTime?: TimeInput): void {
    if (this.endedAt !== undefined) return;
    let end: SpanTime = endTime === undefined ? performance.now() : timeInputToNanoseconds(endTime);
    // An end before the start counts as a zero duration, as in OpenTelemetry's SDK.
    if (typeof end === 'number' && typeof this.startedAt === 'number') {
      if (end < this.startedAt) end = this.startedAt;
    } else {
      const start = toNanoseconds(this.startedAt);
      const text = toNanoseconds(end);
      if (text.length < start.length || (text.length === start.length && text < start)) end = this.startedAt;
    }
    this.endedAt = end;
    this.listener.onRecordedSpanEnd(this);
  }

  /** An `exception` event with OpenTelemetry's exception attributes (as the SDK records them). */
  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') {
      attributes['exception.message'] = exception;
    } else if (exception) {
      if (exception.code) attributes['exception.type'] = exception.code.toString();
      else if (exception.name) attributes['exception.type'] = exception.name;
      if (exception.message) attributes['exception.message'] = exception.message;
      if (exception.stack) attributes['exception.stacktrace'] = exception.stack;
    }
    if (attributes['exception.type'] !== undefined || attributes['exception.message'] !== undefined) this.addEvent('exception', attributes, time);
  }
}
