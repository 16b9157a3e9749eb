import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import {
  PACKED_FIELD_SEPARATOR,
  PACKED_SPAN_FIELD as F,
  packText,
  PackedSpanRowsReader,
  concatPackedSpanRows,
  packSpans,
  type Cost,
  type LogSpansOperation,
  type ModelPriceTable,
  type PackedSpanRows,
  type RejectedTrace,
  type TokenUsage,
} from '@assay/core';
import { nanosecondsToMilliseconds, rootSummary, type RootSummary } from '../ingest/root-summary.js';
import { SPAN_ROWS_STAGING_TABLES, insertSpanRows } from '../ingest/span-to-rows.js';
import { fieldSql, nullableFieldSql, textSql } from '../ingest/split-fields-sql.js';
import { SpanWriterState, addSpanRow, createTraceSpanState, measureTrace, type TraceSpanState } from '../ingest/trace-span-state.js';
import { readTraceSpans } from '../queries/read-trace-spans.js';
import { readPrepared, runPrepared } from '../duckdb/prepared-statements.js';

/** Staging tables of span writes (temporary, per connection). */
export const SPAN_STAGING_TABLES: readonly string[] = [
  'CREATE TEMP TABLE IF NOT EXISTS stage_span_keys (trace_id VARCHAR, span_id VARCHAR)',
  'CREATE TEMP TABLE IF NOT EXISTS stage_trace_tags (trace_id VARCHAR, key VARCHAR, value VARCHAR)',
  'CREATE TEMP TABLE IF NOT EXISTS stage_trace_rows (packed VARCHAR)',
  ...SPAN_ROWS_STAGING_TABLES,
];

// A trace row staged as one text (stage_trace_rows), its fields separated by
// US (chr 31) as in the `traces` table, text escaped as in PackedSpanRows:
// DuckDB splits it. One string per trace crosses into DuckDB, not twenty values.
const TRACE_FIELDS = [
  fieldSql(0),
  textSql(fieldSql(1)),
  textSql(nullableFieldSql(2)),
  textSql(nullableFieldSql(3)),
  `CAST(${fieldSql(4)} AS BIGINT)`,
  `CAST(${nullableFieldSql(5)} AS BIGINT)`,
  `CAST(${nullableFieldSql(6)} AS BIGINT)`,
  fieldSql(7),
  textSql(nullableFieldSql(8)),
  textSql(nullableFieldSql(9)),
  `CAST(${nullableFieldSql(10)} AS BIGINT)`,
  `CAST(${nullableFieldSql(11)} AS BIGINT)`,
  `CAST(${nullableFieldSql(12)} AS BIGINT)`,
  textSql(nullableFieldSql(13)),
  textSql(nullableFieldSql(14)),
  fieldSql(15),
  nullableFieldSql(16),
  `CAST(${nullableFieldSql(17)} AS DOUBLE)`,
  `CAST(${nullableFieldSql(18)} AS DOUBLE)`,
  `CAST(${nullableFieldSql(19)} AS DOUBLE)`,
].join(', ');
const STAGED_TRACES = `SELECT ${TRACE_FIELDS} FROM (SELECT string_split(packed, chr(31)) AS f FROM stage_trace_rows)`;

// New traces: those stored already are found first (an index lookup) and
// summarised again below; the rest are appended to `traces` with the
// Appender, typed values from JavaScript. Measured on a 40-trace batch, the
// staged text split by DuckDB with `ON CONFLICT DO NOTHING` cost 6.3 ms of
// CPU, most of a transaction's; a batch has few traces, so the values cost
// little to append one by one.
// A burst of one-span traces makes one trace per span: there this step (the
// summary, then the append) took ~30% of the store thread's time per
// transaction, as much as the span rows. Two other ways were measured A/B
// and gave no difference in the thread's CPU or its time per transaction
// (issue 12, lever 1): data chunks (typed vectors, only non-NULL text crossing
// one value at a time) and one packed text for all the rows, split by DuckDB
// in a prepared INSERT. Fewer calls do not help: the time is in DuckDB's
// own work on the rows (the primary key's index, presumably), not in the calls.
// With their experiments: a batch that rejects other experiments' traces
// (LogSpansOperation.otherExperimentTraces) is checked against them.
const FIND_STORED_TRACES = 'SELECT trace_id, experiment_id FROM traces WHERE trace_id IN (SELECT unnest($1))';

// Stored traces: usage, cost and request time are the writer's; the root's
// columns change only when the staged row has the root (root_span_id set).
const ROOT_COLUMNS = [
  'run_id',
  'name',
  'execution_duration_ms',
  'end_time_ms',
  'state',
  'request_preview',
  'response_preview',
  'session_id',
  'user_id',
  'metadata',
  'root_span_id',
];
const UPSERT_STORED_TRACES = `INSERT INTO traces ${STAGED_TRACES} ON CONFLICT (trace_id) DO UPDATE SET
    request_time = excluded.request_time,
    input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, total_tokens = excluded.total_tokens,
    input_cost = excluded.input_cost, output_cost = excluded.output_cost, total_cost = excluded.total_cost,
    ${ROOT_COLUMNS.map((column) => `${column} = CASE WHEN excluded.root_span_id IS NULL THEN traces.${column} ELSE excluded.${column} END`).join(',\n    ')}`;

const writerStates = new WeakMap<DuckDBConnection, SpanWriterState>();

/** The span writer's memory of the traces this connection wrote recently (see SpanWriterState). */
export function spanWriterStateOf(connection: DuckDBConnection): SpanWriterState {
  let state = writerStates.get(connection);
  if (state === undefined) writerStates.set(connection, (state = new SpanWriterState()));
  return state;
}

/**
 * Makes the span writer forget what it knows of some traces (deleted ones),
 * or of all of them: after a rolled-back transaction, whose writes it had
 * already noted. Forgetting costs only reads: a trace it does not know is
 * summarised with its stored spans.
 */
export function forgetSpanWriterState(connection: DuckDBConnection, traceIds?: Iterable<string>): void {
  if (traceIds === undefined) writerStates.delete(connection);
  else writerStates.get(connection)?.forget(traceIds);
}

/** A batch of spans accepted for writing: an operation's spans (packed by the writer) and packed rows. */
export type SpanWriteBatch = Pick<LogSpansOperation, 'experimentId' | 'spans' | 'encodings' | 'packed' | 'otherExperimentTraces'>;

/** One trace of a write: its experiment (the stored trace's, else the first batch's that names it) and its spans' rows, the last copy of each. */
interface TraceWrite {
  experimentId: string;
  spans: Map<string, number>;
}

/** A trace whose summary row is written, with the rows text its root comes from when this write has the root. */
interface SummarizedTrace {
  traceId: string;
  experimentId: string;
  state: TraceSpanState;
  root?: { reader: PackedSpanRowsReader; row: number } | undefined;
}

/** The values of a `traces` row. */
interface TraceRow {
  traceId: string;
  experimentId: string;
  requestTime: number;
  root: RootSummary | undefined;
  usage: TokenUsage | undefined;
  cost: Cost | undefined;
}

/**
 * Stores accepted span batches inside the caller's transaction. Every batch
 * is read as packed rows (spans given as objects are packed first): one
 * reader over all of them, no `Span` object built. Span rows go to the
 * `spans` table in one statement that has DuckDB split the rows text into
 * fields (see insertSpanRows); re-sent spans replace their stored rows. Each touched trace's summary is brought up to date
 * without reading its stored spans when the writer remembers the trace (it
 * keeps each recent trace's span parents and usage, see SpanWriterState):
 * new traces are inserted, stored ones upserted with merge rules (usage, cost
 * and request time from the writer's state; the root's columns when the
 * write holds the root). Only a stored trace the writer does not remember
 * has its spans read back. A trace keeps the experiment it was first logged to
 * (stored, else the first batch's here); a batch with `otherExperimentTraces:
 * 'reject'` loses its spans of traces of another experiment.
 * @returns index-aligned with `batches`: the traces each batch's spans were left out of.
 */
export async function writeSpans(connection: DuckDBConnection, batches: readonly SpanWriteBatch[], prices: ModelPriceTable): Promise<RejectedTrace[][]> {
  try {
    return await writeBatches(connection, batches, prices, spanWriterStateOf(connection));
  } catch (error) {
    // Whatever it noted of this write may not be stored.
    forgetSpanWriterState(connection);
    throw error;
  }
}

async function writeBatches(
  connection: DuckDBConnection,
  batches: readonly SpanWriteBatch[],
  prices: ModelPriceTable,
  writerState: SpanWriterState,
): Promise<RejectedTrace[][]> {
  const rejected: RejectedTrace[][] = batches.map(() => []);
  const parts: PackedSpanRows[] = [];
  const partBatches: number[] = [];
  batches.forEach((batch, index) => {
    if (batch.spans.length > 0) {
      parts.push(packSpans(batch.spans, batch.encodings));
      partBatches.push(index);
    }
    if (batch.packed !== undefined && batch.packed.count > 0) {
      parts.push(batch.packed);
      partBatches.push(index);
    }
  });
  if (parts.length === 0) return rejected;
  const reader = PackedSpanRowsReader.read(concatPackedSpanRows(parts));

  // Each row's batch, and each trace's experiment: the first batch's that names it ...
  const rowBatches = new Int32Array(reader.count);
  const experiments = new Map<string, string>();
  let part = 0;
  let partEnd = parts[0]!.count;
  for (let row = 0; row < reader.count; row += 1) {
    while (row >= partEnd) partEnd += parts[++part]!.count;
    rowBatches[row] = partBatches[part]!;
    const traceId = reader.raw(row, F.traceId);
    if (!experiments.has(traceId)) experiments.set(traceId, batches[partBatches[part]!]!.experimentId);
  }
  // ... unless it is stored: the writer's state knows the experiment of the traces it remembers; the others are looked up.
  const unknown: string[] = [];
  for (const traceId of experiments.keys()) {
    const known = writerState.get(traceId)?.experimentId;
    if (known === undefined) unknown.push(traceId);
    else experiments.set(traceId, known);
  }
  // A trace the writer did not remember may be stored already (written before this connection, or forgotten).
  const storedAlready = new Set<string>();
  if (unknown.length > 0) {
    const found = await readPrepared(connection, FIND_STORED_TRACES, [listValue(unknown)]);
    const [traceIds = [], experimentIds = []] = found.getColumns();
    traceIds.forEach((traceId, index) => {
      storedAlready.add(String(traceId));
      experiments.set(String(traceId), String(experimentIds[index]));
    });
  }

  // Rows by trace and span (a span sent twice counts once, the last copy), without those a batch rejects.
  const traces = new Map<string, TraceWrite>();
  let skipped = false;
  for (let row = 0; row < reader.count; row += 1) {
    const traceId = reader.raw(row, F.traceId);
    const experimentId = experiments.get(traceId)!;
    const batch = batches[rowBatches[row]!]!;
    if (batch.otherExperimentTraces === 'reject' && batch.experimentId !== experimentId) {
      const ofBatch = rejected[rowBatches[row]!]!;
      if (!ofBatch.some((trace) => trace.traceId === traceId)) ofBatch.push({ traceId, experimentId });
      skipped = true;
      continue;
    }
    const spanId = reader.raw(row, F.spanId);
    let trace = traces.get(traceId);
    if (trace === undefined) traces.set(traceId, (trace = { experimentId, spans: new Map() }));
    else if (trace.spans.has(spanId)) skipped = true;
    trace.spans.set(spanId, row);
  }
  if (traces.size === 0) return rejected;

  // Each priced span's cost, for its row (its trace's is summed from the state).
  const costs = new Float64Array(reader.count * 3).fill(Number.NaN);
  for (let row = 0; row < reader.count; row += 1) {
    if (reader.isEmpty(row, F.totalTokens)) continue;
    const usage = { inputTokens: reader.numberOf(row, F.inputTokens)!, outputTokens: reader.numberOf(row, F.outputTokens)!, totalTokens: reader.numberOf(row, F.totalTokens)! };
    const cost = prices.costOf(usage, reader.textOf(row, F.model));
    if (cost === undefined) continue;
    costs[row * 3] = cost.inputCost;
    costs[row * 3 + 1] = cost.outputCost;
    costs[row * 3 + 2] = cost.totalCost;
  }

  // Traces the writer remembers are updated from their state; the others are taken as new.
  const fresh: SummarizedTrace[] = [];
  const stored: SummarizedTrace[] = [];
  const readBack: string[] = [];
  const replaced: [string, string][] = [];
  for (const [traceId, write] of traces) {
    const known = writerState.get(traceId);
    const state = known ?? createTraceSpanState();
    const summarized: SummarizedTrace = { traceId, experimentId: write.experimentId, state };
    let lostRoot = false;
    for (const [spanId, row] of write.spans) {
      if (known !== undefined && known.parents.has(spanId)) replaced.push([traceId, spanId]);
      const added = addSpanRow(state, reader, row, spanId);
      if (added === 'lost-root') {
        lostRoot = true;
        break;
      }
      if (added === 'root') summarized.root = { reader, row };
    }
    if (known === undefined) fresh.push(summarized);
    else if (!lostRoot) stored.push(summarized);
    else {
      // Only the stored spans can tell which span roots the trace now.
      writerState.forget([traceId]);
      for (let index = replaced.length - 1; index >= 0 && replaced[index]![0] === traceId; index -= 1) replaced.pop();
      readBack.push(traceId);
    }
  }

  const remembered: SummarizedTrace[] = [];
  if (fresh.length > 0) {
    const created: SummarizedTrace[] = [];
    for (const trace of fresh) {
      if (storedAlready.has(trace.traceId)) readBack.push(trace.traceId);
      else created.push(trace);
    }
    await appendNewTraces(connection, created, prices);
    remembered.push(...created);
  }
  if (readBack.length > 0) stored.push(...(await summarizeWithStoredSpans(connection, readBack, traces, reader, replaced)));
  if (stored.length > 0) {
    await stageTraces(connection, stored, prices);
    await runPrepared(connection, UPSERT_STORED_TRACES);
    await runPrepared(connection, 'DELETE FROM stage_trace_rows');
    remembered.push(...stored);
  }

  if (replaced.length > 0) {
    const stage = await connection.createAppender('stage_span_keys', 'main', 'temp');
    for (const [traceId, spanId] of replaced) {
      stage.appendVarchar(traceId);
      stage.appendVarchar(spanId);
      stage.endRow();
    }
    stage.closeSync();
    await connection.run('DELETE FROM spans USING stage_span_keys s WHERE spans.trace_id = s.trace_id AND spans.span_id = s.span_id');
    await connection.run('DELETE FROM stage_span_keys');
  }

  let rows: Int32Array | undefined;
  if (skipped) {
    // A span sent twice in one write: only its last copy is written; rejected spans are not.
    const kept: number[] = [];
    for (const write of traces.values()) for (const row of write.spans.values()) kept.push(row);
    rows = Int32Array.from(kept).sort();
  }
  await insertSpanRows(connection, reader, { costs, rows });

  await writeTraceTags(connection, remembered);

  for (const trace of remembered) {
    trace.state.experimentId = trace.experimentId;
    writerState.remember(trace.traceId, trace.state);
  }
  writerState.trim();
  return rejected;
}

/**
 * Summaries of stored traces the writer does not remember: their stored
 * spans are read back and the trace's state rebuilt from them and the
 * incoming ones (which replace stored spans with the same id).
 */
async function summarizeWithStoredSpans(
  connection: DuckDBConnection,
  traceIds: readonly string[],
  traces: ReadonlyMap<string, TraceWrite>,
  reader: PackedSpanRowsReader,
  replaced: [string, string][],
): Promise<SummarizedTrace[]> {
  const storedReader = PackedSpanRowsReader.read(packSpans(await readTraceSpans(connection, traceIds)));
  const storedRows = new Map<string, number[]>();
  for (let row = 0; row < storedReader.count; row += 1) {
    const traceId = storedReader.raw(row, F.traceId);
    let rows = storedRows.get(traceId);
    if (rows === undefined) storedRows.set(traceId, (rows = []));
    rows.push(row);
  }
  return traceIds.map((traceId) => {
    const write = traces.get(traceId)!;
    const state = createTraceSpanState();
    const summarized: SummarizedTrace = { traceId, experimentId: write.experimentId, state };
    for (const row of storedRows.get(traceId) ?? []) {
      const spanId = storedReader.raw(row, F.spanId);
      if (write.spans.has(spanId)) {
        replaced.push([traceId, spanId]);
        continue;
      }
      if (addSpanRow(state, storedReader, row, spanId) === 'root') summarized.root = { reader: storedReader, row };
    }
    for (const [spanId, row] of write.spans) {
      if (addSpanRow(state, reader, row, spanId) === 'root') summarized.root = { reader, row };
    }
    return summarized;
  });
}

const US = PACKED_FIELD_SEPARATOR;
const optionalText = (text: string | undefined): string => (text === undefined ? '' : packText(text));
const optionalNumber = (value: number | undefined): string => (value === undefined ? '' : String(value));
const optionalCount = (value: number | undefined): string => (value === undefined ? '' : String(Math.round(value)));

/** A `traces` row as one staged text (see TRACE_FIELDS). */
function packTraceRow({ traceId, experimentId, requestTime, root, usage, cost }: TraceRow): string {
  return [
    traceId,
    packText(experimentId),
    optionalText(root?.runId),
    optionalText(root?.name),
    String(requestTime),
    optionalCount(root?.executionDurationMs),
    optionalCount(root?.endTimeMs),
    root?.state ?? 'IN_PROGRESS',
    optionalText(root?.requestPreview),
    optionalText(root?.responsePreview),
    optionalCount(usage?.inputTokens),
    optionalCount(usage?.outputTokens),
    optionalCount(usage?.totalTokens),
    optionalText(root?.sessionId),
    optionalText(root?.userId),
    root?.metadata ?? '{}',
    root?.rootSpanId ?? '',
    optionalNumber(cost?.inputCost),
    optionalNumber(cost?.outputCost),
    optionalNumber(cost?.totalCost),
  ].join(US);
}

/** The `traces` row of a summarised trace. */
function traceRowOf(trace: SummarizedTrace, prices: ModelPriceTable): TraceRow {
  const { usage, cost } = measureTrace(trace.state, prices);
  const root = trace.root === undefined ? undefined : rootSummary(trace.root.reader, trace.root.row);
  // The root's start, else (root still missing) the earliest span's.
  const requestTime = nanosecondsToMilliseconds(trace.state.root?.startNs ?? trace.state.earliestStartNs);
  return { traceId: trace.traceId, experimentId: trace.experimentId, requestTime, root, usage, cost };
}

/** Appends the rows of traces not stored yet to `traces`, in the table's column order. */
async function appendNewTraces(connection: DuckDBConnection, traces: readonly SummarizedTrace[], prices: ModelPriceTable): Promise<void> {
  if (traces.length === 0) return;
  const appender = await connection.createAppender('traces');
  const text = (value: string | undefined): void => (value === undefined ? appender.appendNull() : appender.appendVarchar(value));
  const count = (value: number | undefined): void => (value === undefined ? appender.appendNull() : appender.appendBigInt(BigInt(Math.round(value))));
  const number = (value: number | undefined): void => (value === undefined ? appender.appendNull() : appender.appendDouble(value));
  try {
    for (const trace of traces) {
      const { traceId, experimentId, requestTime, root, usage, cost } = traceRowOf(trace, prices);
      appender.appendVarchar(traceId);
      appender.appendVarchar(experimentId);
      text(root?.runId);
      text(root?.name);
      appender.appendBigInt(BigInt(requestTime));
      count(root?.executionDurationMs);
      count(root?.endTimeMs);
      appender.appendVarchar(root?.state ?? 'IN_PROGRESS');
      text(root?.requestPreview);
      text(root?.responsePreview);
      count(usage?.inputTokens);
      count(usage?.outputTokens);
      count(usage?.totalTokens);
      text(root?.sessionId);
      text(root?.userId);
      appender.appendVarchar(root?.metadata ?? '{}');
      text(root?.rootSpanId);
      number(cost?.inputCost);
      number(cost?.outputCost);
      number(cost?.totalCost);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}

/** Stages the summary rows of some traces in `stage_trace_rows`, one text per trace. */
async function stageTraces(connection: DuckDBConnection, traces: readonly SummarizedTrace[], prices: ModelPriceTable): Promise<void> {
  const appender = await connection.createAppender('stage_trace_rows', 'main', 'temp');
  for (const trace of traces) {
    appender.appendVarchar(packTraceRow(traceRowOf(trace, prices)));
    appender.endRow();
  }
  appender.closeSync();
}

/** Tags set while tracing (the root's `assay.trace.tags`) overwrite the same keys; tags set later through setTraceTag on other keys stay. */
async function writeTraceTags(connection: DuckDBConnection, traces: readonly SummarizedTrace[]): Promise<void> {
  const tags: [string, string, string][] = [];
  for (const trace of traces) {
    if (trace.root === undefined || trace.root.reader.isEmpty(trace.root.row, F.traceTags)) continue;
    const record = JSON.parse(trace.root.reader.raw(trace.root.row, F.traceTags)) as Record<string, string>;
    for (const [key, value] of Object.entries(record)) tags.push([trace.traceId, key, value]);
  }
  if (tags.length === 0) return;
  const appender = await connection.createAppender('stage_trace_tags', 'main', 'temp');
  for (const [traceId, key, value] of tags) {
    appender.appendVarchar(traceId);
    appender.appendVarchar(key);
    appender.appendVarchar(value);
    appender.endRow();
  }
  appender.closeSync();
  await connection.run('DELETE FROM trace_tags USING stage_trace_tags s WHERE trace_tags.trace_id = s.trace_id AND trace_tags.key = s.key');
  await connection.run('INSERT INTO trace_tags SELECT trace_id, key, value FROM stage_trace_tags');
  await connection.run('DELETE FROM stage_trace_tags');
}
