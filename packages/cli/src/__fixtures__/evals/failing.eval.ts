// An evaluation file for `assay eval` tests: its model misses the exact_match threshold.
import { evaluate, exactMatchMetric } from '@assay/evaluate';

export default async function run(): Promise<void> {
  await evaluate({
    data: [
      { question: 'Capital of France?', expected: 'Paris' },
      { question: 'Capital of Italy?', expected: 'Rome' },
    ],
    model: async ({ question }: Record<string, unknown>) => (String(question).includes('France') ? 'Paris' : 'Milan'),
    metrics: [exactMatchMetric()],
    runName: 'failing-eval',
    thresholds: { exact_match: { min: 0.9 }, latency_p90: { max: 60_000 } },
  });
}
