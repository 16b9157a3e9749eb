import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareEvaluations, evaluate, exactMatchMetric, latencyMetric, rougeMetric } from '@assay/evaluate';
import { getStore, setTrackingUri } from '@assay/sdk';
import { resetForTests } from '@assay/sdk/test';
import { createAssayServer } from '../create-assay-server.js';
import { useTestServer } from '../__fixtures__/create-test-server.js';
import { as, denied, useServerWithUsers } from '../__fixtures__/use-server-with-users.js';

describe("Assay's evaluation comparison route: the same figures as compareEvaluations", () => {
  let root = '';
  beforeEach(async () => {
    await resetForTests();
    root = await mkdtemp(join(tmpdir(), 'assay-compare-'));
    setTrackingUri(root);
  });
  afterEach(async () => {
    await resetForTests();
    await rm(root, { recursive: true, force: true });
  });

  it('reads both runs’ stored rows and gives compareEvaluations’ deltas, intervals, p-values, wins and losses for the same seed', async () => {
    const data = Array.from({ length: 40 }, (_, index) => ({
      question: `q${index}`,
      expected: `the answer is ${index}`,
      weak: index % 3 === 0 ? `the answer is ${index}` : `maybe ${index}`,
      strong: index % 7 === 0 ? 'no idea' : `the answer is ${index}`,
    }));
    const metrics = () => [rougeMetric(), exactMatchMetric()];
    const a = await evaluate({ data, predictions: 'weak', targets: 'expected', metrics: metrics(), progress: false });
    const b = await evaluate({ data, predictions: 'strong', targets: 'expected', metrics: metrics(), progress: false });
    const app = createAssayServer({ store: await getStore() });

    for (const seed of [12345, 7]) {
      const expected = compareEvaluations(a, b, { seed, samples: 200 });
      const response = await app.request(`/api/assay/v1/evaluations/compare?a=${a.runId}&b=${b.runId}&seed=${seed}&samples=200`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { comparisons: Record<string, unknown>[]; a: { rows: number } };
      expect(body.a.rows).toBe(40);
      expect(body.comparisons.map((comparison) => comparison['column'])).toEqual(expected.map((comparison) => comparison.column));
      expect(body.comparisons).toEqual(
        expected.map((comparison) => ({
          column: comparison.column,
          greater_is_better: comparison.greaterIsBetter,
          a: comparison.a,
          b: comparison.b,
          delta: comparison.delta,
          ci95_low: comparison.ci95[0],
          ci95_high: comparison.ci95[1],
          p_value: comparison.pValue,
          wins: comparison.wins,
          losses: comparison.losses,
          ties: comparison.ties,
          logged_value_differs: false,
        })),
      );
    }
    const exact = compareEvaluations(a, b).find((comparison) => comparison.column === 'exact_match')!;
    expect(exact.delta).toBeGreaterThan(0);
    expect(exact.ci95[0]).toBeGreaterThan(0);
  });

  it('knows latency is better lower, as the metric says, and refuses runs of different rows', async () => {
    const data = Array.from({ length: 12 }, (_, index) => ({ question: `q${index}`, expected: `a${index}` }));
    const a = await evaluate({ data, model: (inputs) => `a${String(inputs['question']).slice(1)}`, inputs: ['question'], targets: 'expected', metrics: [latencyMetric()], progress: false });
    const b = await evaluate({ data, model: (inputs) => `a${String(inputs['question']).slice(1)}`, inputs: ['question'], targets: 'expected', metrics: [latencyMetric()], progress: false });
    const fewer = await evaluate({ data: data.slice(0, 5), model: () => 'x', inputs: ['question'], metrics: [latencyMetric()], progress: false });
    const app = createAssayServer({ store: await getStore() });
    const body = (await (await app.request(`/api/assay/v1/evaluations/compare?a=${a.runId}&b=${b.runId}`)).json()) as { comparisons: { column: string; greater_is_better: boolean; wins: number }[] };
    const expected = compareEvaluations(a, b);
    expect(body.comparisons.map(({ column, greater_is_better, wins }) => ({ column, greaterIsBetter: greater_is_better, wins }))).toEqual(
      expected.map(({ column, greaterIsBetter, wins }) => ({ column, greaterIsBetter, wins })),
    );
    expect(expected[0]!.greaterIsBetter).toBe(false);
    const refused = await app.request(`/api/assay/v1/evaluations/compare?a=${a.runId}&b=${fewer.runId}`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(/same rows/);
  });
});

describe("Assay's evaluation comparison route: errors", () => {
  const server = useTestServer();

  it('answers 404 for an unknown run and 400 for a run without evaluation rows', async () => {
    const run = await server.store.createRun({ experimentId: '0' });
    await server.store.logEvaluationRows({ runId: run.info.runId, rows: [{ rowIndex: 0, inputs: {}, metrics: { exact_match: 1 } }] });
    const empty = await server.store.createRun({ experimentId: '0' });
    expect((await server.get(`/api/assay/v1/evaluations/compare?a=${run.info.runId}&b=${'f'.repeat(32)}`)).status).toBe(404);
    const none = await server.get(`/api/assay/v1/evaluations/compare?a=${run.info.runId}&b=${empty.info.runId}`);
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/no evaluation rows/);
    const same = await server.get(`/api/assay/v1/evaluations/compare?a=${run.info.runId}&b=${run.info.runId}`);
    expect(same.body.comparisons).toEqual([
      { column: 'exact_match', greater_is_better: true, a: 1, b: 1, delta: 0, ci95_low: 0, ci95_high: 0, p_value: 1, wins: 0, losses: 0, ties: 1, logged_value_differs: false },
    ]);
  });
});

describe("Assay's evaluation comparison route with auth: READ on both runs' experiments", () => {
  const { server, shared } = useServerWithUsers({ auth: {} }, 'evaluation-compare-auth');

  it('answers 401 without credentials, 403 without READ, the comparison with it', async () => {
    await server.store.logEvaluationRows({ runId: shared.runId, rows: [{ rowIndex: 0, inputs: { q: 1 }, output: 'a', metrics: { exact_match: 1 } }] });
    const path = `/api/assay/v1/evaluations/compare?a=${shared.runId}&b=${shared.runId}`;
    expect((await server.get(path)).status).toBe(401);
    expect(await server.get(path, as('outsider'))).toEqual(denied);
    expect((await server.get(path, as('reader'))).body.comparisons).toHaveLength(1);
  });
});
