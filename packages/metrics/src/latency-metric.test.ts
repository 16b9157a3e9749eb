import { describe, expect, it } from 'vitest';
import { latencyMetric } from './latency-metric.js';
import { testRows } from './__fixtures__/test-rows.js';

describe('latencyMetric', () => {
  it('reads row.latencyMs, also of failed rows', async () => {
    const metric = latencyMetric();
    expect([metric.name, metric.greaterIsBetter, metric.columns]).toEqual(['latency', false, ['latency']]);
    const scores = await metric.scoreRows(testRows([{ latencyMs: 12.5 }, {}, { latencyMs: 30, error: 'boom' }]), { concurrency: 1 });
    expect(scores.map((score) => score.values.latency)).toEqual([12.5, null, 30]);
  });
});
