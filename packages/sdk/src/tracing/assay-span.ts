import { ASSAY_ATTRIBUTES, errorMessage } from '@assay/core';
import type { Context, Span as OtelSpan, SpanStatusCode } from '@opentelemetry/api';
import { toAssayTraceId } from '../export/to-assay-span.js';
import { openTelemetry } from '../tracer/otel-api.js';
import { STATUS_ERROR, STATUS_OK, STATUS_UNSET } from '../tracer/otel-constants.js';
import { RecordedSpan } from '../tracer/recorded-span.js';
import { serializeJsonData, serializeValue } from './serialize-value.js';

/** A span status as Assay reports it. */
export type AssaySpanStatusCode = 'UNSET' | 'OK' | 'ERROR';

const STATUS_CODES: Record<AssaySpanStatusCode, SpanStatusCode> = {
  UNSET: STATUS_UNSET,
  OK: STATUS_OK,
  ERROR: STATUS_ERROR,
};

function warn(message: string, error: unknown): void {
  console.warn(`[assay] ${message}: ${errorMessage(error)}`);
}

/**
 * A handle on one span of a trace, from `startSpan`, `withSpan` or inside
 * `trace`. Inputs, outputs and non-primitive attribute values are stored as
 * JSON text (MLflow's convention) and only serialised while the span records.
 * Its methods never throw.
 */
export class AssaySpan {
  /** The span id (16 hex characters). */
  readonly spanId: string;
  /** The trace id: `tr-` + 32 hex characters. */
  readonly traceId: string;
  /** The OpenTelemetry span underneath. */
  readonly openTelemetrySpan: OtelSpan;
  /** True when this span started its trace. */
  readonly isRoot: boolean;
  private outputsRecorded = false;
  private ended = false;
  private readonly parentContext: Context;
  private readonly onEnd: ((span: AssaySpan) => void) | undefined;
  private activeContext: Context | undefined;

  /** @internal Use `startSpan`, `withSpan` or `trace`. */
  constructor(options: { span: OtelSpan; parentContext: Context; isRoot: boolean; onEnd: ((span: AssaySpan) => void) | undefined }) {
    this.openTelemetrySpan = options.span;
    this.parentContext = options.parentContext;
    this.isRoot = options.isRoot;
    this.onEnd = options.onEnd;
    const spanContext = options.span.spanContext();
    this.spanId = spanContext.spanId;
    this.traceId = toAssayTraceId(spanContext.traceId);
  }

  /**
   * The OpenTelemetry context with this span active (children started in it
   * are its children). Made when first asked for: a span nothing runs inside,
   * such as an LLM call's, never needs one.
   */
  get context(): Context {
    return (this.activeContext ??= openTelemetry().trace.setSpan(this.parentContext, this.openTelemetrySpan));
  }

  /** False when tracing is off for this span (nothing it is given is serialised). */
  get isRecording(): boolean {
    return this.openTelemetrySpan.isRecording();
  }

  /** True once outputs were set. */
  get hasOutputs(): boolean {
    return this.outputsRecorded;
  }

  /** Records what the operation was given (any value; stored as JSON). */
  setInputs(inputs: unknown): this {
    if (this.isRecording) this.setJsonText(ASSAY_ATTRIBUTES.spanInputs, serializeValue(inputs));
    return this;
  }

  /** @internal Records inputs that are JSON data already (API request bodies), serialised the fast way. */
  setJsonInputs(inputs: unknown): this {
    if (this.isRecording) this.setJsonText(ASSAY_ATTRIBUTES.spanInputs, serializeJsonData(inputs));
    return this;
  }

  /** @internal Records outputs that are JSON data already (parsed API responses), serialised the fast way. */
  setJsonOutputs(outputs: unknown): this {
    this.outputsRecorded = true;
    if (this.isRecording) this.setJsonText(ASSAY_ATTRIBUTES.spanOutputs, serializeJsonData(outputs));
    return this;
  }

  /** Records what the operation produced (any value; stored as JSON). */
  setOutputs(outputs: unknown): this {
    this.outputsRecorded = true;
    if (this.isRecording) this.setJsonText(ASSAY_ATTRIBUTES.spanOutputs, serializeValue(outputs));
    return this;
  }

  /** @internal Sets an attribute to JSON text its caller built (Assay's own attributes, such as token usage). */
  setJsonTextAttribute(key: string, json: string): this {
    if (this.isRecording) this.setJsonText(key, json);
    return this;
  }

  /** Sets an attribute to JSON text from Assay's serialisers: Assay's own spans then export it without parsing it. */
  private setJsonText(key: string, json: string): void {
    const span = this.openTelemetrySpan;
    if (span instanceof RecordedSpan) span.setJsonAttribute(key, json);
    else span.setAttribute(key, json);
  }

  /** Sets one attribute: strings, numbers and booleans as they are, other values as JSON. */
  setAttribute(key: string, value: unknown): this {
    if (!this.isRecording || value === undefined) return this;
    try {
      const isPrimitive = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
      this.openTelemetrySpan.setAttribute(key, isPrimitive ? value : serializeValue(value));
    } catch (error) {
      warn(`could not set span attribute ${key}`, error);
    }
    return this;
  }

  /** Sets several attributes, as `setAttribute` does. */
  setAttributes(attributes: Record<string, unknown>): this {
    for (const key in attributes) {
      if (Object.hasOwn(attributes, key)) this.setAttribute(key, attributes[key]);
    }
    return this;
  }

  /** Sets the span status; `ERROR` takes a message. */
  setStatus(code: AssaySpanStatusCode, message?: string): this {
    try {
      this.openTelemetrySpan.setStatus(message === undefined ? { code: STATUS_CODES[code] } : { code: STATUS_CODES[code], message });
    } catch (error) {
      warn('could not set span status', error);
    }
    return this;
  }

  /** Records an `exception` event and sets the status to ERROR with the error's message. */
  recordException(error: unknown): this {
    if (!this.isRecording) return this;
    try {
      const message = errorMessage(error);
      // SDK errors often keep Error's default name (openai's RateLimitError is
      // named 'Error'): the class name tells more as the exception type.
      const type = error instanceof Error ? (error.name === 'Error' && error.constructor.name !== 'Error' ? error.constructor.name : error.name) : undefined;
      this.openTelemetrySpan.recordException(error instanceof Error ? { name: type!, message: error.message, ...(error.stack !== undefined ? { stack: error.stack } : {}) } : message);
      this.setStatus('ERROR', message);
    } catch (recordError) {
      warn('could not record an exception on a span', recordError);
    }
    return this;
  }

  /** Ends the span (later calls do nothing); a root span's end closes its trace for `updateCurrentTrace`. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.openTelemetrySpan.end();
    } catch (error) {
      warn('could not end a span', error);
    }
    this.onEnd?.(this);
  }
}
