// One issue-12 measurement in a fresh process, for tracing.bench.ts (which
// runs each goal in its own child so that none inherits another's heap,
// compiled code, promise hooks or open stores). Prints its raw figures as one
// JSON line on stdout; tracing.bench.ts does the statistics and the report.
// Usage: node --expose-gc --import tsx bench/tracing/measure-goal.ts <a|b|c|d|e-plain|e-traced|e-plain-one-call|e-traced-one-call> [--build <checkout>] [--quick]
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flagValue, hasFlag, loadBuild, loadOpenAI, THIS_CHECKOUT } from '../lib/assay-build.js';
import { CHAT_REQUEST, stubClientOptions } from '../lib/chat-fixture.js';
import type { CpuReading } from '../lib/cpu-clock.js';
import { prepareAutologCall, type CallCpu } from '../lib/workloads/autolog-call.js';
import { burstRound, captureChatSpanTemplate, duckDbAppendRate, type BurstKind } from '../lib/workloads/burst.js';
import { memoryWhileDestinationDown } from '../lib/workloads/destination-down.js';
import { prepareSteadyApp, type SpanCpu } from '../lib/workloads/steady-app.js';

const goal = process.argv[2];
const root = flagValue('build', THIS_CHECKOUT)!;
const quick = hasFlag('quick');

/**
 * Paired rounds after `warmUp` untimed pairs: `alternate` swaps the order
 * every pair (plain first in even pairs) to cancel order effects; `fixed`
 * always runs plain then traced, so two plain rounds never follow each other
 * (the steady app's store must not sit idle past its linger).
 */
async function pairs<T>(
  count: number,
  warmUp: number,
  plain: () => Promise<T>,
  traced: () => Promise<T>,
  order: 'alternate' | 'fixed' = 'alternate',
): Promise<{ plain: T; traced: T }[]> {
  for (let index = 0; index < warmUp; index += 1) {
    await plain();
    await traced();
  }
  const results: { plain: T; traced: T }[] = [];
  for (let index = 0; index < count; index += 1) {
    if (order === 'fixed' || index % 2 === 0) {
      const p = await plain();
      results.push({ plain: p, traced: await traced() });
    } else {
      const t = await traced();
      results.push({ plain: await plain(), traced: t });
    }
  }
  return results;
}

async function goalA(): Promise<unknown> {
  const callsPerRound = quick ? 1_000 : 2_000;
  const build = await loadBuild(root);
  const workload = await prepareAutologCall(build, { callsPerRound });
  const results = await pairs<CallCpu>(quick ? 7 : 15, 2, workload.plainRound, workload.tracedRound);
  const exported = workload.exported();
  await workload.dispose();
  return { callsPerRound, pairs: results, exported };
}

async function goalB(): Promise<unknown> {
  const tracesPerRound = 120; // 1.2 s: shorter than the store's 2 s linger
  const build = await loadBuild(root);
  const workload = await prepareSteadyApp(build, { tracesPerRound });
  const results = await pairs<SpanCpu>(quick ? 3 : 7, 1, workload.offRound, workload.onRound, 'fixed');
  const exported = workload.exported();
  await workload.dispose();
  return { tracesPerRound, pairs: results, exported };
}

async function goalC(): Promise<unknown> {
  const build = await loadBuild(root);
  const template = await captureChatSpanTemplate(build);
  const sizes: Record<BurstKind, number> = quick ? { small: 30_000, chat: 10_000 } : { small: 100_000, chat: 40_000 };
  const rounds: {
    kind: BurstKind;
    spansPerSecond: number;
    baselineRowsPerSecond: number;
    cpu: CpuReading;
    baselineCpu: CpuReading;
    spans: number;
    rowChars: number;
  }[] = [];
  await burstRound(build, { kind: 'small', spans: 10_000 }); // warm-up: compile the path
  for (let round = 0; round < (quick ? 2 : 3); round += 1) {
    for (const kind of ['small', 'chat'] as const) {
      const burst = await burstRound(build, { kind, spans: sizes[kind], template });
      const baseline = await duckDbAppendRate(build, burst.stored);
      rounds.push({
        kind,
        spansPerSecond: burst.spansPerSecond,
        baselineRowsPerSecond: baseline.rowsPerSecond,
        cpu: burst.cpu,
        baselineCpu: baseline.cpu,
        spans: burst.spans,
        rowChars: burst.stored.rowChars,
      });
    }
  }
  return { rounds, chatSpanAttributeChars: template.attributeChars };
}

async function goalD(): Promise<unknown> {
  const build = await loadBuild(root);
  return memoryWhileDestinationDown(build, { spans: quick ? 300_000 : 1_000_000 });
}

function peakRss(): { vmHwmKiB: number; maxRssKiB: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const vmHwm = /^VmHWM:\s+(\d+) kB/mu.exec(status);
  return { vmHwmKiB: vmHwm ? Number(vmHwm[1]) : Number.NaN, maxRssKiB: process.resourceUsage().maxRSS };
}

/**
 * (e) One side in this process: the plain client (Assay never loaded), or
 * autolog storing to a fresh local store; `calls` 1 shows the fixed part
 * (the SDK, DuckDB and an open store).
 */
async function goalE(traced: boolean, calls = 15_000): Promise<unknown> {
  if (!traced) {
    const openai = await loadOpenAI(root);
    const client = new openai.traced(stubClientOptions());
    for (let index = 0; index < calls; index += 1) await client.chat.completions.create(CHAT_REQUEST);
    return { calls, ...peakRss() };
  }
  const build = await loadBuild(root);
  const directory = await mkdtemp(join(tmpdir(), 'assay-bench-rss-'));
  await build.testing.resetForTests({ trackingUri: directory });
  await build.sdk.autolog({ openai: build.openai.traced, langchain: false, captureContent: true }).ready;
  const client = new build.openai.traced(stubClientOptions());
  for (let index = 0; index < calls; index += 1) await client.chat.completions.create(CHAT_REQUEST);
  await build.sdk.flush();
  const stats = build.sdk.getExportStats();
  const result = { calls, ...peakRss(), exported: stats.exported };
  await build.testing.resetForTests();
  await rm(directory, { recursive: true, force: true });
  return result;
}

const goals: Record<string, () => Promise<unknown>> = {
  a: goalA,
  b: goalB,
  c: goalC,
  d: goalD,
  'e-plain': () => goalE(false),
  'e-traced': () => goalE(true),
  'e-plain-one-call': () => goalE(false, 1),
  'e-traced-one-call': () => goalE(true, 1),
};
const run = goal === undefined ? undefined : goals[goal];
if (!run) {
  console.error(`usage: measure-goal.ts <${Object.keys(goals).join('|')}> [--build <checkout>] [--quick]`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await run())}\n`);
process.exit(0);
