import type { LogSpansInput } from '@assay/core';
import type { SpanBatch } from './span-exporter.js';

/**
 * The batch as `Store.logSpans` input: its packed rows as they are (each
 * span was packed once, when it was queued), nothing parsed or copied.
 */
export function encodeSpanBatch(batch: SpanBatch): LogSpansInput {
  return { experimentId: batch.experimentId, packed: batch.rows };
}
