import type { Span } from '@assay/core';
import { RecordedSpan } from '../tracer/recorded-span.js';
import type { SpanBatch } from './span-exporter.js';
import { recordedSpanToAssaySpan } from './to-assay-span.js';

/** The batch as whole core `Span` objects, their attributes decoded (for exporters that are not Assay stores). */
export function decodeSpanBatch(batch: SpanBatch): Span[] {
  return batch.spans.map((span) => (span instanceof RecordedSpan ? recordedSpanToAssaySpan(span) : span));
}
