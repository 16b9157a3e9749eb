// bench/server: @assay/server over real HTTP, each figure beside a baseline
// measured in the same run (the same work handed straight to a LocalStore),
// with the load average at start and end (ratios hold on a noisy machine,
// absolute figures do not).
//   (a) OTLP ingest: 500-span protobuf batches (pre-encoded) from 4 concurrent
//       clients, spans/s from the first send to the last answer ≥ 50,000/s, and
//       ≥ 60% of the same spans written by store.logSpans (4 concurrent callers)
//   (b) log-batch: metric points/s over HTTP (1,000-point batches, as MLflow
//       clients send, 4 concurrent) ≥ 50% of store.logBatch embedded
//   (c) runs/search and traces/search over 100,000 runs / 100,000 traces:
//       p50 ≤ 50 ms (p99 printed), baseline the same search on the store
// The server runs in its own process (serve-store.ts) over a LocalStore in a
// fresh temp dir (the search store: built once under bench/.data, see
// bench/lib/search-store.ts); the
// clients, and the embedded baselines, run in this one.
// Run: pnpm bench server [--quick] [--only otlp|log-batch|search]
//   --quick: fewer rounds, 10,000 runs / traces; --only: that part alone (comma-separated for several)
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metric, Span } from '@assay/core';
import { LocalStore } from '@assay/store';
import { decodeTraceResponse, encodeTraceRequest, type ProtoSpanInput } from '../../packages/server/src/__fixtures__/otlp-messages.js';
import { flagValue, hasFlag, THIS_CHECKOUT } from '../lib/assay-build.js';
import { RUN_FILTER, RUN_ORDER_BY, buildSearchStore } from '../lib/search-store.js';
import { formatLoad, formatNumber, median, percentile, printGoalTable, time, type GoalLine } from '../lib/report.js';

const quick = hasFlag('quick');
const PARTS = ['otlp', 'log-batch', 'search'] as const;
const only = flagValue('only')?.split(',');
const unknownPart = only?.find((part) => !(PARTS as readonly string[]).includes(part));
if (unknownPart !== undefined) throw new Error(`--only ${unknownPart}: name one of ${PARTS.join(', ')}`);
const runs = (part: (typeof PARTS)[number]): boolean => only === undefined || only.includes(part);
const startLoad = loadavg();
const started = performance.now();

const CLIENTS = 4;
const SPANS_PER_BATCH = 500;
const SPANS_PER_TRACE = 5;
const OTLP_BATCHES = quick ? 24 : 100;
const OTLP_ROUNDS = quick ? 2 : 3;
const POINTS_PER_BATCH = 1000;
const METRIC_BATCHES = quick ? 60 : 300;
const METRIC_ROUNDS = quick ? 2 : 3;
const SEARCH_SIZE = quick ? 10_000 : 100_000;
const SEARCH_SAMPLES = quick ? 20 : 50;
const SEARCH_PASSES = quick ? 1 : 2;
const TRACE_FILTER = `trace.status = 'ERROR' and trace.execution_time_ms > 500`;
const TRACE_ORDER_BY = ['timestamp_ms DESC'];

// ---------------------------------------------------------------- helpers

interface Served {
  url: string;
  stop(): Promise<void>;
}

/** Starts serve-store.ts over `root` in its own process; resolves once it listens. */
function serve(root: string, hold = false): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(THIS_CHECKOUT, 'bench', 'server', 'serve-store.ts'), root, ...(hold ? ['--hold'] : [])], {
    cwd: THIS_CHECKOUT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const line = output.split('\n').find((candidate) => candidate.startsWith('{') && output.includes('\n'));
      if (line === undefined) return;
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        url,
        stop: async () => {
          child.stdin.end();
          await exited;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`serve-store.ts exited (${code}) before listening`)));
  });
}

/** Runs `count` jobs from `clients` concurrent loops (each takes the next job when its last is answered); milliseconds from start to the last answer. */
async function drive(count: number, clients: number, job: (index: number) => Promise<void>): Promise<number> {
  let next = 0;
  return time(() =>
    Promise.all(
      Array.from({ length: clients }, async () => {
        for (let index = next++; index < count; index = next++) await job(index);
      }),
    ),
  );
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

const freshRoot = (label: string): Promise<string> => mkdtemp(join(tmpdir(), `assay-bench-server-${label}-`));
const hex = (value: number, length: number): string => value.toString(16).padStart(length, '0');
const perSecond = (count: number, milliseconds: number): number => count / (milliseconds / 1000);
const ms = (value: number): string => `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} ms`;

// ---------------------------------------------------------------- (a) OTLP ingest

/** Small GenAI spans: per trace an agent span, two chat calls and two tool calls. Batch 0 is the warm-up. */
function otlpSpans(batch: number): ProtoSpanInput[] {
  const spans: ProtoSpanInput[] = [];
  for (let trace = 0; trace < SPANS_PER_BATCH / SPANS_PER_TRACE; trace += 1) {
    const traceId = hex(batch * 1000 + trace + 1, 32);
    const root = hex((batch * 1000 + trace) * 8 + 1, 16);
    const start = 1_760_000_000_000_000_000n + BigInt(batch * 1000 + trace) * 1_000_000_000n;
    const at = (ms: number): string => (start + BigInt(ms) * 1_000_000n).toString();
    spans.push({ traceId, spanId: root, name: 'invoke_agent support', kind: 1, start: at(0), end: at(900), attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support' } });
    for (let call = 0; call < 2; call += 1) {
      spans.push({
        traceId,
        spanId: hex((batch * 1000 + trace) * 8 + 2 + call, 16),
        parentSpanId: root,
        name: 'chat gpt-4o-mini',
        kind: 3,
        start: at(10 + call * 400),
        end: at(300 + call * 400),
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.usage.input_tokens': 120 + trace,
          'gen_ai.usage.output_tokens': 30 + call,
        },
      });
      spans.push({
        traceId,
        spanId: hex((batch * 1000 + trace) * 8 + 4 + call, 16),
        parentSpanId: root,
        name: 'execute_tool track_order',
        kind: 1,
        start: at(310 + call * 400),
        end: at(390 + call * 400),
        attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'track_order' },
      });
    }
  }
  return spans;
}

/** The same spans as Assay's Span objects, for store.logSpans. */
function toSpan(span: ProtoSpanInput): Span {
  const operation = span.attributes?.['gen_ai.operation.name'];
  return {
    traceId: `tr-${span.traceId}`,
    spanId: span.spanId,
    ...(span.parentSpanId !== undefined ? { parentSpanId: span.parentSpanId } : {}),
    name: span.name ?? '',
    spanType: operation === 'chat' ? 'CHAT_MODEL' : operation === 'execute_tool' ? 'TOOL' : 'AGENT',
    startTimeUnixNano: span.start ?? '0',
    endTimeUnixNano: span.end ?? '0',
    status: { code: 'UNSET' },
    attributes: { ...span.attributes },
    events: [],
  };
}

async function otlpOverHttp(bodies: readonly Uint8Array[]): Promise<number> {
  const root = await freshRoot('otlp');
  const server = await serve(root);
  const send = async (body: Uint8Array): Promise<void> => {
    const response = await fetch(`${server.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', 'x-assay-experiment': 'bench-otlp' },
      body,
    });
    const answer = new Uint8Array(await response.arrayBuffer());
    if (!response.ok) throw new Error(`/v1/traces: ${response.status}`);
    const partial = decodeTraceResponse(answer).partial_success;
    if (partial !== undefined && Number(partial.rejected_spans) > 0) throw new Error(`/v1/traces rejected spans: ${partial.error_message}`);
  };
  await send(bodies[0]!); // warm-up (and creates the experiment), before the clock
  const milliseconds = await drive(bodies.length - 1, CLIENTS, (index) => send(bodies[index + 1]!));
  await server.stop();
  await rm(root, { recursive: true, force: true });
  return perSecond((bodies.length - 1) * SPANS_PER_BATCH, milliseconds);
}

/**
 * The same spans by store.logSpans, 4 concurrent callers. With `asTheRoute`, each batch also makes the two
 * reads the OTLP route made before its write until issue 13 (a diagnostic; the route now keeps the experiment
 * between batches and looks up the new traces of concurrent batches together): the experiment by name (the
 * `x-assay-experiment` header) and the look-up of the batch's new traces in the `traces` table.
 */
async function otlpEmbedded(batches: readonly Span[][], asTheRoute = false): Promise<number> {
  const root = await freshRoot('spans');
  const store = await LocalStore.open({ root });
  const experimentId = await store.createExperiment({ name: 'bench-otlp' });
  const write = async (spans: Span[]): Promise<void> => {
    if (asTheRoute) {
      await store.getExperimentByName({ name: 'bench-otlp' });
      const ids = [...new Set(spans.map((span) => `'${span.traceId}'`))];
      await store.sql({ query: `SELECT trace_id, experiment_id FROM traces WHERE trace_id IN (${ids.join(', ')})`, externalAccess: false });
    }
    await store.logSpans({ experimentId, spans });
  };
  await write(batches[0]!);
  const milliseconds = await drive(batches.length - 1, CLIENTS, (index) => write(batches[index + 1]!));
  await store.close();
  await rm(root, { recursive: true, force: true });
  return perSecond((batches.length - 1) * SPANS_PER_BATCH, milliseconds);
}

// ---------------------------------------------------------------- (b) log-batch

function metricBatch(batch: number): Metric[] {
  const metrics: Metric[] = [];
  for (let step = 0; step < POINTS_PER_BATCH / 100; step += 1) {
    for (let key = 0; key < 100; key += 1) metrics.push({ key: `metric_${key}`, value: Math.random(), timestamp: 1_760_000_000_000 + batch, step: batch * 10 + step });
  }
  return metrics;
}

async function logBatchOverHttp(batches: readonly Metric[][]): Promise<number> {
  const root = await freshRoot('log-batch');
  const server = await serve(root);
  const api = `${server.url}/api/2.0/mlflow`;
  const { experiment_id } = await postJson<{ experiment_id: string }>(`${api}/experiments/create`, { name: 'bench-log-batch' });
  const runIds: string[] = [];
  for (let client = 0; client < CLIENTS; client += 1) {
    const { run } = await postJson<{ run: { info: { run_id: string } } }>(`${api}/runs/create`, { experiment_id, start_time: 1_760_000_000_000 });
    runIds.push(run.info.run_id);
  }
  // Serialized before the clock, as the embedded side gets its objects ready-made.
  const bodies = batches.map((metrics, index) => JSON.stringify({ run_id: runIds[index % CLIENTS], metrics }));
  await postJson(`${api}/runs/log-batch`, bodies[0]!);
  const milliseconds = await drive(bodies.length - 1, CLIENTS, async (index) => void (await postJson(`${api}/runs/log-batch`, bodies[index + 1]!)));
  await server.stop();
  await rm(root, { recursive: true, force: true });
  return perSecond((bodies.length - 1) * POINTS_PER_BATCH, milliseconds);
}

async function logBatchEmbedded(batches: readonly Metric[][]): Promise<number> {
  const root = await freshRoot('metrics');
  const store = await LocalStore.open({ root });
  const experimentId = await store.createExperiment({ name: 'bench-log-batch' });
  const runIds: string[] = [];
  for (let client = 0; client < CLIENTS; client += 1) runIds.push((await store.createRun({ experimentId, startTime: 1_760_000_000_000 })).info.runId);
  await store.logBatch({ runId: runIds[0]!, metrics: batches[0]! });
  const milliseconds = await drive(batches.length - 1, CLIENTS, (index) => store.logBatch({ runId: runIds[(index + 1) % CLIENTS]!, metrics: batches[index + 1]! }));
  await store.close();
  await rm(root, { recursive: true, force: true });
  return perSecond((batches.length - 1) * POINTS_PER_BATCH, milliseconds);
}

// ---------------------------------------------------------------- (c) search

interface Latencies {
  runs: number[];
  traces: number[];
  runsFound: number;
  tracesFound: number;
}

async function searchLatencies(search: { runs: () => Promise<number>; traces: () => Promise<number> }): Promise<Latencies> {
  const result: Latencies = { runs: [], traces: [], runsFound: 0, tracesFound: 0 };
  for (let index = 0; index < 3; index += 1) {
    await search.runs();
    await search.traces();
  }
  for (let index = 0; index < SEARCH_SAMPLES; index += 1) {
    let found = 0;
    result.runs.push(await time(async () => (found = await search.runs())));
    result.runsFound = found;
    result.traces.push(await time(async () => (found = await search.traces())));
    result.tracesFound = found;
  }
  return result;
}

async function searchDirect(root: string): Promise<Latencies> {
  const store = await LocalStore.open({ root, lingerMs: 60_000, maxHoldMs: 600_000 });
  const runsExperiment = (await store.getExperimentByName({ name: 'bench-runs' }))!.experimentId;
  const tracesExperiment = (await store.getExperimentByName({ name: 'bench-traces' }))!.experimentId;
  const result = await searchLatencies({
    runs: async () => (await store.searchRuns({ experimentIds: [runsExperiment], filter: RUN_FILTER, orderBy: RUN_ORDER_BY, maxResults: 100 })).runs.length,
    traces: async () => (await store.searchTraces({ experimentIds: [tracesExperiment], filter: TRACE_FILTER, orderBy: TRACE_ORDER_BY, maxResults: 100 })).traces.length,
  });
  await store.close();
  return result;
}

async function searchOverHttp(root: string): Promise<Latencies> {
  const server = await serve(root, true);
  const api2 = `${server.url}/api/2.0/mlflow`;
  const experimentId = async (name: string): Promise<string> =>
    (await (await fetch(`${api2}/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`)).json() as { experiment: { experiment_id: string } }).experiment.experiment_id;
  const runsExperiment = await experimentId('bench-runs');
  const tracesExperiment = await experimentId('bench-traces');
  const result = await searchLatencies({
    runs: async () =>
      (await postJson<{ runs?: unknown[] }>(`${api2}/runs/search`, { experiment_ids: [runsExperiment], filter: RUN_FILTER, order_by: RUN_ORDER_BY, max_results: 100 })).runs?.length ?? 0,
    traces: async () =>
      (
        await postJson<{ traces?: unknown[] }>(`${server.url}/api/3.0/mlflow/traces/search`, {
          locations: [{ type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: tracesExperiment } }],
          filter: TRACE_FILTER,
          order_by: TRACE_ORDER_BY,
          max_results: 100,
        })
      ).traces?.length ?? 0,
  });
  await server.stop();
  return result;
}

// ---------------------------------------------------------------- the run

console.log(`${quick ? '--quick: fewer rounds, and 10,000 (not 100,000) runs and traces to search\n' : ''}load average at start: ${formatLoad(startLoad, availableParallelism())}\n`);
const lines: GoalLine[] = [];

// (a)
if (runs('otlp')) {
  const protoBatches = Array.from({ length: OTLP_BATCHES + 1 }, (_, batch) => otlpSpans(batch));
  const bodies = protoBatches.map((spans) => encodeTraceRequest({ 'service.name': 'bench-app', 'deployment.environment.name': 'bench' }, spans));
  const spanBatches = protoBatches.map((spans) => spans.map(toSpan));
  const rounds: { http: number; embedded: number; withReads: number }[] = [];
  for (let round = 0; round < OTLP_ROUNDS; round += 1) {
    // Alternate which side goes first.
    const embeddedFirst = round % 2 === 0;
    const embedded = embeddedFirst ? await otlpEmbedded(spanBatches) : 0;
    const http = await otlpOverHttp(bodies);
    const withReads = await otlpEmbedded(spanBatches, true);
    rounds.push({ http, withReads, embedded: embeddedFirst ? embedded : await otlpEmbedded(spanBatches) });
  }
  const rate = median(rounds.map((round) => round.http));
  const baseline = median(rounds.map((round) => round.embedded));
  const fraction = median(rounds.map((round) => round.http / round.embedded));
  const bodyBytes = median(bodies.map((body) => body.byteLength));
  lines.push(
    {
      name: '(a) OTLP ingest, 4 clients × 500-span protobuf batches',
      figure: `${formatNumber(rate)} spans/s`,
      goal: '≥ 50,000 spans/s',
      baseline: `logSpans ${formatNumber(baseline)} spans/s`,
      ratio: `${(rate / 50_000).toFixed(2)}× goal`,
      met: rate >= 50_000,
    },
    {
      name: '(a) OTLP ingest against store.logSpans, same spans',
      figure: `${(fraction * 100).toFixed(0)}%`,
      goal: '≥ 60%',
      baseline: `logSpans ${formatNumber(baseline)} spans/s`,
      ratio: fraction.toFixed(2),
      met: fraction >= 0.6,
    },
  );
  console.log(
    `(a) OTLP/HTTP protobuf, ${OTLP_BATCHES} batches of ${SPANS_PER_BATCH} spans (${SPANS_PER_TRACE}-span GenAI traces; ≈${formatNumber(bodyBytes / 1024)} KiB a body, pre-encoded), ` +
      `${CLIENTS} concurrent clients, fresh store each round; first send → last answer (answered = committed or spooled, as logSpans resolves)\n` +
      `    rounds (HTTP / logSpans, spans/s): ${rounds.map((round) => `${formatNumber(round.http)} / ${formatNumber(round.embedded)}`).join(', ')}\n` +
      `    diagnostic: logSpans after two reads per batch, as the route made them until issue 13 (experiment by name, new traces looked up): ` +
      `${formatNumber(median(rounds.map((round) => round.withReads)))} spans/s = ${(median(rounds.map((round) => round.withReads / round.embedded)) * 100).toFixed(0)}% of logSpans alone ` +
      `(rounds ${rounds.map((round) => formatNumber(round.withReads)).join(', ')})`,
  );
}

// (b)
if (runs('log-batch')) {
  const batches = Array.from({ length: METRIC_BATCHES + 1 }, (_, batch) => metricBatch(batch));
  const rounds: { http: number; embedded: number }[] = [];
  for (let round = 0; round < METRIC_ROUNDS; round += 1) {
    const embeddedFirst = round % 2 === 0;
    const embedded = embeddedFirst ? await logBatchEmbedded(batches) : 0;
    const http = await logBatchOverHttp(batches);
    rounds.push({ http, embedded: embeddedFirst ? embedded : await logBatchEmbedded(batches) });
  }
  const rate = median(rounds.map((round) => round.http));
  const baseline = median(rounds.map((round) => round.embedded));
  const fraction = median(rounds.map((round) => round.http / round.embedded));
  lines.push({
    name: '(b) runs/log-batch metric points/s over HTTP',
    figure: `${formatNumber(rate)}/s = ${(fraction * 100).toFixed(0)}%`,
    goal: '≥ 50%',
    baseline: `logBatch ${formatNumber(baseline)} points/s`,
    ratio: fraction.toFixed(2),
    met: fraction >= 0.5,
  });
  console.log(
    `(b) runs/log-batch, ${METRIC_BATCHES} batches of ${POINTS_PER_BATCH} points (100 keys × 10 steps; JSON serialized before the clock), ${CLIENTS} concurrent clients on ${CLIENTS} runs, fresh store each round\n` +
      `    rounds (HTTP / logBatch, points/s): ${rounds.map((round) => `${formatNumber(round.http)} / ${formatNumber(round.embedded)}`).join(', ')}`,
  );
}

// (c)
if (runs('search')) {
  const root = await buildSearchStore(SEARCH_SIZE);
  // The store is one process's at a time: alternate passes (direct, HTTP, direct, HTTP), each opening it afresh.
  const passes: { direct: Latencies; http: Latencies }[] = [];
  for (let pass = 0; pass < SEARCH_PASSES; pass += 1) passes.push({ direct: await searchDirect(root), http: await searchOverHttp(root) });
  const merge = (side: 'direct' | 'http'): Latencies => ({
    runs: passes.flatMap((pass) => pass[side].runs),
    traces: passes.flatMap((pass) => pass[side].traces),
    runsFound: passes[0]![side].runsFound,
    tracesFound: passes[0]![side].tracesFound,
  });
  const direct = merge('direct');
  const http = merge('http');
  const size = SEARCH_SIZE.toLocaleString('en-US');
  for (const [kind, filter] of [
    ['runs', `${RUN_FILTER} order by ${RUN_ORDER_BY.join(', ')}`],
    ['traces', `${TRACE_FILTER} order by ${TRACE_ORDER_BY.join(', ')}`],
  ] as const) {
    const p50 = median(http[kind]);
    const p99 = percentile(http[kind], 99);
    const baseline = median(direct[kind]);
    lines.push({
      name: `(c) ${kind}/search over ${size} ${kind}, p50 (p99)`,
      figure: `${ms(p50)} (${ms(p99)})`,
      goal: '≤ 50 ms p50',
      baseline: `store.search${kind === 'runs' ? 'Runs' : 'Traces'} ${ms(baseline)} (${ms(percentile(direct[kind], 99))})`,
      ratio: `${(p50 / baseline).toFixed(2)}×`,
      met: p50 <= 50,
    });
    console.log(
      `(c) ${kind}/search, ${filter}, max_results 100: ${http[kind === 'runs' ? 'runsFound' : 'tracesFound']} found over HTTP, ${direct[kind === 'runs' ? 'runsFound' : 'tracesFound']} direct; ` +
        `${SEARCH_PASSES} pass(es) of ${SEARCH_SAMPLES} searches after 3 warm-ups, store direct then over HTTP (the server process holding the same store); ` +
        `p99 of ${http[kind].length} samples (nearest rank: the slowest when fewer than 100)`,
    );
  }
}

console.log('');
printGoalTable(lines);
console.log(`\nload average at start: ${formatLoad(startLoad, availableParallelism())}; at end: ${formatLoad(loadavg(), availableParallelism())}; ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(0);
