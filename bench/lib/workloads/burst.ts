/**
 * Workload: a burst of spans from trace() to rows committed in a fresh local
 * store (timed from the first span to `flush()` resolving), and the baseline:
 * DuckDB's own append of the same rows, read back from that store, through
 * one row-by-row Appender, 20,000 rows per transaction, into a fresh file.
 *
 * Two kinds of span: `small` (10-span traces, small inputs and outputs) and
 * `chat` (one ≈ 1.5 KB chat span per trace, with exactly the attributes,
 * inputs and outputs autolog records for an openai chat.completions.create,
 * captured from a real autologged call and replayed through trace()).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpanType } from '@assay/sdk';
import type { DuckDBAppender } from '@duckdb/node-api';
import type { AssayBuild } from '../assay-build.js';
import { CHAT_REQUEST, stubClientOptions } from '../chat-fixture.js';
import { cpuSince, readCpu, type CpuReading } from '../cpu-clock.js';
import { makeTracedApp, SPANS_PER_TRACE } from './steady-app.js';

export type BurstKind = 'small' | 'chat';

/** What autolog records for one chat call, to replay through trace(). */
export interface ChatSpanTemplate {
  name: string;
  spanType: SpanType;
  attributes: Record<string, unknown>;
  inputs: unknown;
  outputs: unknown;
  /** Characters of the span's attributes as JSON (inputs and outputs included). */
  attributeChars: number;
}

// Keys the SDK sets itself from trace()'s options, arguments and result.
const SET_BY_TRACE = new Set(['mlflow.spanType', 'mlflow.spanInputs', 'mlflow.spanOutputs']);

/** Makes one autologged chat call with `build` (stub fetch, content captured) and returns its span as a template. */
export async function captureChatSpanTemplate(build: AssayBuild): Promise<ChatSpanTemplate> {
  const directory = await mkdtemp(join(tmpdir(), 'assay-bench-template-'));
  try {
    await build.testing.resetForTests({ trackingUri: directory });
    await build.sdk.autolog({ openai: build.openai.traced, langchain: false, captureContent: true }).ready;
    await new build.openai.traced(stubClientOptions()).chat.completions.create(CHAT_REQUEST);
    await build.sdk.flush();
    const traceId = build.sdk.getLastTraceId();
    if (traceId === undefined) throw new Error(`${build.label}: the autologged call made no trace`);
    const span = (await build.sdk.getTrace(traceId)).spans[0]!;
    const attributes = Object.fromEntries(Object.entries(span.attributes).filter(([key]) => !SET_BY_TRACE.has(key)));
    return {
      name: span.name,
      spanType: span.spanType,
      attributes,
      inputs: span.attributes['mlflow.spanInputs'],
      outputs: span.attributes['mlflow.spanOutputs'],
      attributeChars: JSON.stringify(span.attributes).length,
    };
  } finally {
    build.sdk.autolog({ disable: true });
    await build.testing.resetForTests();
    await rm(directory, { recursive: true, force: true });
  }
}

/** The spans table as stored: columns with their types, rows, and its CREATE statement. */
export interface StoredSpans {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  ddl: string;
  /** Mean characters per row over the text columns. */
  rowChars: number;
}

export interface BurstResult {
  spans: number;
  spansPerSecond: number;
  /** CPU per span over the burst, µs: all threads, and the app's thread alone (less disturbed by a busy machine than the rate). */
  cpu: CpuReading;
  stored: StoredSpans;
}

/** DuckDB's own append of the rows: rows per second, and CPU per row (µs). */
export interface AppendResult {
  rowsPerSecond: number;
  cpu: CpuReading;
}

function makeApp(build: AssayBuild, kind: BurstKind, template: ChatSpanTemplate | undefined): { run: () => Promise<unknown>; spansPerRun: number } {
  if (kind === 'small') return { run: makeTracedApp(build), spansPerRun: SPANS_PER_TRACE };
  if (!template) throw new Error('a chat burst needs a template');
  const outputs = template.outputs;
  const chat = build.sdk.trace(async (_request: unknown) => outputs, {
    name: template.name,
    spanType: template.spanType,
    attributes: template.attributes,
  });
  return { run: () => chat(template.inputs), spansPerRun: 1 };
}

/**
 * One burst of about `spans` spans into a fresh store. The store is opened
 * (by one warm-up trace) before the clock starts; the rows read back include
 * the warm-up's.
 */
export async function burstRound(build: AssayBuild, options: { kind: BurstKind; spans: number; template?: ChatSpanTemplate }): Promise<BurstResult> {
  const directory = await mkdtemp(join(tmpdir(), 'assay-bench-burst-'));
  try {
    await build.testing.resetForTests({ trackingUri: directory });
    const app = makeApp(build, options.kind, options.template);
    await app.run();
    await build.sdk.flush();
    const runs = Math.ceil(options.spans / app.spansPerRun);
    const started = performance.now();
    const before = readCpu();
    for (let index = 0; index < runs; index += 1) await app.run();
    await build.sdk.flush();
    const used = cpuSince(before);
    const seconds = (performance.now() - started) / 1000;
    const spans = runs * app.spansPerRun;
    const stored = await readStoredSpans(build);
    const expected = (runs + 1) * app.spansPerRun;
    if (stored.rows.length !== expected) throw new Error(`${build.label}: ${stored.rows.length} rows stored, expected ${expected}`);
    return { spans, spansPerSecond: spans / seconds, cpu: { appThread: used.appThread / spans, process: used.process / spans }, stored };
  } finally {
    await build.testing.resetForTests();
    await rm(directory, { recursive: true, force: true });
  }
}

async function readStoredSpans(build: AssayBuild): Promise<StoredSpans> {
  const store = await build.sdk.getStore();
  const ddl = String((await store.sql({ query: "select sql from duckdb_tables() where table_name = 'spans'" })).rows[0]![0]);
  const result = await store.sql({ query: 'select * from spans' });
  let chars = 0;
  for (const row of result.rows) for (const value of row) if (typeof value === 'string') chars += value.length;
  return { columns: result.columns, rows: result.rows, ddl, rowChars: result.rows.length === 0 ? 0 : chars / result.rows.length };
}

/**
 * DuckDB's own rate for these rows: a fresh database file made with the
 * store's DDL, one row-by-row Appender, 20,000 rows per transaction, each
 * committed; timed from the first append to the last commit.
 */
export async function duckDbAppendRate(build: AssayBuild, stored: StoredSpans): Promise<AppendResult> {
  const { DuckDBInstance } = build.duckdb();
  const directory = await mkdtemp(join(tmpdir(), 'assay-bench-duckdb-'));
  const instance = await DuckDBInstance.create(join(directory, 'baseline.duckdb'));
  const connection = await instance.connect();
  try {
    await connection.run(stored.ddl);
    const table = /create table\s+(?:"?main"?\.)?"?(\w+)"?/iu.exec(stored.ddl)?.[1] ?? 'spans';
    const appenders = stored.columns.map((column) => appenderFor(column.type));
    const started = performance.now();
    const before = readCpu();
    for (let start = 0; start < stored.rows.length; start += 20_000) {
      await connection.run('BEGIN TRANSACTION');
      const appender = await connection.createAppender(table);
      const end = Math.min(stored.rows.length, start + 20_000);
      for (let index = start; index < end; index += 1) {
        const row = stored.rows[index]!;
        for (let column = 0; column < row.length; column += 1) {
          const value = row[column];
          if (value === null || value === undefined) appender.appendNull();
          else appenders[column]!(appender, value);
        }
        appender.endRow();
      }
      appender.closeSync();
      await connection.run('COMMIT');
    }
    const used = cpuSince(before);
    const rows = stored.rows.length;
    return { rowsPerSecond: rows / ((performance.now() - started) / 1000), cpu: { appThread: used.appThread / rows, process: used.process / rows } };
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(directory, { recursive: true, force: true });
  }
}

function appenderFor(type: string): (appender: DuckDBAppender, value: unknown) => void {
  switch (type) {
    case 'BIGINT':
      return (appender, value) => appender.appendBigInt(BigInt(value as number | string));
    case 'INTEGER':
      return (appender, value) => appender.appendInteger(Number(value));
    case 'DOUBLE':
      return (appender, value) => appender.appendDouble(Number(value));
    case 'BOOLEAN':
      return (appender, value) => appender.appendBoolean(Boolean(value));
    default:
      // VARCHAR (and JSON, whose values are text): anything else would need its own case.
      return (appender, value) => appender.appendVarchar(typeof value === 'string' ? value : JSON.stringify(value));
  }
}
