import { describe, expect, it } from 'vitest';
import type { JsonSchema } from './json-schema.js';
import { matchesJsonSchema } from './matches-json-schema.js';

const errorsOf = (value: unknown, schema: JsonSchema): string[] => matchesJsonSchema(value, schema).errors;

describe('matchesJsonSchema', () => {
  it('checks types, including lists of types and integer', () => {
    expect(matchesJsonSchema('a', { type: 'string' })).toEqual({ valid: true, errors: [] });
    expect(errorsOf(1, { type: 'string' })).toEqual(['#: expected type string, got integer']);
    expect(errorsOf(1.5, { type: 'integer' })).toEqual(['#: expected type integer, got number']);
    expect(errorsOf(2, { type: 'integer' })).toEqual([]);
    expect(errorsOf(2.0, { type: 'number' })).toEqual([]);
    expect(errorsOf(null, { type: ['string', 'null'] })).toEqual([]);
    expect(errorsOf([], { type: ['string', 'null'] })).toEqual(['#: expected one of the types string, null, got array']);
    expect(errorsOf({}, { type: 'array' })).toEqual(['#: expected type array, got object']);
    expect(errorsOf([], { type: 'object' })).toEqual(['#: expected type object, got array']);
    expect(errorsOf(true, { type: 'boolean' })).toEqual([]);
  });

  it('checks properties, required and additionalProperties with JSON pointer paths', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 }, 'a/b~c': { type: 'number' } },
      required: ['name'],
      additionalProperties: false,
    };
    expect(errorsOf({ name: 'Ada', age: 36 }, schema)).toEqual([]);
    expect(errorsOf({ age: -1, extra: true, 'a/b~c': 'x' }, schema)).toEqual([
      '#: missing the required property "name"',
      '#/age: -1 is less than the minimum 0',
      '#: the property "extra" is not allowed (additionalProperties is false)',
      '#/a~1b~0c: expected type number, got string',
    ]);
    expect(errorsOf({ name: 'x', extra: 1 }, { properties: { name: {} }, additionalProperties: { type: 'string' } })).toEqual([
      '#/extra: expected type string, got integer',
    ]);
    expect(errorsOf({ x_1: 1, y: 2 }, { patternProperties: { '^x_': { type: 'string' } }, additionalProperties: false })).toEqual([
      '#/x_1: expected type string, got integer',
      '#: the property "y" is not allowed (additionalProperties is false)',
    ]);
  });

  it('checks items, prefixItems, minItems/maxItems and uniqueItems', () => {
    expect(errorsOf([1, 'a', 3], { type: 'array', items: { type: 'integer' } })).toEqual(['#/1: expected type integer, got string']);
    const tuple: JsonSchema = { prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false };
    expect(errorsOf(['a', 1], tuple)).toEqual([]);
    expect(errorsOf(['a'], tuple)).toEqual([]);
    expect(errorsOf(['a', 1, true], tuple)).toEqual(['#/2: no value is allowed here (the schema is false)']);
    expect(errorsOf([], { minItems: 1 })).toEqual(['#: the array has 0 items, fewer than minItems 1']);
    expect(errorsOf([1, 2, 3], { maxItems: 2 })).toEqual(['#: the array has 3 items, more than maxItems 2']);
    expect(errorsOf([{ a: 1, b: 2 }, 2, { b: 2, a: 1.0 }], { uniqueItems: true })).toEqual(['#: items 0 and 2 are equal, but uniqueItems is set']);
    expect(errorsOf([1, '1', [1]], { uniqueItems: true })).toEqual([]);
  });

  it('checks enum, const and numeric bounds', () => {
    expect(errorsOf('red', { enum: ['red', 'green'] })).toEqual([]);
    expect(errorsOf('blue', { enum: ['red', 'green'] })).toEqual(['#: "blue" is not one of the allowed values ["red","green"]']);
    expect(errorsOf({ a: [1] }, { const: { a: [1] } })).toEqual([]);
    expect(errorsOf(2, { const: 1 })).toEqual(['#: expected 1, got 2']);
    expect(errorsOf(null, { const: null })).toEqual([]);
    expect(errorsOf(5, { minimum: 5, maximum: 5 })).toEqual([]);
    expect(errorsOf(5, { exclusiveMinimum: 5 })).toEqual(['#: 5 must be greater than 5']);
    expect(errorsOf(10, { exclusiveMaximum: 10, maximum: 9 })).toEqual(['#: 10 is greater than the maximum 9', '#: 10 must be less than 10']);
    expect(errorsOf(0.3, { multipleOf: 0.1 })).toEqual([]);
    expect(errorsOf(7, { multipleOf: 2 })).toEqual(['#: 7 is not a multiple of 2']);
  });

  it('checks string length in code points, and patterns', () => {
    expect(errorsOf('😀😀', { maxLength: 2 })).toEqual([]); // 4 UTF-16 units, 2 characters
    expect(errorsOf('😀😀😀', { maxLength: 2 })).toEqual(['#: the string has 3 characters, more than maxLength 2']);
    expect(errorsOf('', { minLength: 1 })).toEqual(['#: the string has 0 characters, fewer than minLength 1']);
    expect(errorsOf('ab-12', { pattern: '^[a-z]+-\\d+$' })).toEqual([]);
    expect(errorsOf('xab-12', { pattern: 'ab' })).toEqual([]); // unanchored, like JSON Schema
    expect(errorsOf('AB', { pattern: '^[a-z]+$' })).toEqual(['#: "AB" does not match the pattern "^[a-z]+$"']);
    expect(errorsOf('a', { pattern: '(' })[0]).toMatch(/^#: the schema's pattern "\(" is not a valid regular expression/);
    expect(errorsOf(5, { minLength: 10, pattern: 'x' })).toEqual([]); // string keywords ignore non-strings
  });

  it('combines with allOf, anyOf, oneOf and not', () => {
    expect(errorsOf(5, { allOf: [{ type: 'integer' }, { minimum: 6 }] })).toEqual(['#: 5 is less than the minimum 6']);
    expect(errorsOf('x', { anyOf: [{ type: 'integer' }, { type: 'string' }] })).toEqual([]);
    expect(errorsOf(true, { anyOf: [{ type: 'integer' }, { type: 'string' }] })).toEqual([
      '#: does not match any of the 2 schemas of anyOf (e.g. #: expected type integer, got boolean)',
    ]);
    expect(errorsOf(5, { oneOf: [{ type: 'integer' }, { minimum: 3 }] })).toEqual(['#: matches 2 schemas of oneOf (indexes 0, 1), expected exactly one']);
    expect(errorsOf(2, { oneOf: [{ type: 'integer' }, { minimum: 3 }] })).toEqual([]);
    expect(errorsOf('x', { not: { type: 'string' } })).toEqual(['#: must not match the schema of "not"']);
    expect(errorsOf(1, { not: { type: 'string' } })).toEqual([]);
  });

  it('follows $ref into $defs, also recursively', () => {
    const tree: JsonSchema = {
      $ref: '#/$defs/node',
      $defs: {
        node: { type: 'object', properties: { value: { type: 'integer' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }, required: ['value'] },
      },
    };
    expect(errorsOf({ value: 1, children: [{ value: 2, children: [] }] }, tree)).toEqual([]);
    expect(errorsOf({ value: 1, children: [{ children: [{ value: 'x' }] }] }, tree)).toEqual([
      '#/children/0: missing the required property "value"',
      '#/children/0/children/0/value: expected type integer, got string',
    ]);
    expect(errorsOf(1, { $ref: '#/$defs/missing' })[0]).toMatch(/^#: cannot resolve \$ref "#\/\$defs\/missing"/);
    expect(errorsOf(1, { $ref: 'https://example.com/schema.json' })[0]).toMatch(/cannot resolve \$ref/);
    expect(errorsOf(1, { $ref: '#' })[0]).toMatch(/nests deeper than 256 levels/);
  });

  it('accepts boolean schemas and ignores unknown keywords', () => {
    expect(errorsOf({ anything: 1 }, true)).toEqual([]);
    expect(errorsOf(1, false)).toEqual(['#: no value is allowed here (the schema is false)']);
    expect(errorsOf('x', { format: 'email', title: 'Email' })).toEqual([]);
  });
});
