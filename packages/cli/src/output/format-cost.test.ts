import { describe, expect, it } from 'vitest';
import { formatCost } from './format-cost.js';

describe('formatCost', () => {
  it('shows cents from a dollar up and three significant digits below, never an exponent', () => {
    expect([1.5, 12.346, 0.15, 0.028, 0.00105, 9e-7, 0].map(formatCost)).toEqual(['$1.50', '$12.35', '$0.15', '$0.028', '$0.00105', '$0.0000009', '$0']);
  });
});
