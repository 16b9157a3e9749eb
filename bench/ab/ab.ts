// A/B harness: two builds of Assay side by side in one process, a named
// workload run against each in paired, alternating rounds, and the median of
// the per-pair ratios B/A with a distribution-free confidence interval.
// See bench/ab/README.md.
// Run: pnpm bench:ab <workload> --a <checkout> [--b <checkout>] [--pairs N] [--warmup N] [--metric <figure>] [--quick]
//      (A defaults to $ASSAY_AB_A, B to this checkout; `pnpm bench:ab --list` lists the workloads)
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { flagValue, hasFlag, loadBuild, THIS_CHECKOUT, type AssayBuild } from '../lib/assay-build.js';
import { describeClocks } from '../lib/cpu-clock.js';
import { formatLoad, formatNumber, median } from '../lib/report.js';
import { medianInterval, signTest } from '../lib/stats.js';
import { AB_WORKLOADS, betterOf, type AbSide } from './ab-workloads.js';

function usage(message?: string): never {
  if (message) console.error(message);
  console.error('usage: pnpm bench:ab <workload> --a <checkout> [--b <checkout>] [--pairs N] [--warmup N] [--metric <figure>] [--quick]');
  console.error(`workloads:\n${Object.entries(AB_WORKLOADS).map(([name, workload]) => `  ${name.padEnd(13)} ${workload.description}`).join('\n')}`);
  process.exit(2);
}

/** Newest modification time (ms) of the files under `directory` whose names pass `keep`. */
function newest(directory: string, keep: (name: string) => boolean): number {
  let latest = 0;
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path, keep));
    else if (keep(entry.name)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

/** Warns when a package's sources are newer than its build (the harness measures dist, it does not build). */
function warnIfStale(build: AssayBuild): void {
  for (const name of ['core', 'store', 'sdk']) {
    const source = newest(join(build.root, 'packages', name, 'src'), (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    const dist = newest(join(build.root, 'packages', name, 'dist'), (file) => file.endsWith('.js'));
    if (source > dist) console.warn(`warning: ${build.label} packages/${name}/src is newer than its dist: run pnpm run build in ${build.root}`);
  }
}

/** The directory pnpm gave the build's @duckdb/node-api (it names the version, which pins the native bindings'). */
function duckDbBindings(build: AssayBuild): string {
  try {
    const api = createRequire(join(build.root, 'packages', 'store', 'package.json')).resolve('@duckdb/node-api');
    return /\.pnpm\/(@duckdb\+node-api@[^/]+)/u.exec(realpathSync(api))?.[1] ?? realpathSync(api);
  } catch {
    return 'not found';
  }
}

const name = process.argv[2];
if (hasFlag('list') || name === undefined || name.startsWith('--')) usage();
const workload = AB_WORKLOADS[name];
if (!workload) usage(`unknown workload '${name}'`);
const rootA = flagValue('a', process.env['ASSAY_AB_A']);
if (!rootA) usage('give the A checkout: --a <checkout> or ASSAY_AB_A');
const rootB = flagValue('b', THIS_CHECKOUT)!;
if (realpathSync(rootA) === realpathSync(rootB)) {
  usage('A and B are the same checkout: one process can load a checkout once; compare two worktrees (git worktree add --detach <dir> <commit>)');
}
const quick = hasFlag('quick');
const pairCount = Number(flagValue('pairs', String(quick ? workload.pairs.quick : workload.pairs.full)));
const warmUp = Number(flagValue('warmup', String(workload.pairs.warmUp)));

const startLoad = loadavg();
const started = performance.now();
const a = await loadBuild(rootA, 'A');
const b = await loadBuild(rootB, 'B');
console.log(`A/B ${name}: ${workload.description}`);
console.log(`A = ${a.root} (${a.revision})\nB = ${b.root} (${b.revision})`);
warnIfStale(a);
warnIfStale(b);
if (duckDbBindings(a) !== duckDbBindings(b)) {
  console.warn(
    `warning: the builds use different DuckDB packages (${duckDbBindings(a)}, ${duckDbBindings(b)}): both native modules load libduckdb.so ` +
      'by the same name, so the second may run against the first one\'s library (see README.md); compare builds with the same DuckDB',
  );
}
console.log(describeClocks());
console.log(`${pairCount} pairs after ${warmUp} warm-up pair(s), order ${workload.order === 'alternate' ? 'AB, BA, AB …' : 'AB, AB … (fixed)'}`);
console.log(`load average at start: ${formatLoad(startLoad, availableParallelism())}\n`);

const sides: Record<'A' | 'B', AbSide> = { A: await workload.prepare(a, { quick }), B: await workload.prepare(b, { quick }) };
const metric = flagValue('metric', workload.metric.name)!;
const better = betterOf(metric);
const rounds: { A: Record<string, number>; B: Record<string, number>; first: 'A' | 'B' }[] = [];
for (let index = 0; index < warmUp + pairCount; index += 1) {
  const first = workload.order === 'fixed' || index % 2 === 0 ? 'A' : 'B';
  const second = first === 'A' ? 'B' : 'A';
  const figures = { [first]: await sides[first].round(), [second]: await sides[second].round() } as Record<'A' | 'B', Record<string, number>>;
  const warm = index < warmUp;
  if (!warm) rounds.push({ ...figures, first });
  if (figures.A[metric] === undefined) usage(`the workload's rounds have no figure '${metric}' (they have ${Object.keys(figures.A).join(', ')})`);
  const ratio = figures.B[metric]! / figures.A[metric]!;
  console.log(
    `${warm ? 'warm-up' : `pair ${String(index - warmUp + 1).padStart(2)}`}  ${first}${second}  ` +
      `A ${formatNumber(figures.A[metric]!).padStart(8)}  B ${formatNumber(figures.B[metric]!).padStart(8)}  B/A ${ratio.toFixed(3)}  ` +
      `(load ${loadavg()[0]!.toFixed(2)})`,
  );
}
await sides.A.dispose();
await sides.B.dispose();

console.log('');
const keys = Object.keys(rounds[0]?.A ?? {});
for (const key of [metric, ...keys.filter((other) => other !== metric)]) {
  const ratios = rounds.map((round) => round.B[key]! / round.A[key]!);
  const ci = medianInterval(ratios);
  const sign = signTest(ratios);
  console.log(
    `${key}${key === workload.metric.name ? ` (${workload.metric.unit})` : ''}, ${betterOf(key)} is better: ` +
      `A median ${formatNumber(median(rounds.map((round) => round.A[key]!)))}, B median ${formatNumber(median(rounds.map((round) => round.B[key]!)))}\n` +
      `    B/A median of ${ratios.length} per-pair ratios ${ci.median.toFixed(3)}, ${(ci.confidence * 100).toFixed(1)}% CI [${ci.low.toFixed(3)}, ${ci.high.toFixed(3)}] ` +
      `(width ${(ci.high - ci.low).toFixed(3)}); sign test: B/A > 1 in ${sign.above}, < 1 in ${sign.below}, p = ${sign.p.toPrecision(2)}`,
  );
}
const ci = medianInterval(rounds.map((round) => round.B[metric]! / round.A[metric]!));
const bBetter = better === 'lower' ? ci.high < 1 : ci.low > 1;
const bWorse = better === 'lower' ? ci.low > 1 : ci.high < 1;
console.log(
  ci.confidence < 0.95
    ? `\nverdict on ${metric}: none, ${ci.count} pairs are too few for a 95% interval (6 at least; more make it narrower)`
    : `\nverdict on ${metric}: ${bBetter ? 'B is better' : bWorse ? 'B is worse' : 'no difference shown'} ` +
        `(${(ci.confidence * 100).toFixed(1)}% CI of B/A [${ci.low.toFixed(3)}, ${ci.high.toFixed(3)}]${bBetter || bWorse ? ' excludes' : ' includes'} 1)`,
);
console.log(`load average at start: ${formatLoad(startLoad, availableParallelism())}; at end: ${formatLoad(loadavg(), availableParallelism())}; ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(0);
