/**
 * Workload: a steady app, one 10-span trace (a root and nine children with
 * small inputs and outputs) every 10 ms, spans stored in a local store with
 * the default export interval; beside the same app with plain functions
 * (tracing off). A traced round ends with `flush()`. Rounds are kept shorter
 * than the local store's 2 s linger, so the store stays open between rounds
 * as it does in a steadily tracing app.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AssayBuild } from '../assay-build.js';
import { cpuSince, readCpu } from '../cpu-clock.js';

export const SPANS_PER_TRACE = 10;
export const TRACE_INTERVAL_MS = 10;

/** CPU per span over one round, in microseconds. */
export interface SpanCpu {
  appThread: number;
  process: number;
  spans: number;
  wallMs: number;
}

export interface SteadyAppWorkload {
  offRound(): Promise<SpanCpu>;
  onRound(): Promise<SpanCpu>;
  exported(): number;
  dispose(): Promise<void>;
}

type App = () => Promise<number>;

function makeApp(wrap: <F extends (...args: never[]) => unknown>(fn: F, name: string, spanType: 'TOOL' | 'CHAIN') => F): App {
  const step = wrap(async (index: number) => ({ index, text: 'ok' }), 'step', 'TOOL');
  return wrap(
    async () => {
      let total = 0;
      for (let index = 0; index < SPANS_PER_TRACE - 1; index += 1) total += (await step(index)).index;
      return total;
    },
    'request',
    'CHAIN',
  );
}

/** The same app with plain functions. */
export function makePlainApp(): App {
  return makeApp((fn) => fn);
}

/** The app with each function wrapped in `build`'s trace(). */
export function makeTracedApp(build: AssayBuild): App {
  return makeApp((fn, name, spanType) => build.sdk.trace(fn, { name, spanType }));
}

export async function prepareSteadyApp(build: AssayBuild, options: { tracesPerRound: number }): Promise<SteadyAppWorkload> {
  const directory = await mkdtemp(join(tmpdir(), 'assay-bench-steady-'));
  await build.testing.resetForTests({ trackingUri: directory });
  const plainApp = makePlainApp();
  const tracedApp = makeTracedApp(build);
  await tracedApp();
  await build.sdk.flush(); // the store is opened and its experiment made before measuring
  const round = async (app: App, traced: boolean): Promise<SpanCpu> => {
    const started = performance.now();
    const before = readCpu();
    // A fixed schedule (not "sleep 10 ms after each"), as requests arriving at a steady rate.
    for (let index = 0; index < options.tracesPerRound; index += 1) {
      await app();
      const wait = started + (index + 1) * TRACE_INTERVAL_MS - performance.now();
      if (wait > 0) await sleep(wait);
    }
    if (traced) await build.sdk.flush();
    const used = cpuSince(before);
    const spans = options.tracesPerRound * SPANS_PER_TRACE;
    return { appThread: used.appThread / spans, process: used.process / spans, spans, wallMs: performance.now() - started };
  };
  return {
    offRound: () => round(plainApp, false),
    onRound: () => round(tracedApp, true),
    exported: () => build.sdk.getExportStats().exported,
    async dispose() {
      await build.testing.resetForTests();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
