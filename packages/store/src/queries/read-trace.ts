import type { DuckDBConnection } from '@duckdb/node-api';
import { NotFoundError, type Trace, type TraceIdInput } from '@assay/core';
import { orderSpans } from '../ingest/order-spans.js';
import { readTraceInfos } from './read-trace-infos.js';
import { readTraceSpans } from './read-trace-spans.js';

/** One trace with its spans, parents before children, with the payloads mapped at ingest; NotFoundError for an unknown id. */
export async function readTrace(connection: DuckDBConnection, { traceId }: TraceIdInput): Promise<Trace> {
  const [info] = await readTraceInfos(connection, { where: 't.trace_id = $1', values: [String(traceId)] });
  if (!info) throw new NotFoundError(`Trace '${traceId}' not found. Check the trace id.`);
  return { info, spans: orderSpans(await readTraceSpans(connection, [info.traceId], { mappedPayloads: true })) };
}
