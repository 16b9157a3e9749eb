import { describe, expect, it } from 'vitest';
import { testRows } from '../__fixtures__/test-rows.js';
import { isValidJson } from './is-valid-json.js';
import { jsonSchemaMatchMetric } from './json-schema-match-metric.js';
import { validJsonMetric } from './valid-json-metric.js';

describe('isValidJson', () => {
  it.each([
    ['{"a": 1}', true],
    ['  [1, 2]\n', true],
    ['"text"', true],
    ['null', true],
    ['42', true],
    ['', false],
    ["{'a': 1}", false],
    ['{"a": 1,}', false],
    ['```json\n{"a": 1}\n```', false],
    ['{"a": 1} trailing', false],
    ['{"emoji": "😀"}', true],
  ])('%j is %s', (text, expected) => {
    expect(isValidJson(text)).toBe(expected);
  });
});

describe('validJsonMetric', () => {
  it('scores JSON strings and structured outputs 1', async () => {
    const scores = await validJsonMetric().scoreRows(testRows([{ output: '{"a":1}' }, { output: 'nope' }, { output: { a: 1 } }, { output: undefined }]), {
      concurrency: 1,
    });
    expect(scores.map((score) => score.values.valid_json)).toEqual([1, 0, 1, 0]);
  });
});

describe('jsonSchemaMatchMetric', () => {
  it('parses string outputs, checks them and explains failures', async () => {
    const metric = jsonSchemaMatchMetric({ type: 'object', required: ['answer'], properties: { answer: { type: 'string' } }, additionalProperties: false });
    expect(metric.name).toBe('json_schema_match');
    const scores = await metric.scoreRows(
      testRows([{ output: '{"answer": "yes"}' }, { output: { answer: 1, extra: true } }, { output: 'not json' }, { output: undefined }]),
      { concurrency: 1 },
    );
    expect(scores.map((score) => score.values.json_schema_match)).toEqual([1, 0, 0, 0]);
    expect(scores[1]!.justification).toBe('#/answer: expected type string, got integer; #: the property "extra" is not allowed (additionalProperties is false)');
    expect(scores[2]!.justification).toMatch(/^the output is not valid JSON: /);
  });

  it('rejects a schema that is not an object or boolean', () => {
    expect(() => jsonSchemaMatchMetric([] as never)).toThrow(/must be a JSON Schema object or a boolean, got an array/);
  });
});
