// bench/tracing: the store alone, rows/s and app-thread CPU per row. The same
// span rows written to a fresh database file 20,000 per transaction, five
// ways, in one run (rounds alternate, medians reported):
//   DuckDB's row-by-row Appender, one call per value (the baseline tracing.bench uses),
//   data chunks: packed rows decoded into DuckDB data chunks, every column's vector filled (below),
//   the batch as one string, split into rows and fields by DuckDB (insertSpanRows, as: 'batch'),
//   one string per row, staged as data chunks, split into fields by DuckDB (insertSpanRows, as: 'rows'),
//   the whole store write: DuckDbStore.logSpans({ packed }) (validation, trace summaries, rows, commit;
//   the store picks 'batch' or 'rows' by row size).
// For small spans (~0.3 KB, 10-span traces) and realistic chat spans (~1.5 KB:
// gen_ai attributes, messages in and out; a chain span around each call).
// Run: pnpm bench tracing, or node --import tsx bench/tracing/store-append.bench.ts (after pnpm run build)
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DuckDBInstance,
  type DuckDBAppender,
  type DuckDBBigIntVector,
  type DuckDBDoubleVector,
  type DuckDBVarCharVector,
} from '@duckdb/node-api';
import {
  ASSAY_ATTRIBUTES,
  GEN_AI_ATTRIBUTES,
  PACKED_SPAN_FIELD as F,
  PackedSpanRowsBuilder,
  PackedSpanRowsReader,
  createModelPriceTable,
  type PackedSpanRows,
  type Span,
  type SpanEncoding,
} from '@assay/core';
import { DuckDbStore } from '@assay/store';
// Internal to @assay/store, imported from its source (they import only @assay/core and DuckDB).
import { appendColumns } from '../../packages/store/src/ingest/append-columns.js';
import { insertSpanRows } from '../../packages/store/src/ingest/span-to-rows.js';
import { appThreadClock, describeClocks } from '../lib/cpu-clock.js';
import { median } from '../lib/report.js';

const ROWS = 100_000;
const PER_TRANSACTION = 20_000;
const REPEATS = 5;
const T = 1_700_000_000_000_000_000n;

const hex = (value: number, length: number): string => value.toString(16).padStart(length, '0');

/** A span with its attributes as Assay's tracer hands them over: JSON text for what it serialised. */
interface EncodedSpan {
  span: Span;
  encoding: SpanEncoding;
}

function encoded(span: Span, attributes: Record<string, unknown>, jsonKeys: string[]): EncodedSpan {
  return { span: { ...span, attributes: {} }, encoding: { attributes, jsonKeys } };
}

function baseSpan(trace: number, id: number, parent: number | undefined, name: string, start: bigint, durationNs: bigint): Span {
  return {
    traceId: `tr-${hex(trace, 32)}`,
    spanId: hex(id, 16),
    ...(parent === undefined ? {} : { parentSpanId: hex(parent, 16) }),
    name,
    spanType: 'UNKNOWN',
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + durationNs),
    status: { code: 'OK' },
    attributes: {},
    events: [],
  };
}

/** tracing.bench's spans: a `request` root with nine `step` children, small inputs and outputs. */
function smallSpans(count: number): EncodedSpan[] {
  const spans: EncodedSpan[] = [];
  for (let index = 0; spans.length < count; index += 1) {
    const trace = index + 1;
    const start = T + BigInt(index) * 10_000_000n;
    spans.push(
      encoded(baseSpan(trace, trace * 16, undefined, 'request', start, 9_000_000n), { [ASSAY_ATTRIBUTES.spanType]: '"CHAIN"', [ASSAY_ATTRIBUTES.spanInputs]: '{}', [ASSAY_ATTRIBUTES.spanOutputs]: String(36) }, [
        ASSAY_ATTRIBUTES.spanType,
        ASSAY_ATTRIBUTES.spanInputs,
        ASSAY_ATTRIBUTES.spanOutputs,
      ]),
    );
    for (let step = 0; step < 9 && spans.length < count; step += 1) {
      spans.push(
        encoded(
          baseSpan(trace, trace * 16 + step + 1, trace * 16, 'step', start + BigInt(step) * 1_000_000n, 900_000n),
          { [ASSAY_ATTRIBUTES.spanType]: '"TOOL"', [ASSAY_ATTRIBUTES.spanInputs]: `{"index":${step}}`, [ASSAY_ATTRIBUTES.spanOutputs]: `{"index":${step},"text":"ok"}` },
          [ASSAY_ATTRIBUTES.spanType, ASSAY_ATTRIBUTES.spanInputs, ASSAY_ATTRIBUTES.spanOutputs],
        ),
      );
    }
  }
  return spans;
}

const SYSTEM = 'You are a concise assistant for a travel agency. Answer with practical advice, name opening hours when you know them, and keep every answer under one hundred and fifty words. Prefer places reachable by public transport, and mention prices in euros.';
const QUESTION = 'We are in Paris for a long weekend with two children aged eight and eleven, and the forecast says it will rain all Sunday. Which three museums should we see, in which order, and where can we have lunch nearby without queueing for an hour? We would like to avoid the busiest places if possible.';
const ANSWER = 'Start at the Musée des Arts et Métiers when it opens at 10:00: the machines and the Foucault pendulum keep children busy, and it is rarely crowded on Sunday mornings. Walk twelve minutes to the Musée Carnavalet (free, 10:00–18:00) for the history of Paris, then lunch at the Marché des Enfants Rouges nearby. End the day at the Cité des Sciences, where the Cité des Enfants needs a timed ticket: book it in the morning.';

/** Chat spans of autologged OpenAI calls (~1.5 KB each), each inside a small chain span. */
function chatSpans(count: number): EncodedSpan[] {
  const spans: EncodedSpan[] = [];
  for (let index = 0; spans.length < count; index += 1) {
    const trace = index + 1;
    const start = T + BigInt(index) * 10_000_000n;
    const inputs = JSON.stringify({ messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: QUESTION }], model: 'gpt-4o-mini', temperature: 0.3 });
    const outputs = JSON.stringify({
      id: `chatcmpl-${hex(index, 24)}`,
      choices: [{ index: 0, message: { role: 'assistant', content: ANSWER }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 142, completion_tokens: 118, total_tokens: 260 },
    });
    spans.push(
      encoded(baseSpan(trace, trace * 4, undefined, 'plan_trip', start, 2_000_000_000n), { [ASSAY_ATTRIBUTES.spanType]: '"CHAIN"', [ASSAY_ATTRIBUTES.spanInputs]: JSON.stringify({ question: QUESTION.slice(0, 80) }) }, [
        ASSAY_ATTRIBUTES.spanType,
        ASSAY_ATTRIBUTES.spanInputs,
      ]),
    );
    if (spans.length === count) break;
    spans.push(
      encoded(
        baseSpan(trace, trace * 4 + 1, trace * 4, 'chat gpt-4o-mini', start + 1_000_000n, 1_900_000_000n),
        {
          [ASSAY_ATTRIBUTES.spanType]: '"CHAT_MODEL"',
          [GEN_AI_ATTRIBUTES.operationName]: 'chat',
          [GEN_AI_ATTRIBUTES.providerName]: 'openai',
          [GEN_AI_ATTRIBUTES.requestModel]: 'gpt-4o-mini',
          [GEN_AI_ATTRIBUTES.requestTemperature]: 0.3,
          [GEN_AI_ATTRIBUTES.responseModel]: 'gpt-4o-mini-2024-07-18',
          [GEN_AI_ATTRIBUTES.responseId]: `chatcmpl-${hex(index, 24)}`,
          [GEN_AI_ATTRIBUTES.responseFinishReasons]: ['stop'],
          [GEN_AI_ATTRIBUTES.usageInputTokens]: 142,
          [GEN_AI_ATTRIBUTES.usageOutputTokens]: 118,
          [ASSAY_ATTRIBUTES.tokenUsage]: '{"input_tokens":142,"output_tokens":118,"total_tokens":260}',
          [ASSAY_ATTRIBUTES.spanInputs]: inputs,
          [ASSAY_ATTRIBUTES.spanOutputs]: outputs,
        },
        [ASSAY_ATTRIBUTES.spanType, ASSAY_ATTRIBUTES.tokenUsage, ASSAY_ATTRIBUTES.spanInputs, ASSAY_ATTRIBUTES.spanOutputs],
      ),
    );
  }
  return spans;
}

/** The spans packed, one batch per transaction; and the time packing took (app-thread work, done once per span when it finishes). */
function pack(spans: readonly EncodedSpan[]): { batches: PackedSpanRows[]; microsecondsPerSpan: number } {
  const batches: PackedSpanRows[] = [];
  const started = performance.now();
  for (let start = 0; start < spans.length; start += PER_TRANSACTION) {
    const builder = new PackedSpanRowsBuilder();
    for (const { span, encoding } of spans.slice(start, start + PER_TRANSACTION)) builder.appendSpan(span, encoding);
    batches.push(builder.build());
  }
  return { batches, microsecondsPerSpan: ((performance.now() - started) * 1000) / spans.length };
}

async function freshDatabase<T>(work: (path: string) => Promise<T>): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), 'assay-bench-append-'));
  try {
    return await work(join(root, 'assay.duckdb'));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

// The data-chunk way: every column of the spans table filled from the rows
// text (fields sliced out, times parsed into BIGINT vectors, costs into
// DOUBLE vectors), 2,048 rows per chunk, handed to one Appender.
const RAW_FIELDS: Readonly<Record<number, number>> = { 0: F.traceId, 1: F.spanId, 4: F.spanType, 7: F.statusCode, 9: F.attributes, 10: F.events };
const TEXT_FIELDS: Readonly<Record<number, number>> = { 3: F.name, 8: F.statusMessage, 11: F.inputs, 12: F.outputs };
function appendSpanColumns(appender: DuckDBAppender, reader: PackedSpanRowsReader, costs: Float64Array): void {
  appendColumns(appender, reader.count, (column, vector, from, to) => {
    const raw = RAW_FIELDS[column];
    const text = TEXT_FIELDS[column];
    if (raw !== undefined) {
      for (let row = from; row < to; row += 1) (vector as DuckDBVarCharVector).setItem(row - from, reader.raw(row, raw));
    } else if (text !== undefined) {
      for (let row = from; row < to; row += 1) (vector as DuckDBVarCharVector).setItem(row - from, reader.textOf(row, text) ?? null);
    } else if (column === 2) {
      for (let row = from; row < to; row += 1) (vector as DuckDBVarCharVector).setItem(row - from, reader.isEmpty(row, F.parentSpanId) ? null : reader.raw(row, F.parentSpanId));
    } else if (column === 5 || column === 6) {
      const field = column === 5 ? F.startTimeUnixNano : F.endTimeUnixNano;
      for (let row = from; row < to; row += 1) (vector as DuckDBBigIntVector).setItem(row - from, reader.isEmpty(row, field) ? null : BigInt(reader.raw(row, field)));
    } else {
      for (let row = from; row < to; row += 1) {
        const cost = costs[row * 3 + column - 13]!;
        (vector as DuckDBDoubleVector).setItem(row - from, Number.isNaN(cost) ? null : cost);
      }
    }
  });
}

/** Rows per second (wall clock) and app-thread CPU microseconds per row of one way of writing. */
interface Measured {
  rate: number;
  appThreadMicros: number;
}

/** Times `write` over every batch, each in its own transaction (`write` commits), on the given connection. */
async function measured(rows: number, write: () => Promise<void>): Promise<Measured> {
  const cpu = appThreadClock.now();
  const started = performance.now();
  await write();
  const milliseconds = performance.now() - started;
  return { rate: (rows * 1000) / milliseconds, appThreadMicros: (appThreadClock.now() - cpu) / rows };
}

/** Each priced row's cost, as the store's writer computes them (NaN when not priced). */
function costsOf(reader: PackedSpanRowsReader): Float64Array {
  const prices = createModelPriceTable();
  const costs = new Float64Array(reader.count * 3).fill(Number.NaN);
  for (let row = 0; row < reader.count; row += 1) {
    if (reader.isEmpty(row, 16)) continue;
    const cost = prices.costOf({ inputTokens: reader.numberOf(row, 14)!, outputTokens: reader.numberOf(row, 15)!, totalTokens: reader.numberOf(row, 16)! }, reader.textOf(row, 17));
    if (cost !== undefined) costs.set([cost.inputCost, cost.outputCost, cost.totalCost], row * 3);
  }
  return costs;
}

/** DuckDB's row-by-row Appender, one call per value, 20,000 rows per transaction, into the spans table a store creates. */
async function rowByRow(batches: readonly PackedSpanRows[]): Promise<Measured> {
  return freshDatabase(async (path) => {
    // The schema a store creates, then DuckDB alone.
    await (await DuckDbStore.open({ path })).close();
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    // The rows as value lists, made before timing (the appender's input), costs included.
    const rowLists = batches.map((batch) => {
      const reader = PackedSpanRowsReader.read(batch);
      const costs = costsOf(reader);
      return Array.from({ length: reader.count }, (_, row) => [
        reader.raw(row, 0), reader.raw(row, 1), reader.isEmpty(row, 2) ? null : reader.raw(row, 2), reader.textOf(row, 4) ?? '', reader.raw(row, 5),
        reader.raw(row, 6), reader.isEmpty(row, 7) ? null : reader.raw(row, 7), reader.raw(row, 8), reader.textOf(row, 9) ?? null, reader.raw(row, 10),
        reader.raw(row, 11), reader.textOf(row, 12) ?? null, reader.textOf(row, 13) ?? null,
        ...[0, 1, 2].map((part) => (Number.isNaN(costs[row * 3 + part]!) ? null : costs[row * 3 + part]!)),
      ]);
    });
    const result = await measured(ROWS, async () => {
      for (const rows of rowLists) {
        await connection.run('BEGIN TRANSACTION');
        const appender = await connection.createAppender('spans');
        for (const row of rows) {
          row.forEach((value, column) => {
            if (value === null) appender.appendNull();
            else if (column === 5 || column === 6) appender.appendBigInt(BigInt(value));
            else if (typeof value === 'number') appender.appendDouble(value);
            else appender.appendVarchar(value);
          });
          appender.endRow();
        }
        appender.closeSync();
        await connection.run('COMMIT');
      }
    });
    connection.closeSync();
    instance.closeSync();
    return result;
  });
}

/** Assay's rows of each batch written one way (reading the rows and pricing them included), 20,000 per transaction. */
async function storeRows(batches: readonly PackedSpanRows[], how: 'data chunks' | 'batch' | 'rows'): Promise<Measured> {
  return freshDatabase(async (path) => {
    const store = await DuckDbStore.open({ path });
    const result = await store.exclusive((connection) =>
      measured(ROWS, async () => {
        for (const batch of batches) {
          await connection.run('BEGIN TRANSACTION');
          const reader = PackedSpanRowsReader.read(batch);
          const costs = costsOf(reader);
          if (how === 'data chunks') {
            const appender = await connection.createAppender('spans');
            appendSpanColumns(appender, reader, costs);
            appender.closeSync();
          } else {
            await insertSpanRows(connection, reader, { costs, as: how });
          }
          await connection.run('COMMIT');
        }
      }),
    );
    await store.close();
    return result;
  });
}

/** The whole store write: DuckDbStore.logSpans with packed rows, one call (one transaction) per batch. */
async function storeLogSpans(batches: readonly PackedSpanRows[]): Promise<Measured> {
  return freshDatabase(async (path) => {
    const store = await DuckDbStore.open({ path });
    const result = await measured(ROWS, async () => {
      for (const batch of batches) await store.logSpans({ experimentId: '0', packed: batch });
    });
    const stored = Number((await store.sql({ query: 'SELECT count(*) FROM spans' })).rows[0]![0]);
    if (stored !== ROWS) throw new Error(`expected ${ROWS} rows, found ${stored}`);
    await store.close();
    return result;
  });
}

const format = (value: number): string => Math.round(value).toLocaleString('en-US');
const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' ');

console.log(`store append, ${ROWS.toLocaleString('en-US')} span rows per run, ${PER_TRANSACTION.toLocaleString('en-US')} per transaction, median of ${REPEATS} alternating rounds`);
console.log(`${describeClocks()}; load average before: ${load()}`);
for (const [label, spans] of [
  ['small spans', smallSpans(ROWS)],
  ['chat spans', chatSpans(ROWS)],
] as const) {
  const { batches, microsecondsPerSpan } = pack(spans);
  const characters = batches.reduce((total, batch) => total + batch.rows.length, 0) / ROWS;
  const ways: [string, () => Promise<Measured>][] = [
    ['DuckDB row-by-row Appender (baseline)', () => rowByRow(batches)],
    ['data chunks, every column filled', () => storeRows(batches, 'data chunks')],
    ['batch as one string, DuckDB splits', () => storeRows(batches, 'batch')],
    ['one string per row, DuckDB splits fields', () => storeRows(batches, 'rows')],
    ['DuckDbStore.logSpans({ packed }), everything', () => storeLogSpans(batches)],
  ];
  const results = ways.map(() => [] as Measured[]);
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    // Alternate the order, so that drift in the machine's load spreads over every way.
    const order = repeat % 2 === 0 ? ways.map((_, index) => index) : ways.map((_, index) => ways.length - 1 - index);
    for (const index of order) results[index]!.push(await ways[index]![1]());
  }
  const baseline = median(results[0]!.map((result) => result.rate));
  console.log(`${label} (~${Math.round(characters)} characters per packed row; packing ${microsecondsPerSpan.toFixed(2)} µs/span, first pass, JIT cold):`);
  ways.forEach(([name], index) => {
    const rate = median(results[index]!.map((result) => result.rate));
    const cpu = median(results[index]!.map((result) => result.appThreadMicros));
    console.log(`    ${name.padEnd(48)} ${format(rate).padStart(8)} rows/s  ${((rate / baseline) * 100).toFixed(0).padStart(4)}% of the baseline  app thread ${cpu.toFixed(2)} µs/row`);
  });
}
console.log(`load average after: ${load()}`);
