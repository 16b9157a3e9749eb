import { describe, expect, it } from 'vitest';
import { MODEL_VERSION_FILTER_DIALECT } from './model-version-filter-dialect.js';
import { parseFilter } from './parse-filter.js';
import { quoteFilterString } from './quote-filter-string.js';

describe('quoteFilterString', () => {
  it.each(['chat', "it's", 'back\\slash', "end\\'", "\\\\''", ''])('round-trips %s through the filter parser', (text) => {
    const parsed = parseFilter(`name = ${quoteFilterString(text)}`, MODEL_VERSION_FILTER_DIALECT);
    expect(parsed).toMatchObject({ kind: 'comparison', operator: '=', value: { kind: 'string', value: text } });
  });

  it('escapes only quotes and backslashes', () => {
    expect(quoteFilterString("a'b\\c")).toBe("'a\\'b\\\\c'");
  });
});
