// bench/registry: model registry reads on a store of 1,000 registered models × 100 versions
// (100,000 versions, three tags each, two aliases per model, each version from its own run), in a
// DuckDB file in a temp directory, through LocalStore (the database on its worker thread, as a user
// has it, default options) and DuckDbStore direct: (a) searchModelVersions p50/p95 for a model's
// versions (`name = 'model-0421'`), one run's (`run_id = '...'`), a tag's (`tags.dataset = '...'`,
// 200 versions) and the first page of the unfiltered search (max_results 100), goal p50 ≤ 20 ms each;
// (b) getModelVersionByAlias p50 on the warm store (the same alias again: the store keeps single
// versions until the next registry change), goal ≤ 2 ms, and for comparison the same call on a
// different model each time (a read the cache has not seen) and getModelVersion p50. Baselines
// on the same store in the same run, measured before and after the registry calls: getRun (for the
// single-version reads) and a one-clause searchRuns (`tags.team = 'ml-core'`, 100 a page, for the
// searches); the ratios move less with the load than the figures, and so does the median process CPU
// per call printed beside each wall time (DuckDB's and the store worker's threads included). How the
// store is built (printed too): 100,000 runs through applyWrites, then model-0000's 100 versions, tags
// and aliases through the RegistryStore API and the other 999 models' in one INSERT ... SELECT per
// table (build-registry-store.ts: the rows the API writes, checked: a version made each way reads
// back with the same fields), then the idle maintenance a LocalStore runs (sortKeyValueTables).
// Run: pnpm bench registry [--quick]   (--quick: 100 models, fewer samples)
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryStore, Store } from '@assay/core';
import { DuckDbStore, LocalStore } from '@assay/store';
import { hasFlag } from '../lib/assay-build.js';
import { VERSIONS, buildRegistryStore, modelName } from './build-registry-store.js';
import { formatLoad, median, percentile, printGoalTable, type GoalLine } from '../lib/report.js';

const quick = hasFlag('quick');
const MODELS = quick ? 100 : 1000;
const RUNS = MODELS * VERSIONS;
const SAMPLES = quick ? 21 : 101;
const WARM_UPS = 5;
const startLoad = loadavg();

interface Distribution {
  p50: number;
  p95: number;
  /** Median CPU ms of this process per call (DuckDB's and the store worker's threads included): it moves less with the load than wall time. */
  cpu: number;
  /** Items in the last answer. */
  count: number;
}

async function measure(work: () => Promise<number>): Promise<Distribution> {
  let count = 0;
  for (let index = 0; index < WARM_UPS; index += 1) count = await work();
  const samples: number[] = [];
  const cpus: number[] = [];
  for (let index = 0; index < SAMPLES; index += 1) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    count = await work();
    samples.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuBefore);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  return { p50: median(samples), p95: percentile(samples, 95), cpu: median(cpus), count };
}

type Subject = Store & RegistryStore;

interface Query {
  label: string;
  run: (store: Subject) => Promise<number>;
  goal?: number;
}

function queries(runIds: readonly string[], experimentId: string): { registry: Query[]; baselines: Query[] } {
  const model = quick ? 42 : 421;
  // Models read by the uncached alias line: each once per store (106 calls, 1,000 models; 26 of 100 with --quick).
  let uncached = model;
  const runId = runIds[model * VERSIONS + 57]!;
  const dataset = 'ds-123';
  const registry: Query[] = [
    { label: `searchModelVersions name = '${modelName(model)}'`, goal: 20, run: async (store) => (await store.searchModelVersions({ filter: `name = '${modelName(model)}'` })).items.length },
    { label: `searchModelVersions run_id = '<one run>'`, goal: 20, run: async (store) => (await store.searchModelVersions({ filter: `run_id = '${runId}'` })).items.length },
    { label: `searchModelVersions tags.dataset = '${dataset}'`, goal: 20, run: async (store) => (await store.searchModelVersions({ filter: `tags.dataset = '${dataset}'` })).items.length },
    { label: 'searchModelVersions (no filter), max_results 100', goal: 20, run: async (store) => (await store.searchModelVersions({ maxResults: 100 })).items.length },
    { label: `getModelVersionByAlias ${modelName(model)}@champion`, goal: 2, run: async (store) => ((await store.getModelVersionByAlias({ name: modelName(model), alias: 'champion' })).version === VERSIONS - 10 ? 1 : 0) },
    {
      label: 'getModelVersionByAlias, another model each call (uncached)',
      run: async (store) => {
        uncached = (uncached + 1) % MODELS;
        return (await store.getModelVersionByAlias({ name: modelName(uncached), alias: 'champion' })).version === VERSIONS - 10 ? 1 : 0;
      },
    },
    { label: `getModelVersion ${modelName(model)} v42`, run: async (store) => ((await store.getModelVersion({ name: modelName(model), version: 42 })).version === 42 ? 1 : 0) },
  ];
  const baselines: Query[] = [
    { label: 'baseline getRun', run: async (store) => ((await store.getRun({ runId })).info.runId === runId ? 1 : 0) },
    { label: `baseline searchRuns tags.team = 'ml-core', max_results 100`, run: async (store) => (await store.searchRuns({ experimentIds: [experimentId], filter: `tags.team = 'ml-core'`, maxResults: 100 })).runs.length },
  ];
  return { registry, baselines };
}

const fixed = (value: number): string => (value >= 10 ? value.toFixed(1) : value >= 0.1 ? value.toFixed(2) : value.toFixed(3));

async function measureStore(title: string, store: Subject, runIds: readonly string[]): Promise<GoalLine[]> {
  const experiment = (await store.getExperimentByName({ name: 'bench-registry' }))!;
  const { registry, baselines } = queries(runIds, experiment.experimentId);
  console.log(`\n${title} (${SAMPLES} samples after ${WARM_UPS} warm-ups; wall ms, and median process CPU ms per call)`);
  const results = new Map<Query, Distribution>();
  // Baselines first and last, so a load change during the run shows.
  for (const query of [...baselines, ...registry, ...baselines]) {
    const result = await measure(() => query.run(store));
    const previous = results.get(query);
    if (previous) {
      console.log(`  ${query.label.padEnd(60)} p50 ${fixed(result.p50).padStart(6)}  p95 ${fixed(result.p95).padStart(6)}  cpu ${fixed(result.cpu).padStart(6)}  (again, after)`);
      results.set(query, { ...result, p50: (previous.p50 + result.p50) / 2, p95: (previous.p95 + result.p95) / 2, cpu: (previous.cpu + result.cpu) / 2 });
    } else {
      console.log(`  ${query.label.padEnd(60)} p50 ${fixed(result.p50).padStart(6)}  p95 ${fixed(result.p95).padStart(6)}  cpu ${fixed(result.cpu).padStart(6)}  ${result.count} item(s)`);
      results.set(query, result);
    }
  }
  const getRun = results.get(baselines[0]!)!;
  const searchRuns = results.get(baselines[1]!)!;
  return registry
    .filter((query) => query.goal !== undefined)
    .map((query) => {
      const result = results.get(query)!;
      const baseline = query.goal === 2 ? getRun : searchRuns;
      return {
        name: `${title}: ${query.label}`,
        figure: `p50 ${fixed(result.p50)} ms (cpu ${fixed(result.cpu)})`,
        goal: `≤ ${query.goal} ms`,
        baseline: `${query.goal === 2 ? 'getRun' : 'searchRuns'} p50 ${fixed(baseline.p50)} ms (cpu ${fixed(baseline.cpu)})`,
        ratio: `${(result.p50 / baseline.p50).toFixed(2)}×`,
        met: result.p50 <= query.goal!,
      };
    });
}

const root = await mkdtemp(join(tmpdir(), 'assay-bench-registry-'));
try {
  console.log(`building ${MODELS.toLocaleString('en-US')} models × ${VERSIONS} versions in ${root} ...`);
  const { runIds, seconds, sorted } = await buildRegistryStore(root, MODELS);
  console.log(
    `built in ${seconds.toFixed(1)} s: ${RUNS.toLocaleString('en-US')} runs (applyWrites), model-0000 through the RegistryStore API, ` +
      `the other ${(MODELS - 1).toLocaleString('en-US')} models' versions, tags (dataset, framework, git_sha) and aliases (champion, challenger) by INSERT ... SELECT; ` +
      `then the idle maintenance a LocalStore runs re-sorted ${sorted.join(', ') || 'no table'} by (key, owner key)`,
  );
  const lines: GoalLine[] = [];
  const local = await LocalStore.open({ root });
  try {
    lines.push(...(await measureStore('LocalStore', local, runIds)));
  } finally {
    await local.close();
  }
  const direct = await DuckDbStore.open({ path: join(root, 'assay.duckdb') });
  try {
    lines.push(...(await measureStore('DuckDbStore', direct, runIds)));
  } finally {
    await direct.close();
  }
  console.log('');
  printGoalTable(lines);
  console.log(`\nload at start ${formatLoad(startLoad, availableParallelism())}; at end ${formatLoad(loadavg(), availableParallelism())}`);
} finally {
  await rm(root, { recursive: true, force: true });
}
