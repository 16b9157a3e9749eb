// bench/tracing: the app thread's CPU per span handed to the local store, with the
// store's database work on its worker thread (the default) against the same work
// on the app's thread (LocalStore `thread: 'inline'`), in one run, same spans.
//
// How the app thread's CPU is measured: Linux keeps each thread's CPU time in
// /proc/self/task/<tid>/stat (utime + stime, fields 14 and 15, in USER_HZ ticks
// of 1/100 s); the main thread's tid is the process id. process.cpuUsage() would
// add the worker's and DuckDB's threads (Node 20 has no threadCpuUsage), and the
// event loop's utilization counts time, not CPU. Each run hands over enough spans
// for seconds of work, so the 10 ms tick is small beside it. The whole process's
// CPU (every thread) is printed too: the worker moves the work, it does not make
// it free. The app awaits each logSpans as Assay's span export queue does.
// Run: pnpm bench tracing (builds the packages; @assay/* resolve to dist).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Span } from '@assay/core';
import { LocalStore, type StoreThread } from '@assay/store/local';
import { median, report } from '../lib/report.js';

const SPANS = 200_000;
const SPANS_PER_BATCH = 2_000;
const TICKS_PER_SECOND = 100;

/** The main thread's CPU time so far, in milliseconds. */
function appThreadCpuMs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after it are plain numbers.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

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
  const app = appThreadCpuMs();
  const all = processCpuMs();
  const started = performance.now();
  for (const spans of batches) await store.logSpans({ experimentId: '0', spans });
  await store.flush();
  const elapsed = performance.now() - started;
  const result = {
    appMicros: ((appThreadCpuMs() - app) * 1000) / SPANS,
    processMicros: ((processCpuMs() - all) * 1000) / SPANS,
    rate: SPANS / (elapsed / 1000),
  };
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
  name: `(e) app-thread CPU per span handed to the local store, worker thread (${SPANS.toLocaleString('en-US')} spans in batches of ${SPANS_PER_BATCH.toLocaleString('en-US')}, median of 3)`,
  value: onWorker.appMicros,
  unit: 'µs/span',
  goal: { atMost: 5 },
  note:
    `inline (the same work on the app thread): ${onApp.appMicros.toFixed(1)} µs/span, so the worker leaves the app ${((onWorker.appMicros / onApp.appMicros) * 100).toFixed(0)}% of it; ` +
    `all threads: ${onWorker.processMicros.toFixed(1)} µs/span with the worker, ${onApp.processMicros.toFixed(1)} inline; ` +
    `committed: ${Math.round(onWorker.rate).toLocaleString('en-US')} spans/s with the worker, ${Math.round(onApp.rate).toLocaleString('en-US')} inline; ` +
    `runs (app µs/span, worker | inline): ${worker.map((run) => run.appMicros.toFixed(1)).join(', ')} | ${inline.map((run) => run.appMicros.toFixed(1)).join(', ')}`,
});
