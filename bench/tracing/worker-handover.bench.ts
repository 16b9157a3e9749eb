// bench/tracing: the app thread's CPU per span handed to the local store, with the
// store's database work on its worker thread (the default) against the same work
// on the app's thread (LocalStore `thread: 'inline'`), in one run, same spans.
//
// How the app thread's CPU is measured: bench/lib/cpu-clock.ts reads the calling
// thread's own CPU time from Linux (/proc/thread-self/schedstat, ns), so neither
// the worker's thread nor DuckDB's count; process.cpuUsage() would add them
// (Node 20 has no threadCpuUsage), and the event loop's utilization counts time,
// not CPU. The whole process's CPU (every thread) is printed too: the worker
// moves the work, it does not make it free. The app awaits each logSpans as
// Assay's span export queue does. It measures this checkout (no --build).
// Run: pnpm bench tracing (builds the packages; @assay/* resolve to dist).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Span } from '@assay/core';
import { LocalStore, type StoreThread } from '@assay/store/local';
import { cpuSince, describeClocks, readCpu } from '../lib/cpu-clock.js';
import { median, report } from '../lib/report.js';

const SPANS = 200_000;
const SPANS_PER_BATCH = 2_000;

/** Span `index` of its trace: a request with nine steps, small inputs and outputs, as the tracing bench makes. */
function makeSpan(trace: number, index: number): Span {
  const traceId = `tr-${trace.toString(16).padStart(32, '0')}`;
  return {
    traceId,
    spanId: (trace * 10 + index + 1).toString(16).padStart(16, '0'),
    ...(index > 0 ? { parentSpanId: (trace * 10 + 1).toString(16).padStart(16, '0') } : {}),
    name: index === 0 ? 'request' : 'step',
    spanType: index === 0 ? 'CHAIN' : 'TOOL',
    startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(trace * 1_000_000 + index * 1000)),
    endTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(trace * 1_000_000 + index * 1000 + 500)),
    status: { code: 'OK' },
    attributes: { 'assay.span.inputs': JSON.stringify({ index }), 'assay.span.outputs': JSON.stringify({ index, text: 'ok' }) },
    events: [],
  };
}

const batches: Span[][] = [];
for (let first = 0; first < SPANS; first += SPANS_PER_BATCH) {
  batches.push(Array.from({ length: SPANS_PER_BATCH }, (_, offset) => makeSpan(Math.floor((first + offset) / 10), (first + offset) % 10)));
}

interface Handover {
  /** App-thread CPU per span, µs. */
  appMicros: number;
  /** All threads' CPU per span, µs. */
  processMicros: number;
  /** Spans committed per second, handing over to committed. */
  rate: number;
}

async function handOver(thread: StoreThread): Promise<Handover> {
  const root = await mkdtemp(join(tmpdir(), `assay-bench-handover-${thread}-`));
  const store = await LocalStore.open({ root, thread });
  // Started, the file created and DuckDB loaded before the clock runs.
  await store.logSpans({ experimentId: '0', spans: [makeSpan(10_000_000, 0)] });
  await store.flush();
  const cpu = readCpu();
  const started = performance.now();
  for (const spans of batches) await store.logSpans({ experimentId: '0', spans });
  await store.flush();
  const elapsed = performance.now() - started;
  const used = cpuSince(cpu);
  const result = { appMicros: used.appThread / SPANS, processMicros: used.process / SPANS, rate: SPANS / (elapsed / 1000) };
  const stored = Number((await store.sql({ query: 'select count(*) from spans' })).rows[0]![0]);
  if (stored !== SPANS + 1) throw new Error(`expected ${SPANS + 1} spans stored, found ${stored}`);
  await store.close();
  await rm(root, { recursive: true, force: true });
  return result;
}

const worker: Handover[] = [];
const inline: Handover[] = [];
for (let repeat = 0; repeat < 3; repeat += 1) {
  worker.push(await handOver('worker'));
  inline.push(await handOver('inline'));
}
const summary = (runs: Handover[]): Handover => ({
  appMicros: median(runs.map((run) => run.appMicros)),
  processMicros: median(runs.map((run) => run.processMicros)),
  rate: median(runs.map((run) => run.rate)),
});
const onWorker = summary(worker);
const onApp = summary(inline);
report({
  name: `worker hand-over: app-thread CPU per span handed to the local store, worker thread (${SPANS.toLocaleString('en-US')} spans in batches of ${SPANS_PER_BATCH.toLocaleString('en-US')}, median of 3)`,
  value: onWorker.appMicros,
  unit: 'µs/span',
  goal: { atMost: 5 },
  note:
    `inline (the same work on the app thread): ${onApp.appMicros.toFixed(1)} µs/span, so the worker leaves the app ${((onWorker.appMicros / onApp.appMicros) * 100).toFixed(0)}% of it; ` +
    `all threads: ${onWorker.processMicros.toFixed(1)} µs/span with the worker, ${onApp.processMicros.toFixed(1)} inline; ` +
    `committed: ${Math.round(onWorker.rate).toLocaleString('en-US')} spans/s with the worker, ${Math.round(onApp.rate).toLocaleString('en-US')} inline; ` +
    `runs (app µs/span, worker | inline): ${worker.map((run) => run.appMicros.toFixed(1)).join(', ')} | ${inline.map((run) => run.appMicros.toFixed(1)).join(', ')}; ${describeClocks()}`,
});
