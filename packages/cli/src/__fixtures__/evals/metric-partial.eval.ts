// An evaluation file for `assay eval` tests: one of its metrics fails on one row of three.
import { defineMetric, evaluate, exactMatchMetric } from '@assay/evaluate';

export default async function run(): Promise<void> {
  await evaluate({
    data: [
      { answer: 'Paris', expected: 'Paris' },
      { answer: 'Rome', expected: 'Rome' },
      { answer: 'Oslo', expected: 'Oslo' },
    ],
    predictions: 'answer',
    metrics: [
      exactMatchMetric(),
      defineMetric({
        name: 'fragile',
        score: (row) => {
          if (row.index === 2) throw new Error('cannot score row 2');
          return 1;
        },
      }),
    ],
    runName: 'metric-partial-eval',
    thresholds: { exact_match: { min: 0.9 } },
  });
}
