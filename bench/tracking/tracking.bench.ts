// bench/tracking: (a) logMetrics throughput, (b) searchRuns latency over
// 100,000 runs, (c) open + first query latency of that store.
// Run: pnpm bench tracking   (or, after pnpm build: node --import tsx bench/tracking/tracking.bench.ts)
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { WriteOperation } from '@assay/core';
import { DuckDbStore, LocalStore } from '@assay/store';
import { setTrackingUri, startRun, flush } from '@assay/sdk';
import { median, percentile, report, time } from '../lib/report.js';

const POINTS = 1_000_000;
const KEYS_PER_CALL = 100;
const RUNS = 100_000;
const FILTER = `metrics.m_1 > 0.5 and params.model = 'gpt-4o' and tags.team LIKE 'ml%'`;
const ORDER_BY = ['metrics.m_2 DESC'];
const dataDirectory = join(dirname(fileURLToPath(import.meta.url)), '..', '.data');

async function logMetricsThroughput(): Promise<number> {
  const root = await mkdtemp(join(tmpdir(), 'assay-bench-log-'));
  setTrackingUri(root);
  const keys = Array.from({ length: KEYS_PER_CALL }, (_, index) => `metric_${index}`);
  const milliseconds = await time(async () => {
    const run = await startRun({ runName: 'throughput' });
    const record: Record<string, number> = {};
    for (let step = 0; step < POINTS / KEYS_PER_CALL; step += 1) {
      for (const key of keys) record[key] = Math.random();
      run.logMetrics(record, { step });
    }
    await run.end();
    await flush();
  });
  await rm(root, { recursive: true, force: true });
  return POINTS / (milliseconds / 1000);
}

/** What an ORM-backed SQL store does: one autocommitted INSERT per point (measured on a sample). */
async function rowByRowBaseline(): Promise<number> {
  const instance = await DuckDBInstance.create(join(await mkdtemp(join(tmpdir(), 'assay-bench-rows-')), 'x.duckdb'));
  const connection = await instance.connect();
  await connection.run('CREATE TABLE metrics (run_id VARCHAR, key VARCHAR, value DOUBLE, timestamp BIGINT, step BIGINT)');
  const sample = 3000;
  const milliseconds = await time(async () => {
    for (let index = 0; index < sample; index += 1) {
      await connection.run('INSERT INTO metrics VALUES ($1, $2, $3, $4, $5)', ['run', `metric_${index % 100}`, Math.random(), Date.now(), index]);
    }
  });
  connection.closeSync();
  instance.closeSync();
  return sample / (milliseconds / 1000);
}

/** Builds (once) a store of 100,000 runs with 10 params and 10 metrics each. */
async function buildSearchStore(): Promise<string> {
  const root = join(dataDirectory, 'tracking-100k');
  const marker = join(root, 'complete-v3');
  if (existsSync(marker)) return root;
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  console.log(`building a ${RUNS.toLocaleString('en-US')}-run store in ${root} (once) ...`);
  const store = await DuckDbStore.open({ path: join(root, 'assay.duckdb') });
  const experimentId = await store.createExperiment({ name: 'bench-search' });
  const experiment = await store.getExperiment({ experimentId });
  const models = ['gpt-4o', 'gpt-4o-mini', 'claude', 'llama'];
  const teams = ['ml-core', 'ml-apps', 'search', 'infra'];
  let random = 42;
  const next = () => ((random = (random * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const chunk = 5000;
  for (let start = 0; start < RUNS; start += chunk) {
    const operations: WriteOperation[] = [];
    for (let index = start; index < start + chunk; index += 1) {
      const create = await store.prepareRun(
        { experimentId, runName: `run-${index}`, startTime: 1_700_000_000_000 + index, tags: { team: teams[index % 4]! } },
        experiment,
      );
      const runId = create.run.runId;
      operations.push(create, {
        op: 'logBatch',
        runId,
        params: Array.from({ length: 10 }, (_, key) => ({ key: key === 0 ? 'model' : `param_${key}`, value: key === 0 ? models[index % 4]! : String(key * index) })),
        metrics: Array.from({ length: 10 }, (_, key) => ({ key: `m_${key}`, value: next(), timestamp: 1_700_000_000_000 + index, step: 0 })),
        tags: [],
      });
    }
    await store.applyWrites(operations);
  }
  await store.close();
  await (await import('node:fs/promises')).writeFile(marker, '');
  return root;
}

async function searchLatency(root: string): Promise<{ p50: number; p90: number; matches: number; naiveP50: number }> {
  const store = await LocalStore.open({ root, lingerMs: 60_000, maxHoldMs: 600_000 });
  const experiment = (await store.getExperimentByName({ name: 'bench-search' }))!;
  const samples: number[] = [];
  let matches = 0;
  for (let index = 0; index < 30; index += 1) {
    samples.push(
      await time(async () => {
        const result = await store.searchRuns({ experimentIds: [experiment.experimentId], filter: FILTER, orderBy: ORDER_BY, maxResults: 100 });
        matches = result.runs.length;
      }),
    );
  }
  // Baseline: the same search computing each run's latest metric from the full history, as stores without a latest-value table do.
  const naive = `
    WITH latest AS (SELECT run_id, key, arg_max(value, (step, timestamp)) AS value FROM metrics GROUP BY run_id, key)
    SELECT r.run_id FROM runs r
    JOIN latest m1 ON m1.run_id = r.run_id AND m1.key = 'm_1'
    JOIN latest m2 ON m2.run_id = r.run_id AND m2.key = 'm_2'
    JOIN params p ON p.run_id = r.run_id AND p.key = 'model'
    JOIN tags t ON t.run_id = r.run_id AND t.key = 'team'
    WHERE r.experiment_id = '${experiment.experimentId}' AND m1.value > 0.5 AND p.value = 'gpt-4o' AND t.value LIKE 'ml%'
    ORDER BY m2.value DESC LIMIT 100`;
  const naiveSamples: number[] = [];
  for (let index = 0; index < 10; index += 1) naiveSamples.push(await time(() => store.sql({ query: naive })));
  await store.close();
  return { p50: median(samples), p90: percentile(samples, 90), matches, naiveP50: median(naiveSamples) };
}

async function openLatency(root: string): Promise<{ large: number; empty: number }> {
  const emptyRoot = await mkdtemp(join(tmpdir(), 'assay-bench-empty-'));
  (await DuckDbStore.open({ path: join(emptyRoot, 'assay.duckdb') })).closeSync();
  const measure = async (directory: string) => {
    const samples: number[] = [];
    for (let index = 0; index < 7; index += 1) {
      samples.push(
        await time(async () => {
          const store = await DuckDbStore.open({ path: join(directory, 'assay.duckdb') });
          await store.searchRuns({ experimentIds: ['1'], maxResults: 10 });
          store.closeSync();
        }),
      );
    }
    return median(samples);
  };
  const result = { large: await measure(root), empty: await measure(emptyRoot) };
  await rm(emptyRoot, { recursive: true, force: true });
  return result;
}

const throughputs: number[] = [];
for (let repeat = 0; repeat < 3; repeat += 1) throughputs.push(await logMetricsThroughput());
const baseline = await rowByRowBaseline();
const throughput = median(throughputs);
report({
  name: '(a) logMetrics, 1,000,000 points in one process (median of 3)',
  value: throughput,
  unit: 'points/s',
  goal: { atLeast: 500_000 },
  note: `baseline, one autocommitted INSERT per point on the same DuckDB: ${Math.round(baseline).toLocaleString('en-US')} points/s → ${(throughput / baseline).toFixed(0)}× faster`,
});

const root = await buildSearchStore();
const search = await searchLatency(root);
report({
  name: `(b) searchRuns over ${RUNS.toLocaleString('en-US')} runs, 3-clause filter + order_by (p50 of 30)`,
  value: search.p50,
  unit: 'ms',
  goal: { atMost: 50 },
  note: `p90 ${search.p90.toFixed(1)} ms, ${search.matches} runs on the page; baseline computing latest metrics from history: p50 ${search.naiveP50.toFixed(1)} ms → ${(search.naiveP50 / search.p50).toFixed(1)}× faster`,
});

const open = await openLatency(root);
report({
  name: `(c) open + first query of the ${RUNS.toLocaleString('en-US')}-run store (median of 7)`,
  value: open.large,
  unit: 'ms',
  goal: { atMost: 200 },
  note: `an empty store: ${open.empty.toFixed(1)} ms (ratio ${(open.large / open.empty).toFixed(2)})`,
});
