// bench/tracing: the issue-12 goals, each beside its baseline measured in the
// same run, as medians of several rounds (paired, alternating), with the load
// average at start and end (ratios hold on a noisy machine, absolute figures
// do not).
//   (a) app-thread CPU added per autologged openai chat.completions.create
//       (content captured, spans stored: flush() ends each round) ≤ 25% of the
//       plain client's own CPU per call
//   (b) a steady app (a 10-span trace every 10 ms): CPU added per span, all
//       threads, storage included ≤ 25 µs; the app thread's share ≤ 8 µs;
//       baseline the same app with plain functions
//   (c) burst: spans/s from trace() to rows committed ≥ 70% of DuckDB's own
//       append of the same rows (one Appender, 20,000 rows per transaction,
//       fresh file), small spans and ≈ 1.5 KB chat spans
//   (d) destination down: heap + external growth after 1,000,000 spans ≤ 128 MB
//   (e) peak RSS added by tracing and storing 15,000 autologged calls ≤ 64 MiB
//       over the plain client (each side in its own process)
// Each goal runs in its own child process (measure-goal.ts).
// Run: pnpm bench tracing [--quick] [--build <checkout>]   (default: this checkout;
//   e.g. --build /work/i12-before measures a frozen earlier build with these benches)
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { flagValue, hasFlag, THIS_CHECKOUT, loadBuild } from '../lib/assay-build.js';
import { describeClocks } from '../lib/cpu-clock.js';
import { formatLoad, formatNumber, median, printGoalTable, type GoalLine } from '../lib/report.js';
import { medianInterval } from '../lib/stats.js';
import type { MemoryGrowth } from '../lib/workloads/destination-down.js';

const quick = hasFlag('quick');
const root = flagValue('build', THIS_CHECKOUT)!;
const startLoad = loadavg();
const started = performance.now();

interface CallCpu {
  appThread: number;
  process: number;
}
interface Pairs {
  pairs: { plain: CallCpu; traced: CallCpu }[];
  exported: number;
}

/** Runs one measurement in a fresh process and returns what it printed. */
function measure<T>(goal: string): T {
  const args = ['--expose-gc', '--import', 'tsx', join(THIS_CHECKOUT, 'bench', 'tracing', 'measure-goal.ts'), goal, '--build', root];
  if (quick) args.push('--quick');
  const result = spawnSync(process.execPath, args, { cwd: THIS_CHECKOUT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`measure-goal ${goal} failed (exit ${result.status})`);
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}

const us = (value: number): string => `${formatNumber(value)} µs`;
const percent = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(0)}%`;
const interval = (values: number[], scale: (value: number) => string): string => {
  const ci = medianInterval(values);
  return `${(ci.confidence * 100).toFixed(0)}% CI [${scale(ci.low)}, ${scale(ci.high)}] over ${ci.count}`;
};

const build = await loadBuild(root);
console.log(`build: ${build.root} (${build.revision})${quick ? '  --quick: fewer and shorter rounds' : ''}`);
console.log(describeClocks());
console.log(`load average at start: ${formatLoad(startLoad, availableParallelism())}\n`);
const lines: GoalLine[] = [];

// (a)
{
  const result = measure<Pairs & { callsPerRound: number }>('a');
  const ratios = result.pairs.map((pair) => pair.traced.appThread / pair.plain.appThread);
  const added = result.pairs.map((pair) => pair.traced.appThread - pair.plain.appThread);
  const processRatios = result.pairs.map((pair) => pair.traced.process / pair.plain.process);
  const processAdded = result.pairs.map((pair) => pair.traced.process - pair.plain.process);
  const plain = median(result.pairs.map((pair) => pair.plain.appThread));
  const addedPercent = (median(ratios) - 1) * 100;
  lines.push({
    name: '(a) app-thread CPU added per autologged call',
    figure: `+${us(median(added))} (${percent(addedPercent)})`,
    goal: '≤ +25%',
    baseline: `plain client ${us(plain)}/call`,
    ratio: `${median(ratios).toFixed(2)}×`,
    met: addedPercent <= 25,
  });
  console.log(
    `(a) autologged openai 6 chat.completions.create, content captured, spans stored (flush() in each round); ` +
      `${result.pairs.length} alternating pairs × ${result.callsPerRound.toLocaleString('en-US')} calls, stub fetch yielding one turn\n` +
      `    app thread: plain ${us(plain)}/call, autologged ${us(median(result.pairs.map((pair) => pair.traced.appThread)))}/call, ` +
      `ratio ${median(ratios).toFixed(3)} (${interval(ratios, (value) => value.toFixed(3))})\n` +
      `    whole process (all threads): plain ${us(median(result.pairs.map((pair) => pair.plain.process)))}/call, ` +
      `autologged ${us(median(result.pairs.map((pair) => pair.traced.process)))}/call, added ${us(median(processAdded))} ` +
      `(ratio ${median(processRatios).toFixed(3)}, ${interval(processRatios, (value) => value.toFixed(3))}); ${result.exported.toLocaleString('en-US')} spans stored`,
  );
}

// (b)
{
  const result = measure<Pairs & { tracesPerRound: number }>('b');
  const addedProcess = result.pairs.map((pair) => pair.traced.process - pair.plain.process);
  const addedApp = result.pairs.map((pair) => pair.traced.appThread - pair.plain.appThread);
  const offProcess = median(result.pairs.map((pair) => pair.plain.process));
  const offApp = median(result.pairs.map((pair) => pair.plain.appThread));
  const onProcess = median(result.pairs.map((pair) => pair.traced.process));
  const onApp = median(result.pairs.map((pair) => pair.traced.appThread));
  lines.push(
    {
      name: '(b) steady app: CPU added per span, all threads',
      figure: `+${us(median(addedProcess))}`,
      goal: '≤ 25 µs',
      baseline: `tracing off ${us(offProcess)}/span`,
      ratio: `${(onProcess / offProcess).toFixed(2)}×`,
      met: median(addedProcess) <= 25,
    },
    {
      name: "(b) steady app: the app thread's share",
      figure: `+${us(median(addedApp))}`,
      goal: '≤ 8 µs',
      baseline: `tracing off ${us(offApp)}/span`,
      ratio: `${(onApp / offApp).toFixed(2)}×`,
      met: median(addedApp) <= 8,
    },
  );
  console.log(
    `(b) steady app, a 10-span trace every 10 ms, spans stored (default export interval; flush() in each round); ` +
      `${result.pairs.length} pairs of ${result.tracesPerRound}-trace rounds (off, on, off, on …: the store never idles past its 2 s linger)\n` +
      `    all threads: off ${us(offProcess)}/span, on ${us(onProcess)}/span, added ${us(median(addedProcess))} (${interval(addedProcess, us)})\n` +
      `    app thread:  off ${us(offApp)}/span, on ${us(onApp)}/span, added ${us(median(addedApp))} (${interval(addedApp, us)})\n` +
      `    (both sides run in one process: once trace() has entered AsyncLocalStorage, its promise hooks tax the plain app's promises too)`,
  );
}

// (c)
{
  const result = measure<{
    rounds: {
      kind: 'small' | 'chat';
      spansPerSecond: number;
      baselineRowsPerSecond: number;
      cpu: CallCpu;
      baselineCpu: CallCpu;
      spans: number;
      rowChars: number;
    }[];
    chatSpanAttributeChars: number;
  }>('c');
  const details: string[] = [];
  for (const kind of ['small', 'chat'] as const) {
    const rounds = result.rounds.filter((round) => round.kind === kind);
    const fractions = rounds.map((round) => round.spansPerSecond / round.baselineRowsPerSecond);
    const rate = median(rounds.map((round) => round.spansPerSecond));
    const baseline = median(rounds.map((round) => round.baselineRowsPerSecond));
    const fraction = median(fractions);
    lines.push({
      name: `(c) burst, ${kind === 'small' ? 'small spans' : '≈1.5 KB chat spans'}: spans/s trace() → file`,
      figure: `${formatNumber(rate)}/s = ${(fraction * 100).toFixed(0)}%`,
      goal: '≥ 70%',
      baseline: `DuckDB append ${formatNumber(baseline)} rows/s`,
      ratio: fraction.toFixed(2),
      met: fraction >= 0.7,
    });
    details.push(
      `    ${kind === 'small' ? 'small (10-span traces)' : `chat (1 span per trace, ${result.chatSpanAttributeChars.toLocaleString('en-US')} chars of attributes)`}: ` +
        `${rounds[0]!.spans.toLocaleString('en-US')} spans, rows of ${formatNumber(rounds[0]!.rowChars)} chars as stored; ` +
        `rounds ${rounds.map((round) => `${formatNumber(round.spansPerSecond)}/${formatNumber(round.baselineRowsPerSecond)}`).join(', ')} spans/s vs rows/s; ` +
        `fraction ${interval(fractions, (value) => value.toFixed(2))}\n` +
        `      CPU per span (less disturbed by load than rates): trace() → file ${us(median(rounds.map((round) => round.cpu.process)))} all threads, ` +
        `${us(median(rounds.map((round) => round.cpu.appThread)))} app thread; DuckDB append ${us(median(rounds.map((round) => round.baselineCpu.process)))} all threads, ` +
        `${us(median(rounds.map((round) => round.baselineCpu.appThread)))} app thread`,
    );
  }
  console.log(`(c) burst from trace() to rows committed (fresh store, opened before the clock), vs DuckDB appending the rows read back, same round\n${details.join('\n')}`);
}

// (d)
{
  const result = measure<MemoryGrowth>('d');
  const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
  const growth = result.heapGrowth + result.externalGrowth;
  lines.push({
    name: `(d) heap+external growth, ${(result.spans / 1e6).toLocaleString('en-US')}M spans, destination down`,
    figure: `+${megabytes(growth)}`,
    goal: '≤ 128 MB',
    baseline: `before ${megabytes(result.before)}`,
    ratio: `${((result.before + growth) / result.before).toFixed(1)}×`,
    met: growth <= 128e6,
  });
  console.log(
    `(d) ${result.spans.toLocaleString('en-US')} spans in ${result.seconds.toFixed(1)} s, every export rejected (retry after 60 s); after full GCs: ` +
      `heap +${megabytes(result.heapGrowth)}, external +${megabytes(result.externalGrowth)} (RSS +${megabytes(result.rssGrowth)})\n` +
      `    dropped (queue full, oldest first): ${result.stats.dropped.toLocaleString('en-US')}; still queued: ${result.stats.queued.toLocaleString('en-US')}; ` +
      `failed: ${result.stats.failed.toLocaleString('en-US')}; exported: ${result.stats.exported.toLocaleString('en-US')}`,
  );
}

// (e)
{
  const runs = quick ? 1 : 3;
  const plain: number[] = [];
  const traced: number[] = [];
  let exported = 0;
  for (let index = 0; index < runs; index += 1) {
    plain.push(measure<{ vmHwmKiB: number }>('e-plain').vmHwmKiB / 1024);
    const side = measure<{ vmHwmKiB: number; exported: number }>('e-traced');
    traced.push(side.vmHwmKiB / 1024);
    exported = side.exported;
  }
  const added = plain.map((value, index) => traced[index]! - value);
  const onePlain = measure<{ vmHwmKiB: number }>('e-plain-one-call').vmHwmKiB / 1024;
  const oneTraced = measure<{ vmHwmKiB: number }>('e-traced-one-call').vmHwmKiB / 1024;
  lines.push({
    name: '(e) peak RSS added, 15,000 autologged calls stored',
    figure: `+${median(added).toFixed(1)} MiB`,
    goal: '≤ 64 MiB',
    baseline: `plain client ${median(plain).toFixed(1)} MiB`,
    ratio: `${(median(traced) / median(plain)).toFixed(2)}×`,
    met: median(added) <= 64,
  });
  console.log(
    `(e) peak RSS (VmHWM) of a process making 15,000 sequential calls, ${runs} run(s) per side, alternating: ` +
      `plain client ${plain.map((value) => value.toFixed(0)).join(', ')} MiB; autologged and stored (${exported.toLocaleString('en-US')} spans) ${traced.map((value) => value.toFixed(0)).join(', ')} MiB\n` +
      `    the fixed part, one call each: plain ${onePlain.toFixed(0)} MiB, autologged and stored ${oneTraced.toFixed(0)} MiB: ` +
      `+${(oneTraced - onePlain).toFixed(0)} MiB for loading the SDK and DuckDB and opening the store`,
  );
}

console.log('');
printGoalTable(lines);
console.log(`\nload average at start: ${formatLoad(startLoad, availableParallelism())}; at end: ${formatLoad(loadavg(), availableParallelism())}; ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(0);
