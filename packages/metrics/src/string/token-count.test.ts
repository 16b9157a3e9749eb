import { describe, expect, it } from 'vitest';
import { testRows } from '../__fixtures__/test-rows.js';
import { tokenCount } from './token-count.js';
import { tokenCountMetric } from './token-count-metric.js';

describe('tokenCount', () => {
  it('counts whitespace-separated words', () => {
    expect(tokenCount('')).toBe(0);
    expect(tokenCount('   \n\t ')).toBe(0);
    expect(tokenCount('Hello,  world!\n')).toBe(2);
    expect(tokenCount('日本語 テキスト')).toBe(2);
    expect(tokenCount('👍 👎\u3000ok')).toBe(3); // U+3000 (ideographic space) is whitespace
  });

  it('takes a custom counter and rejects unknown tokenizers', () => {
    expect(tokenCount('abcdef', { tokenizer: (text) => Math.ceil(text.length / 4) })).toBe(2);
    expect(() => tokenCount('x', { tokenizer: 'o200k_base' as 'whitespace' })).toThrow(/unknown tokenizer "o200k_base".*js-tiktoken/);
  });

  it('is a metric named token_count', async () => {
    const metric = tokenCountMetric();
    expect([metric.name, metric.greaterIsBetter]).toEqual(['token_count', false]);
    const scores = await metric.scoreRows(testRows([{ output: 'one two three' }, { output: undefined }]), { concurrency: 1 });
    expect(scores.map((score) => score.values.token_count)).toEqual([3, null]);
  });
});
