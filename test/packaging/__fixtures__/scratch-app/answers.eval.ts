// `assay eval` of a TypeScript file: needs tsx, an optional peer of @assay/cli.
import { evaluate, exactMatchMetric } from '@assay/evaluate';

await evaluate({
  data: [{ question: 'ping', expected: 'ping' }],
  model: async ({ question }: Record<string, unknown>) => String(question),
  metrics: [exactMatchMetric()],
  progress: false,
});
