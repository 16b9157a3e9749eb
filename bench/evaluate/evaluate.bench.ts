// bench/evaluate: a 10,000-row evaluation end to end (model calls traced,
// metrics scored, aggregates logged, the per-row table stored in DuckDB):
// (a) rows/s with a model of 0 ms latency; (b) wall time with a 200 ms model
// at concurrency 16 against the ideal 10,000 × 200 ms / 16.
// Run: pnpm bench evaluate   (takes ~3 minutes: (b) alone is ≥ 125 s)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, exactMatchMetric, rougeMetric } from '@assay/evaluate';
import { flush, getStore, setTrackingUri } from '@assay/sdk';
import { resetForTests } from '@assay/sdk/test';
import { median, report } from '../lib/report.js';

const ROWS = 10_000;
const data = Array.from({ length: ROWS }, (_, index) => ({
  question: `What is item ${index} of the catalogue called?`,
  expected: `Item ${index} is the ${index % 2 === 0 ? 'blue' : 'red'} notebook`,
}));

async function withFreshStore<T>(work: () => Promise<T>): Promise<T> {
  await resetForTests();
  const root = await mkdtemp(join(tmpdir(), 'assay-bench-evaluate-'));
  setTrackingUri(root);
  try {
    return await work();
  } finally {
    await resetForTests();
    await rm(root, { recursive: true, force: true });
  }
}

async function zeroLatencyRun(): Promise<{ rowsPerSecond: number; storedRows: number }> {
  return withFreshStore(async () => {
    const started = performance.now();
    const result = await evaluate({
      data,
      model: async ({ question }) => `Item ${String(question).split(' ')[3]} is the blue notebook`,
      metrics: [exactMatchMetric(), rougeMetric({ types: ['rougeL'] })],
      concurrency: 16,
      progress: false,
    });
    await flush();
    const seconds = (performance.now() - started) / 1000;
    const stored = await (await getStore()).sql({ query: `SELECT count(*) FROM evaluation_rows WHERE run_id = '${result.runId}'` });
    return { rowsPerSecond: ROWS / seconds, storedRows: Number(stored.rows[0]![0]) };
  });
}

const rates: number[] = [];
let storedRows = 0;
for (let repeat = 0; repeat < 3; repeat += 1) {
  const run = await zeroLatencyRun();
  rates.push(run.rowsPerSecond);
  storedRows = run.storedRows;
}
report({
  name: `(a) evaluate() rows/s, ${ROWS.toLocaleString('en-US')} rows, 0 ms model, exact_match + rougeL, traced and stored (median of 3)`,
  value: median(rates),
  unit: 'rows/s',
  goal: { atLeast: 5_000 },
  note: `${storedRows.toLocaleString('en-US')} rows in evaluation_rows in the last run; runs: ${rates.map((rate) => Math.round(rate).toLocaleString('en-US')).join(', ')} rows/s`,
});

const ideal = (ROWS * 200) / 16 / 1000;
const wall = await withFreshStore(async () => {
  const started = performance.now();
  await evaluate({
    data,
    model: async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return 'Item is the blue notebook';
    },
    metrics: [exactMatchMetric()],
    concurrency: 16,
    progress: false,
  });
  await flush();
  return (performance.now() - started) / 1000;
});
report({
  name: `(b) wall time, ${ROWS.toLocaleString('en-US')} rows, 200 ms model, concurrency 16`,
  value: ((wall - ideal) / ideal) * 100,
  unit: '% over ideal',
  goal: { atMost: 10 },
  note: `${wall.toFixed(1)} s against the ideal ${ideal.toFixed(1)} s (10,000 × 200 ms / 16)`,
});
process.exit(0);
