// `assay eval` of a JavaScript file: needs no tsx.
import { evaluate, exactMatchMetric } from '@assay/evaluate';

await evaluate({
  data: [{ question: 'ping', expected: 'ping' }],
  model: async ({ question }) => String(question),
  metrics: [exactMatchMetric()],
  thresholds: { exact_match: { min: 1 } },
  progress: false,
});
