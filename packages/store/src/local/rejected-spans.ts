import { PACKED_SPAN_FIELD as F, PackedSpanRowsBuilder, PackedSpanRowsReader, type LogSpansOperation, type RejectedTrace } from '@assay/core';

/**
 * The part of a spooled span write that was left out (its traces belong to
 * other experiments, see LogSpansOperation.otherExperimentTraces), as a
 * write of its own: what `rejected_writes` keeps, so that it holds only the
 * spans that were not stored, not the whole write.
 */
export function rejectedSpansOf(operation: LogSpansOperation, traces: readonly RejectedTrace[]): LogSpansOperation {
  const traceIds = new Set(traces.map((trace) => trace.traceId));
  const spans: LogSpansOperation['spans'] = [];
  const encodings: NonNullable<LogSpansOperation['encodings']>[number][] = [];
  operation.spans.forEach((span, index) => {
    if (!traceIds.has(span.traceId)) return;
    spans.push(span);
    encodings.push(operation.encodings?.[index]);
  });
  const rejected: LogSpansOperation = { ...operation, spans };
  if (operation.encodings !== undefined) rejected.encodings = encodings;
  else delete rejected.encodings;
  if (operation.packed !== undefined) {
    const reader = PackedSpanRowsReader.read(operation.packed);
    const kept = new PackedSpanRowsBuilder();
    for (let row = 0; row < reader.count; row += 1) if (traceIds.has(reader.raw(row, F.traceId))) kept.appendRow(reader.row(row));
    rejected.packed = kept.build();
  }
  return rejected;
}

/** Why a spooled span write lost spans, for `rejected_writes` and the warning. */
export function rejectedTracesReason(operation: LogSpansOperation, traces: readonly RejectedTrace[]): Error {
  const named = traces
    .slice(0, 3)
    .map((trace) => `${trace.traceId} (experiment '${trace.experimentId}')`)
    .join(', ');
  const more = traces.length > 3 ? ` and ${traces.length - 3} more` : '';
  return new Error(
    `Spans of ${traces.length} trace(s) stored under another experiment than '${operation.experimentName ?? operation.experimentId}' were left out: ${named}${more}; a trace cannot move. The write's other spans were stored.`,
  );
}
