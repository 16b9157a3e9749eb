import type { LogSpansInput, Span, SpanEncoding } from '@assay/core';
import { RecordedSpan } from '../tracer/recorded-span.js';
import type { SpanBatch } from './span-exporter.js';
import { recordedSpanToEncodedSpan } from './to-assay-span.js';

/**
 * The batch as `Store.logSpans` input. Spans of Assay's tracer keep their
 * attributes as they were set, in the encodings, with the keys that hold
 * JSON text: nothing is parsed or copied, and the store writes that text.
 */
export function encodeSpanBatch(batch: SpanBatch): LogSpansInput {
  const { spans: finished, experimentId } = batch;
  const spans = new Array<Span>(finished.length);
  let encodings: (SpanEncoding | undefined)[] | undefined;
  for (let index = 0; index < finished.length; index += 1) {
    const span = finished[index]!;
    if (span instanceof RecordedSpan) {
      const encoded = recordedSpanToEncodedSpan(span);
      spans[index] = encoded.span;
      (encodings ??= new Array<SpanEncoding | undefined>(finished.length))[index] = encoded.encoding;
    } else {
      spans[index] = span;
    }
  }
  return encodings === undefined ? { experimentId, spans } : { experimentId, spans, encodings };
}
