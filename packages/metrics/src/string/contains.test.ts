import { describe, expect, it } from 'vitest';
import { testRows } from '../__fixtures__/test-rows.js';
import { contains } from './contains.js';
import { containsMetric } from './contains-metric.js';
import { regexMatch } from './regex-match.js';
import { regexMatchMetric } from './regex-match-metric.js';

describe('contains', () => {
  it('finds one needle or any/all of several', () => {
    expect(contains('The capital is Paris.', 'Paris')).toBe(true);
    expect(contains('The capital is Paris.', 'paris')).toBe(false);
    expect(contains('The capital is Paris.', 'paris', { ignoreCase: true })).toBe(true);
    expect(contains('The capital is Paris.', ['Lyon', 'Paris'])).toBe(true);
    expect(contains('The capital is Paris.', ['Lyon', 'Paris'], { mode: 'all' })).toBe(false);
    expect(contains('Paris and Lyon', ['Lyon', 'Paris'], { mode: 'all' })).toBe(true);
  });

  it('handles empty needles, empty text and emoji', () => {
    expect(contains('', '')).toBe(true);
    expect(contains('abc', [])).toBe(false);
    expect(contains('abc', [], { mode: 'all' })).toBe(true);
    expect(contains('great 👍 job', '👍')).toBe(true);
    expect(contains('ÉCOLE', 'école', { ignoreCase: true })).toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => contains('a', 'a', { mode: 'some' as 'any' })).toThrow(/mode must be 'any' or 'all'/);
  });

  it('is a metric that defaults to the targets as needles', async () => {
    const byTargets = containsMetric({ ignoreCase: true });
    const fixed = containsMetric({ needles: ['refund', 'return'], mode: 'all' });
    const rows = testRows([
      { output: 'We will refund or return it', targets: 'REFUND' },
      { output: 'We will refund it', targets: ['exchange', 'credit'] },
      { output: 'No targets here' },
    ]);
    expect((await byTargets.scoreRows(rows, { concurrency: 1 })).map((score) => score.values.contains)).toEqual([1, 0, null]);
    expect((await fixed.scoreRows(rows, { concurrency: 1 })).map((score) => score.values.contains)).toEqual([1, 0, 0]);
  });
});

describe('regexMatch', () => {
  it('searches with string (u flag) or RegExp patterns', () => {
    expect(regexMatch('Order #1234 shipped', '#\\d{4}')).toBe(true);
    expect(regexMatch('Order #12 shipped', '^#\\d{4}$')).toBe(false);
    expect(regexMatch('😀', '^.$')).toBe(true); // u flag: one code point
    expect(regexMatch('', '^$')).toBe(true);
    expect(regexMatch('ABC', /abc/i)).toBe(true);
  });

  it('ignores the state of global regular expressions', () => {
    const global = /a/g;
    expect([regexMatch('a', global), regexMatch('a', global), regexMatch('a', global)]).toEqual([true, true, true]);
  });

  it('explains an invalid pattern', () => {
    expect(() => regexMatch('x', '(')).toThrow(/"\(" is not a valid regular expression/);
  });

  it('is a metric named regex_match', async () => {
    const metric = regexMatchMetric(/^\{.*\}$/s);
    const scores = await metric.scoreRows(testRows([{ output: '{\n"a": 1\n}' }, { output: 'nope' }, { output: { a: 1 } }]), { concurrency: 1 });
    expect(scores.map((score) => score.values.regex_match)).toEqual([1, 0, 1]);
  });
});
