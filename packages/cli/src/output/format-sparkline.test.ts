import { describe, expect, it } from 'vitest';
import { formatSparkline } from './format-sparkline.js';

describe('formatSparkline', () => {
  it('scales values between the finite minimum and maximum', () => {
    expect(formatSparkline({ values: [0, 1, 2, 3, 4, 5, 6, 7] })).toBe('▁▂▃▄▅▆▇█');
    expect(formatSparkline({ values: [10, -10, 0] })).toBe('█▁▅');
    expect(formatSparkline({ values: [3, 3, 3] })).toBe('▅▅▅');
    expect(formatSparkline({ values: [] })).toBe('');
  });

  it('marks NaN and ±Infinity and keeps the scale of the finite values', () => {
    expect(formatSparkline({ values: [0, Number.NaN, 1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] })).toBe('▁·█▲▼');
    expect(formatSparkline({ values: [Number.NaN, Number.NaN] })).toBe('··');
  });

  it('does not overflow on the largest doubles', () => {
    expect(formatSparkline({ values: [-Number.MAX_VALUE, 0, Number.MAX_VALUE] })).toBe('▁▅█');
  });

  it('groups a long series into width characters: the mean of each group, or its mark', () => {
    const values = Array.from({ length: 1000 }, (_, index) => index);
    const line = formatSparkline({ values, width: 10 });
    expect(line).toBe('▁▂▃▃▄▅▆▆▇█');
    expect(formatSparkline({ values: [...values.slice(0, 500), Number.NaN, ...values.slice(501)], width: 10 })).toBe('▁▂▃▃▄·▆▆▇█');
  });
});
