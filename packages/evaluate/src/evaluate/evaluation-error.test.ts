import { describe, expect, it } from 'vitest';
import { AssayError, InvalidParameterError, SYSTEM_TAGS } from '@assay/core';
import { defineMetric, exactMatchMetric, type Metric } from '@assay/metrics';
import { getRun, getStore } from '@assay/sdk';
import { useTempStore } from '../__fixtures__/temp-store.js';
import { evaluate } from './evaluate.js';
import { recordedEvaluations } from './evaluation-registry.js';
import { EvaluationError } from './evaluation-error.js';
import { ThresholdError } from './threshold-error.js';

useTempStore();

const DATA = [
  { answer: 'Paris', expected: 'Paris' },
  { answer: 'Lyon', expected: 'Paris' },
  { answer: 'Rome', expected: 'Rome' },
];

const broken = (): Metric =>
  defineMetric({
    name: 'broken',
    score: () => {
      throw new Error('the scorer is broken');
    },
  });

async function artifactTable(runId: string): Promise<{ columns: string[]; data: unknown[][] }> {
  const bytes = await (await getStore()).getArtifact({ runId, path: 'eval_results_table.json' });
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as { columns: string[]; data: unknown[][] };
}

describe('a metric that fails on every row', () => {
  it('fails the evaluation with EvaluationError after logging everything, its error count and first error on the run', async () => {
    const failure = await evaluate({ data: DATA, predictions: 'answer', metrics: [exactMatchMetric(), broken()], runName: 'broken-metric' }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(EvaluationError);
    const error = failure as EvaluationError;
    expect(AssayError.isInstance(error)).toBe(true);
    expect(error.code).toBe('EVALUATION_FAILED');
    expect(error.failures).toEqual([
      { metric: 'broken', errors: 3, scored: 0, failed: true, firstError: { row: 0, message: 'metric broken failed: the scorer is broken' } },
    ]);
    expect(error.message).toBe(
      `The metric broken failed on every row it was given (run ${error.runId}); set allowMetricErrors: true to report metric errors without failing the evaluation.\n\n` +
        'metric  errors       first error\n' +
        '------  -----------  -------------------------------------------------\n' +
        'broken  3 of 3 rows  row 0: metric broken failed: the scorer is broken\n',
    );

    const run = await getRun(error.runId);
    expect(run.info.status).toBe('FINISHED');
    expect(run.data.metrics).toMatchObject({ exact_match: 2 / 3, exact_match_errors: 0, broken_errors: 3 });
    expect(run.data.metrics['broken']).toBeUndefined();
    expect(run.data.tags[SYSTEM_TAGS.evaluationMetricErrors]).toBe('broken: 3 of 3 rows failed; first on row 0: metric broken failed: the scorer is broken');
    const table = await artifactTable(error.runId);
    const errorColumn = table.columns.indexOf('broken/error');
    expect(errorColumn).toBeGreaterThan(-1);
    expect(table.data.map((row) => row[errorColumn])).toEqual(Array.from({ length: 3 }, () => 'metric broken failed: the scorer is broken'));
    // `assay eval` learns of the failure too.
    expect(recordedEvaluations().at(-1)).toMatchObject({ runId: error.runId, metricErrors: { broken: { errors: 3, failed: true } } });
  });

  it('a metric whose scoreRows throws fails the evaluation; a threshold miss on the same run is reported after it', async () => {
    const throwing: Metric = {
      name: 'whole_batch',
      greaterIsBetter: true,
      columns: ['whole_batch'],
      scoreRows: () => Promise.reject(new Error('the endpoint is down')),
    };
    const failure = await evaluate({ data: DATA, predictions: 'answer', metrics: [exactMatchMetric(), throwing], thresholds: { exact_match: { min: 0.9 } } }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(EvaluationError);
    expect((failure as EvaluationError).failures.map((entry) => [entry.metric, entry.errors, entry.firstError?.message])).toEqual([
      ['whole_batch', 3, 'metric whole_batch failed: the endpoint is down'],
    ]);
    expect(failure).not.toBeInstanceOf(ThresholdError);
    expect((await getRun((failure as EvaluationError).runId)).data.tags[SYSTEM_TAGS.evaluationThresholds]).toBe('failed');
  });

  it('allowMetricErrors reports the failure instead of throwing', async () => {
    const result = await evaluate({ data: DATA, predictions: 'answer', metrics: [exactMatchMetric(), broken()], allowMetricErrors: true });
    expect(result.metricErrors).toEqual({
      exact_match: { metric: 'exact_match', errors: 0, scored: 3, failed: false },
      broken: { metric: 'broken', errors: 3, scored: 0, failed: true, firstError: { row: 0, message: 'metric broken failed: the scorer is broken' } },
    });
    expect(result.metrics).toMatchObject({ exact_match: 2 / 3, broken_errors: 3, exact_match_errors: 0 });
    expect((await getRun(result.runId)).data.metrics['broken_errors']).toBe(3);
    await expect(evaluate({ data: DATA, predictions: 'answer', metrics: [broken()], allowMetricErrors: 'yes' as never })).rejects.toThrow(InvalidParameterError);
  });
});

describe('what a metric returns', () => {
  it('a non-number (NaN, a string, undefined, a boolean) is an error on its row; null means not applicable', async () => {
    const returned: unknown[] = [Number.NaN, 'high', undefined, true, null, 0.5];
    const sloppy = defineMetric({ name: 'sloppy', score: (row) => returned[row.index] as number });
    const data = returned.map((_, index) => ({ answer: `a${index}`, expected: `a${index}` }));
    const result = await evaluate({ data, predictions: 'answer', metrics: [sloppy] });
    expect(result.rows.map((row) => row.metrics['sloppy'])).toEqual([null, null, null, null, null, 0.5]);
    expect(result.rows.map((row) => row.metricErrors['sloppy'])).toEqual([
      'metric sloppy returned NaN; return a finite number, null (not applicable), or { score, justification? }',
      "metric sloppy returned 'high'; return a finite number, null (not applicable), or { score, justification? }",
      'metric sloppy returned undefined; return a finite number, null (not applicable), or { score, justification? }',
      'metric sloppy returned true; return a finite number, null (not applicable), or { score, justification? }',
      undefined,
      undefined,
    ]);
    expect(result.metricErrors['sloppy']).toEqual({
      metric: 'sloppy',
      errors: 4,
      scored: 1,
      failed: false,
      firstError: { row: 0, message: 'metric sloppy returned NaN; return a finite number, null (not applicable), or { score, justification? }' },
    });
    expect(result.metrics).toMatchObject({ sloppy: 0.5, sloppy_errors: 4 });
  });

  it('a metric object whose values are not numbers, or that returns too few scores, fails on those rows', async () => {
    const strings: Metric = {
      name: 'strings',
      greaterIsBetter: true,
      columns: ['strings'],
      scoreRows: (rows) => Promise.resolve(rows.map((row) => ({ values: { strings: `score ${row.index}` as never } }))),
    };
    const short: Metric = { name: 'short', greaterIsBetter: true, columns: ['short'], scoreRows: () => Promise.resolve([{ values: { short: 1 } }]) };
    const holes: Metric = { name: 'holes', greaterIsBetter: true, columns: ['holes'], scoreRows: (rows) => Promise.resolve(rows.map(() => null as never)) };
    const failure = (await evaluate({ data: DATA, predictions: 'answer', metrics: [strings, short, holes] }).catch((error: unknown) => error)) as EvaluationError;
    expect(failure).toBeInstanceOf(EvaluationError);
    expect(failure.failures.map((entry) => [entry.metric, entry.errors, entry.firstError])).toEqual([
      ['strings', 3, { row: 0, message: "metric strings gave the column strings the value 'score 0', which is not a number" }],
      ['short', 3, { row: 0, message: 'metric short returned 1 score for 3 rows' }],
      ['holes', 3, { row: 0, message: 'metric holes returned the score null, not { values }' }],
    ]);
  });
});

describe('a metric that fails on some rows', () => {
  it('is reported (count and first error in the result, on the run and in the table) but does not fail the evaluation', async () => {
    const fragile = defineMetric({
      name: 'fragile',
      score: (row) => {
        if (row.index >= 1) throw new Error(`cannot score row ${row.index}`);
        return 1;
      },
    });
    const result = await evaluate({ data: DATA, predictions: 'answer', metrics: [exactMatchMetric(), fragile] });
    expect(result.metricErrors['fragile']).toEqual({ metric: 'fragile', errors: 2, scored: 1, failed: false, firstError: { row: 1, message: 'metric fragile failed: cannot score row 1' } });
    expect(result.metricErrors['exact_match']).toEqual({ metric: 'exact_match', errors: 0, scored: 3, failed: false });
    expect(result.metrics).toMatchObject({ fragile: 1, fragile_errors: 2, exact_match_errors: 0 });
    expect(result.table().map((row) => row['fragile/error'])).toEqual([null, 'metric fragile failed: cannot score row 1', 'metric fragile failed: cannot score row 2']);
    const run = await getRun(result.runId);
    expect(run.data.metrics['fragile_errors']).toBe(2);
    expect(run.data.tags[SYSTEM_TAGS.evaluationMetricErrors]).toBe('fragile: 2 of 3 rows failed; first on row 1: metric fragile failed: cannot score row 1');
  });

  it('a clean evaluation logs zero errors per metric and no metric-error tag', async () => {
    const result = await evaluate({ data: DATA, predictions: 'answer', metrics: [exactMatchMetric()] });
    const run = await getRun(result.runId);
    expect(run.data.metrics['exact_match_errors']).toBe(0);
    expect(run.data.tags[SYSTEM_TAGS.evaluationMetricErrors]).toBeUndefined();
  });
});
