// An evaluation file for `assay eval` tests: every threshold holds.
import { evaluate, exactMatchMetric } from '@assay/evaluate';

await evaluate({
  data: [
    { answer: 'Paris', expected: 'Paris' },
    { answer: 'Rome', expected: 'Rome' },
  ],
  predictions: 'answer',
  metrics: [exactMatchMetric()],
  runName: 'passing-eval',
  thresholds: { exact_match: { min: 0.9 } },
});
