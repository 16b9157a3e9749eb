import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import type { Span, SpanEvent, SpanStatus, SpanType } from '@assay/core';
import { readCost } from './read-cost.js';
import { withMappedPayloads } from './with-mapped-payloads.js';

const SPAN_COLUMNS =
  'trace_id, span_id, parent_span_id, name, span_type, start_time_ns, end_time_ns, status_code, status_message, attributes, events, input_cost, output_cost, total_cost';
// The payload columns ingest mapped from the span's attributes, read after SPAN_COLUMNS (see withMappedPayloads).
const PAYLOAD_COLUMNS = 'inputs, outputs';

function present(value: DuckDBValue | undefined): boolean {
  return value !== null && value !== undefined;
}

/** Rebuilds a Span from a `spans` row read with SPAN_COLUMNS, and PAYLOAD_COLUMNS when read. */
function rowToSpan(row: readonly DuckDBValue[]): Span {
  const [traceId, spanId, parentSpanId, name, spanType, startTimeNs, endTimeNs, statusCode, statusMessage, attributes, events, inputCost, outputCost, totalCost, inputs, outputs] =
    row;
  const status: SpanStatus = { code: String(statusCode) as SpanStatus['code'] };
  if (present(statusMessage)) status.message = String(statusMessage);
  const cost = readCost(inputCost, outputCost, totalCost);
  return {
    traceId: String(traceId),
    spanId: String(spanId),
    ...(present(parentSpanId) ? { parentSpanId: String(parentSpanId) } : {}),
    name: String(name),
    spanType: String(spanType) as SpanType,
    startTimeUnixNano: String(startTimeNs),
    ...(present(endTimeNs) ? { endTimeUnixNano: String(endTimeNs) } : {}),
    status,
    attributes: withMappedPayloads(JSON.parse(String(attributes)) as Record<string, unknown>, inputs, outputs),
    events: JSON.parse(String(events)) as SpanEvent[],
    ...(cost !== undefined ? { cost } : {}),
  };
}

/** Options of readTraceSpans. */
export interface ReadTraceSpansOptions {
  /**
   * Give each span the inputs and outputs ingest mapped from its attributes
   * (see withMappedPayloads), as readers are shown spans; default false: the
   * spans as they were stored, as the writer re-summarizes them (mapped
   * payloads written back would be encoded anew, changing the previews).
   */
  mappedPayloads?: boolean;
}

/** Reads every stored span of the given traces, in no particular order. */
export async function readTraceSpans(connection: DuckDBConnection, traceIds: readonly string[], { mappedPayloads = false }: ReadTraceSpansOptions = {}): Promise<Span[]> {
  if (traceIds.length === 0) return [];
  const columns = mappedPayloads ? `${SPAN_COLUMNS}, ${PAYLOAD_COLUMNS}` : SPAN_COLUMNS;
  const result = await connection.runAndReadAll(
    traceIds.length === 1
      ? `SELECT ${columns} FROM spans WHERE trace_id = $1`
      : `SELECT ${columns} FROM spans WHERE trace_id IN (SELECT unnest($1))`,
    [traceIds.length === 1 ? traceIds[0]! : listValue([...traceIds])],
  );
  return result.getRows().map(rowToSpan);
}
