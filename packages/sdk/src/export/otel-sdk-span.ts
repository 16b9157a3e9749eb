import type { Attributes, HrTime, SpanContext, SpanStatus } from '@opentelemetry/api';

// The parts of @opentelemetry/sdk-trace-base's span and processor types that
// Assay uses, written out structurally: they match the SDK's own types, so
// Assay's processor plugs into an application's provider without Assay
// depending on (or loading) the SDK package.

/** A finished span of OpenTelemetry's SDK, as its `ReadableSpan` has it. */
export interface SdkReadableSpan {
  readonly name: string;
  readonly parentSpanContext?: SpanContext;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly ended: boolean;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly events: readonly { name: string; time: HrTime; attributes?: Attributes }[];
  spanContext(): SpanContext;
}

/** A started span of OpenTelemetry's SDK, as a processor's `onStart` gets it. */
export interface SdkStartedSpan {
  readonly parentSpanContext?: SpanContext;
  spanContext(): SpanContext;
  setAttribute(key: string, value: string): unknown;
}
