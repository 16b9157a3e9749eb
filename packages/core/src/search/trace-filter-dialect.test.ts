import { describe, expect, it } from 'vitest';
import { parseFilter } from './parse-filter.js';
import { parseOrderBy } from './parse-order-by.js';
import { SearchSyntaxError } from './search-syntax-error.js';
import { TRACE_FILTER_DIALECT } from './trace-filter-dialect.js';

const parse = (filter: string): unknown => parseFilter(filter, TRACE_FILTER_DIALECT);

describe('parseFilter with the trace dialect', () => {
  it('resolves trace keys with and without the prefix, and aliases', () => {
    expect(parse("trace.status = 'ERROR' and execution_time_ms > 500 or trace.trace_id IN ('tr-1')")).toEqual({
      kind: 'or',
      operands: [
        {
          kind: 'and',
          operands: [
            { kind: 'comparison', field: { entity: 'trace', key: 'status' }, operator: '=', value: { kind: 'string', value: 'ERROR' }, column: 1 },
            {
              kind: 'comparison',
              field: { entity: 'trace', key: 'execution_time_ms' },
              operator: '>',
              value: { kind: 'number', value: 500 },
              column: 28,
            },
          ],
        },
        {
          kind: 'comparison',
          field: { entity: 'trace', key: 'request_id' },
          operator: 'IN',
          value: { kind: 'list', values: ['tr-1'] },
          column: 55,
        },
      ],
    });
  });

  it('reads span keys, span.attributes.<key>, tags and metadata', () => {
    expect(parse("span.type = 'TOOL'")).toMatchObject({ field: { entity: 'span', key: 'type' } });
    expect(parse("span.attributes.llm.model LIKE 'gpt-%'")).toMatchObject({
      field: { entity: 'span', key: 'attributes.llm.model' },
      operator: 'LIKE',
    });
    expect(parse("tags.env = 'prod'")).toMatchObject({ field: { entity: 'tag', key: 'env' } });
    expect(parse("request_metadata.version RLIKE '^2'")).toMatchObject({ field: { entity: 'metadata', key: 'version' } });
    expect(parse("trace.text ILIKE '%refund%'")).toMatchObject({ field: { entity: 'trace', key: 'text' }, operator: 'ILIKE' });
  });

  it('rejects operators a key does not take', () => {
    expect(() => parse("span.attributes.model = 'x'")).toThrow(SearchSyntaxError);
    expect(() => parse("trace.text = 'x'")).toThrow(SearchSyntaxError);
    expect(() => parse("trace.status LIKE 'E%'")).toThrow(SearchSyntaxError);
    expect(() => parse("trace.timestamp_ms > 'yesterday'")).toThrow(SearchSyntaxError);
    expect(() => parse("tags.env IN ('a')")).toThrow(SearchSyntaxError);
  });

  it('reads session and user, feedback and expectations by name, and costs', () => {
    expect(parse("trace.session_id = 's-1'")).toMatchObject({ field: { entity: 'trace', key: 'session_id' }, operator: '=' });
    expect(parse("user_id IN ('ada', 'bob')")).toMatchObject({ field: { entity: 'trace', key: 'user_id' }, value: { kind: 'list', values: ['ada', 'bob'] } });
    expect(parse('feedback.correctness >= 4')).toEqual({
      kind: 'comparison',
      field: { entity: 'feedback', key: 'correctness' },
      operator: '>=',
      value: { kind: 'number', value: 4 },
      column: 1,
    });
    expect(parse("feedback.`tone of voice` = 'polite'")).toMatchObject({ field: { entity: 'feedback', key: 'tone of voice' }, value: { kind: 'string', value: 'polite' } });
    expect(parse("expectations.answer LIKE '%Paris%'")).toMatchObject({ field: { entity: 'expectation', key: 'answer' }, operator: 'LIKE' });
    expect(parse('cost.total > 0.01')).toMatchObject({ field: { entity: 'cost', key: 'total' }, value: { kind: 'number', value: 0.01 } });
    expect(parse('cost.input <= 1e-3')).toMatchObject({ field: { entity: 'cost', key: 'input' }, value: { kind: 'number', value: 0.001 } });
  });

  it('says how to fix comparisons that mix numbers and text', () => {
    expect(() => parse("feedback.rating > '3'")).toThrow(/'>' compares numbers, but the value at column 19 is quoted text \(remove the quotes\)/u);
    expect(() => parse("feedback.rating < 'high'")).toThrow(/Compare text with =, !=, LIKE or IN/u);
    expect(() => parse('feedback.correct = true')).toThrow(/quoted strings, e\.g\. 'true'/u);
    expect(() => parse("cost.total > '0.5'")).toThrow(/must be numbers \(remove the quotes\)/u);
    expect(() => parse("cost.total LIKE '1%'")).toThrow(SearchSyntaxError);
    expect(() => parse('cost.tokens > 1')).toThrow(/allowed: total, input, output/u);
    expect(() => parse('feedback > 1')).toThrow(/needs a key, e\.g\. feedback\.<key>/u);
  });

  it('names the open-ended attribute keys among the allowed span keys', () => {
    expect(() => parse("span.kind = 'x'")).toThrow(/allowed: name, type, status, attributes\.<key>/u);
    expect(() => parse("span.attributes. LIKE 'x'")).toThrow(SearchSyntaxError);
  });
});

describe('parseOrderBy with the trace dialect', () => {
  it('sorts by trace keys written without a prefix', () => {
    expect(parseOrderBy(['timestamp_ms DESC', 'trace.execution_time_ms', 'request_id ASC'], TRACE_FILTER_DIALECT)).toEqual([
      { field: { entity: 'trace', key: 'timestamp_ms' }, ascending: false },
      { field: { entity: 'trace', key: 'execution_time_ms' }, ascending: true },
      { field: { entity: 'trace', key: 'request_id' }, ascending: true },
    ]);
  });

  it('sorts by cost', () => {
    expect(parseOrderBy(['cost.total DESC'], TRACE_FILTER_DIALECT)).toEqual([{ field: { entity: 'cost', key: 'total' }, ascending: false }]);
  });

  it('refuses span and tag keys', () => {
    expect(() => parseOrderBy(['span.name'], TRACE_FILTER_DIALECT)).toThrow(/cannot be used to sort/u);
    expect(() => parseOrderBy(['span.attributes.x'], TRACE_FILTER_DIALECT)).toThrow(/cannot be used to sort/u);
  });
});
