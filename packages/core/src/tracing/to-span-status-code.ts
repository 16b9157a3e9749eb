import type { SpanStatus } from '../entities/trace.js';

/** Core's status code of OpenTelemetry's (`SpanStatusCode`, OTLP's `Status.code`): 1 OK, 2 ERROR, anything else UNSET. */
export function toSpanStatusCode(code: number | undefined): SpanStatus['code'] {
  return code === 2 ? 'ERROR' : code === 1 ? 'OK' : 'UNSET';
}
