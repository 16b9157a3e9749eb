import { unpackSpanRows, type Span } from '@assay/core';
import type { SpanBatch } from './span-exporter.js';

/** The batch as whole core `Span` objects, their attributes decoded (for exporters that are not Assay stores). */
export function decodeSpanBatch(batch: SpanBatch): Span[] {
  return unpackSpanRows(batch.rows);
}
