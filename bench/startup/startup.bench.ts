// bench/startup: what loading Assay costs a fresh Node process, measured on the
// compiled packages as users install them (dist, no tsx, no source condition).
// Each figure is the time of one `await import(...)` inside a fresh `node`
// process, beside the same for an empty ES module (Node's own cost of a first
// dynamic import, the baseline); `assay --version` is the whole process, beside
// a `node` process that runs an empty module. Every round runs each case once,
// back to back (the order rotating from round to round), so each case is paired
// with the baseline measured moments before or after it: the "over the
// baseline" figure is the median of those paired differences, which a busy
// machine disturbs less than the absolute times.
// Run: pnpm bench startup
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, report } from '../lib/report.js';

const ROUNDS = 21;
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'packages', 'cli', 'dist', 'bin.js');
const { version } = JSON.parse(readFileSync(join(root, 'packages', 'cli', 'package.json'), 'utf8')) as { version: string };
const scratch = mkdtempSync(join(tmpdir(), 'assay-bench-startup-'));
const emptyModule = join(scratch, 'empty.mjs');
writeFileSync(emptyModule, 'export {};\n');

interface Case {
  /** What is measured. */
  name: string;
  /** Runs one fresh process and returns milliseconds. */
  measure: () => number;
}

/** Milliseconds of one `await import(specifier)` in a fresh node process started in the repository root. */
function importTime(specifier: string): number {
  const script = `const started = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - started));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '--eval', script], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`import('${specifier}') failed: ${result.stderr}`);
  return Number(result.stdout);
}

/** Wall milliseconds of a whole `node <args>` process, checking what it printed. */
function processTime(args: readonly string[], expectedOutput: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const milliseconds = performance.now() - started;
  if (result.status !== 0 || result.stdout !== expectedOutput) {
    throw new Error(`node ${args.join(' ')} exited ${result.status} with ${JSON.stringify(result.stdout)} ${result.stderr}`);
  }
  return milliseconds;
}

const baseline: Case = { name: 'empty module', measure: () => importTime(pathToFileURL(emptyModule).href) };
const processBaseline: Case = { name: 'node <empty module>', measure: () => processTime([emptyModule], '') };
const imports: Case[] = ['@assay/core', '@assay/metrics', '@assay/sdk', '@assay/evaluate'].map((specifier) => ({
  name: specifier,
  measure: () => importTime(specifier),
}));
const versionCase: Case = { name: 'assay --version', measure: () => processTime([bin, '--version'], `${version}\n`) };
const cases = [baseline, processBaseline, ...imports, versionCase];

const loadBefore = loadavg();
const samples = new Map<Case, number[]>(cases.map((entry) => [entry, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (let offset = 0; offset < cases.length; offset += 1) {
    const entry = cases[(round + offset) % cases.length]!;
    samples.get(entry)!.push(entry.measure());
  }
}
const loadAfter = loadavg();
rmSync(scratch, { recursive: true, force: true });

const format = (milliseconds: number): string => milliseconds.toFixed(1);
/** Median, min and max of a case, and the median of its differences from the paired baseline. */
function summary(entry: Case, against: Case): { median: number; note: string } {
  const values = samples.get(entry)!;
  const base = samples.get(against)!;
  const over = median(values.map((value, round) => value - base[round]!));
  return {
    median: median(values),
    note: `min ${format(Math.min(...values))}, max ${format(Math.max(...values))} ms; ${format(over)} ms over the paired baseline (${against.name}: median ${format(median(base))} ms)`,
  };
}

console.log(
  `${ROUNDS} rounds of fresh processes, compiled packages (dist); load average ${loadBefore.map((load) => load.toFixed(2)).join(' ')} before, ` +
    `${loadAfter.map((load) => load.toFixed(2)).join(' ')} after, on ${process.platform} with Node ${process.version}`,
);
const base = samples.get(baseline)!;
console.log(`baseline, import() of an empty ES module: ${format(median(base))} ms (min ${format(Math.min(...base))}, max ${format(Math.max(...base))})`);

const GOALS: Record<string, number> = { '@assay/sdk': 60, '@assay/metrics': 30 };
for (const entry of imports) {
  const { median: value, note } = summary(entry, baseline);
  const goal = GOALS[entry.name];
  if (goal === undefined) console.log(`import('${entry.name}'): ${format(value)} ms  (no goal)\n    ${note}`);
  else report({ name: `import('${entry.name}')`, value, unit: 'ms', goal: { atMost: goal }, note });
}
const versionFigure = summary(versionCase, processBaseline);
report({ name: 'assay --version (whole process)', value: versionFigure.median, unit: 'ms', goal: { atMost: 300 }, note: versionFigure.note });
