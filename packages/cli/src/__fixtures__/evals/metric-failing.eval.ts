// An evaluation file for `assay eval` tests: one of its metrics throws on every row.
import { defineMetric, evaluate, exactMatchMetric } from '@assay/evaluate';

export default async function run(): Promise<void> {
  await evaluate({
    data: [
      { answer: 'Paris', expected: 'Paris' },
      { answer: 'Rome', expected: 'Rome' },
    ],
    predictions: 'answer',
    metrics: [
      exactMatchMetric(),
      defineMetric({
        name: 'broken',
        score: () => {
          throw new Error('the scorer is broken');
        },
      }),
    ],
    runName: 'metric-failing-eval',
  });
}
