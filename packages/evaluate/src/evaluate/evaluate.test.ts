import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_TAGS } from '@assay/core';
import { autolog, getRun, getStore, getTrace, withRun } from '@assay/sdk';
import { createMockLlmServer } from '@assay/sdk/test';
import { useTempStore } from '../__fixtures__/temp-store.js';
import { createDataset } from '../datasets/create-dataset.js';
import { getDataset } from '../datasets/get-dataset.js';
import { corpusBleu, defineMetric, exactMatchMetric, rougeMetric } from '@assay/metrics';
import { compareEvaluations } from './compare-evaluations.js';
import { evaluate } from './evaluate.js';
import { expectEvaluation } from './expect-evaluation.js';
import { ThresholdError } from './threshold-error.js';

useTempStore();

const CAPITALS = [
  { question: 'What is the capital of France?', expected: 'Echo: What is the capital of France?' },
  { question: 'What is the capital of Italy?', expected: 'Rome' },
  { question: 'What is the capital of Spain?', expected: 'Echo: What is the capital of Spain?' },
  { question: 'Fail on purpose', expected: 'anything' },
];

describe('evaluate() end to end', () => {
  afterEach(() => {
    autolog({ disable: true });
  });

  it('runs a real model through the mock LLM under autolog: rows link to traces, a failing row stays on its row, results are stored', async () => {
    const server = await createMockLlmServer();
    autolog({ openai: OpenAI, langchain: false });
    const client = new OpenAI({ apiKey: 'mock', baseURL: server.baseURL, maxRetries: 0 });
    try {
      const result = await evaluate({
        data: CAPITALS,
        model: async ({ question }) => {
          if (question === 'Fail on purpose') throw new TypeError('the model refused');
          const completion = await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: String(question) }] });
          return completion.choices[0]?.message.content;
        },
        metrics: [exactMatchMetric(), rougeMetric({ types: ['rougeL'] })],
        runName: 'capitals',
        experimentName: 'evaluate-e2e',
        progress: false,
      });

      expect(result.rows.map((row) => [row.output, row.error])).toEqual([
        ['Echo: What is the capital of France?', undefined],
        ['Echo: What is the capital of Italy?', undefined],
        ['Echo: What is the capital of Spain?', undefined],
        [undefined, 'TypeError: the model refused'],
      ]);
      expect(result.rows.map((row) => row.metrics['exact_match'])).toEqual([1, 0, 1, null]);
      expect(result.metrics).toMatchObject({ exact_match: 2 / 3, exact_match_min: 0, exact_match_max: 1, rows: 4, rows_failed: 1, error_rate: 0.25 });
      expect(result.metrics['latency_p90']).toBeGreaterThan(0);

      // Each row's model call is a trace, linked to the evaluation run, with the OpenAI call inside.
      const trace = await getTrace(result.rows[1]!.traceId!);
      expect(trace.info.runId).toBe(result.runId);
      expect(trace.spans.map((span) => span.name).sort()).toEqual(['chat mock-gpt', 'evaluate.predict']);
      const failedTrace = await getTrace(result.rows[3]!.traceId!);
      expect(failedTrace.info.state).toBe('ERROR');

      // The run has the aggregates and params; the table is in DuckDB and in the run's artifacts.
      const run = await getRun(result.runId);
      expect(run.info.runName).toBe('capitals');
      expect(run.data.metrics['exact_match']).toBeCloseTo(2 / 3, 12);
      expect(run.data.params).toMatchObject({ 'evaluation.rows': '4', 'evaluation.targets': 'expected', 'evaluation.metrics': 'exact_match,rouge,latency' });
      const store = await getStore();
      const stored = await store.sql({
        query: `SELECT row_index, trace_id IS NOT NULL, error, metrics->>'exact_match' FROM evaluation_rows WHERE run_id = '${result.runId}' ORDER BY row_index`,
      });
      expect(stored.rows).toEqual([
        [0, true, null, '1'],
        [1, true, null, '0'],
        [2, true, null, '1'],
        [3, true, 'TypeError: the model refused', null],
      ]);
      const artifacts = await store.listArtifacts({ runId: result.runId });
      expect(artifacts.map((file) => file.path)).toContain('eval_results_table.json');
      expect(result.table()[1]).toMatchObject({ row: 1, question: 'What is the capital of Italy?', targets: 'Rome', exact_match: 0, error: null });
    } finally {
      await server.close();
    }
  });

  it('reads a stored dataset by name or as a Dataset, and records the version it used as a run input', async () => {
    await createDataset({ name: 'capitals', rows: [{ answer: 'Paris', expected: 'Paris' }, { answer: 'Lyon', expected: 'Paris' }] });
    const byName = await evaluate({ data: 'capitals', predictions: 'answer', metrics: [exactMatchMetric()] });
    expect(byName.metrics['exact_match']).toBe(0.5);
    const run = await getRun(byName.runId);
    expect(run.inputs?.datasetInputs.map((input) => [input.dataset.name, input.dataset.digest.length])).toEqual([['capitals', 64]]);
    expect(run.data.params).toMatchObject({ 'evaluation.dataset': 'capitals', 'evaluation.dataset_version': '1' });
    const second = await createDataset({ name: 'capitals', rows: [{ answer: 'Rome', expected: 'Rome' }] });
    const byDataset = await evaluate({ data: await getDataset('capitals', { version: second.version }), predictions: 'answer', metrics: [exactMatchMetric()] });
    expect(byDataset.metrics['exact_match']).toBe(1);
    expect((await getRun(byDataset.runId)).data.tags[SYSTEM_TAGS.evaluationDataset]).toBe('capitals@2');
  });

  it('logs into the active run when called inside withRun', async () => {
    const outer = await withRun({ runName: 'outer' }, async (run) => {
      const result = await evaluate({ data: [{ prediction: 'a', expected: 'a' }], predictions: 'prediction', metrics: [exactMatchMetric()] });
      expect(result.runId).toBe(run.id);
      return run.id;
    });
    expect((await getRun(outer)).data.metrics['exact_match']).toBe(1);
  });
});

describe('evaluate() metrics', () => {
  it('a translation preset reports corpus BLEU from summed statistics, not the mean of sentence scores', async () => {
    const data = [
      { source: 'a', prediction: 'the cat sat on the mat', reference: 'the cat sat on the mat' },
      { source: 'b', prediction: 'a dog', reference: 'the dog barked loudly at night' },
      { source: 'c', prediction: 'hello world again', reference: 'hello world' },
    ];
    const result = await evaluate({ data, predictions: 'prediction', preset: 'translation', progress: false });
    const corpus = corpusBleu(data.map((row) => row.prediction), data.map((row) => [row.reference]));
    expect(result.metrics['bleu']).toBe(corpus.score);
    expect(result.metrics['bleu']).not.toBeCloseTo(result.metrics['bleu_mean']!, 3);
    expect(Object.keys(result.metrics)).toEqual(expect.arrayContaining(['chrf', 'token_count', 'bleu_p90']));
  });

  it('custom metrics: per row, batched, with corpus aggregation and errors kept per row', async () => {
    const length = defineMetric({ name: 'length', greaterIsBetter: false, score: (row) => String(row.output).length });
    const hitRate = defineMetric<{ hits: number; total: number }>({
      name: 'hit_rate',
      scoreBatch: (rows) => rows.map((row) => ({ score: row.output === row.targets ? 1 : 0, statistics: { hits: row.output === row.targets ? 3 : 0, total: 3 } })),
      aggregate: (scores) => scores.reduce((sum, score) => sum + score.statistics!.hits, 0) / scores.reduce((sum, score) => sum + score.statistics!.total, 0),
    });
    const fragile = defineMetric({
      name: 'fragile',
      score: (row) => {
        if (row.index === 1) throw new Error('cannot score row 1');
        return 0.5;
      },
    });
    const result = await evaluate({
      data: [{ p: 'x', expected: 'x' }, { p: 'yy', expected: 'z' }],
      predictions: 'p',
      metrics: [length, hitRate, fragile],
    });
    expect(result.metrics).toMatchObject({ length: 1.5, hit_rate: 0.5, fragile: 0.5, fragile_max: 0.5 });
    expect(result.rows[1]!.metricErrors).toEqual({ fragile: 'metric fragile failed: cannot score row 1' });
  });
});

describe('thresholds', () => {
  const data = [
    { answer: 'Paris', expected: 'Paris' },
    { answer: 'Lyon', expected: 'Paris' },
  ];

  it('a missed threshold fails the test with a table of metric, value, bound and baseline, after logging the results', async () => {
    const failure = await evaluate({ data, predictions: 'answer', metrics: [exactMatchMetric()], thresholds: { exact_match: { min: 0.9 }, rows: { max: 10 } } }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ThresholdError);
    const error = failure as ThresholdError;
    expect(error.message).toBe(
      `1 of 2 evaluation thresholds failed (run ${error.runId}):\n\n` +
        'metric       value   bound   baseline  result\n' +
        '-----------  ------  ------  --------  ------\n' +
        'exact_match  0.5000  >= 0.9            FAILED\n' +
        'rows         2       <= 10             ok\n',
    );
    expect((await getRun(error.runId!)).data.tags[SYSTEM_TAGS.evaluationThresholds]).toBe('failed');
  });

  it('bounds relative to a baseline evaluation, and expectEvaluation for any test runner', async () => {
    const baseline = await evaluate({ data: [{ answer: 'Paris', expected: 'Paris' }, { answer: 'Paris', expected: 'Paris' }], predictions: 'answer', metrics: [exactMatchMetric()] });
    const regressed = evaluate({ data, predictions: 'answer', metrics: [exactMatchMetric()], baseline, thresholds: { exact_match: { minRelativeToBaseline: -0.02 } } });
    await expect(regressed).rejects.toThrow(/exact_match {2}0\.5000 {2}>= baseline - 2% {2}1 +FAILED/);
    const byRunId = evaluate({ data, predictions: 'answer', metrics: [exactMatchMetric()], baseline: baseline.runId, thresholds: { exact_match: { minDeltaToBaseline: -0.5 } } });
    await expect(byRunId).resolves.toMatchObject({ metrics: { exact_match: 0.5 } });
    expect(() => expectEvaluation(baseline).toMeet({ exact_match: { min: 1 } })).not.toThrow();
    expect(() => expectEvaluation(baseline).toMeet({ exact_match: { max: 0.5 } })).toThrow(ThresholdError);
  });
});

describe('compareEvaluations', () => {
  it('gives deltas with a paired bootstrap interval and p-value, and per-row wins and losses', async () => {
    const rows = Array.from({ length: 60 }, (_, index) => ({ expected: `answer ${index}`, weak: index % 3 === 0 ? `answer ${index}` : 'no', strong: index % 10 === 0 ? 'no' : `answer ${index}` }));
    const a = await evaluate({ data: rows, predictions: 'weak', metrics: [exactMatchMetric()] });
    const b = await evaluate({ data: rows, predictions: 'strong', metrics: [exactMatchMetric()] });
    const [comparison] = compareEvaluations(a, b);
    expect(comparison).toMatchObject({ column: 'exact_match', a: 20 / 60, b: 54 / 60, wins: 36, losses: 2, ties: 22 });
    expect(comparison!.delta).toBeCloseTo(34 / 60, 12);
    expect(comparison!.ci95[0]).toBeGreaterThan(0.3);
    expect(comparison!.ci95[1]).toBeLessThan(0.8);
    expect(comparison!.pValue).toBeLessThan(0.01);
    const same = compareEvaluations(a, a)[0]!;
    expect(same).toMatchObject({ delta: 0, wins: 0, losses: 0, ties: 60 });
    expect(same.pValue).toBe(1);
  });
});

describe('evaluate() input errors', () => {
  it('says what is wrong and how to fix it', async () => {
    await expect(evaluate({ data: [], predictions: 'x', metrics: [] })).rejects.toThrow(/has no rows/);
    await expect(evaluate({ data: [{ a: 1 }], metrics: [exactMatchMetric()] })).rejects.toThrow(/needs a model function, or `predictions`/);
    await expect(evaluate({ data: [{ a: 1 }], predictions: 'b', metrics: [exactMatchMetric()] })).rejects.toThrow(/names the column 'b', which the data does not have. Columns: a/);
    await expect(evaluate({ data: [{ a: 1 }], predictions: 'a', preset: 'poetry' as never })).rejects.toThrow(/Unknown evaluation preset "poetry"; use one of question-answering/);
    await expect(evaluate({ data: [{ a: 1 }], predictions: 'a', metrics: [exactMatchMetric()], thresholds: { exact_match: { minimum: 1 } as never } })).rejects.toThrow(
      /thresholds.exact_match.minimum is not a known bound/,
    );
    await expect(evaluate({ data: [{ a: 1 }], predictions: 'a', metrics: [exactMatchMetric()], thresholds: { exact_match: { minRelativeToBaseline: 0 } } })).rejects.toThrow(
      /pass `baseline`/,
    );
  });
});

describe('evaluate() concurrency', () => {
  it('runs model calls concurrently up to the limit, starts rows in order and keeps each output on its row', async () => {
    const events: string[] = [];
    let inFlight = 0;
    let peak = 0;
    const result = await evaluate({
      data: Array.from({ length: 20 }, (_, index) => ({ n: index })),
      model: async ({ n }) => {
        events.push(`start ${String(n)}`);
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        // Calls end out of order: a later row often finishes first.
        await new Promise((resolve) => setTimeout(resolve, (19 - Number(n)) % 4));
        inFlight -= 1;
        events.push(`end ${String(n)}`);
        return Number(n) * 10;
      },
      concurrency: 5,
      progress: false,
    });
    expect(peak).toBe(5);
    // Five calls start before any ends; every later one waits for a free slot.
    expect(events.slice(0, 5)).toEqual(['start 0', 'start 1', 'start 2', 'start 3', 'start 4']);
    expect(events[5]).toMatch(/^end /);
    expect(events.filter((event) => event.startsWith('start ')).map((event) => Number(event.slice(6)))).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(result.rows.map((row) => [row.index, row.output, row.error])).toEqual(Array.from({ length: 20 }, (_, index) => [index, index * 10, undefined]));
    expect(result.metrics).toMatchObject({ rows: 20, rows_failed: 0, latency_min: expect.any(Number) as number });
  });
});
