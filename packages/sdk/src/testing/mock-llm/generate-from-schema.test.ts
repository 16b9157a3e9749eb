import { describe, expect, it } from 'vitest';
import { generateFromSchema } from './generate-from-schema.js';

const generate = (schema: unknown, text = 'Paris') => generateFromSchema({ schema, text });

describe('generateFromSchema', () => {
  it('fills the required properties of an object, in declared order, with values of their type', () => {
    expect(
      generate({
        type: 'object',
        properties: {
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
          city: { type: 'string' },
          days: { type: 'integer', minimum: 1, maximum: 14 },
          hourly: { type: 'boolean' },
          note: { type: 'string' },
          tags: { type: 'array', items: { type: 'string' } },
          place: { type: 'object', properties: { lat: { type: 'number' }, label: { type: 'null' } }, required: ['lat', 'label'] },
        },
        required: ['city', 'unit', 'days', 'hourly', 'tags', 'place'],
      }),
    ).toEqual({ unit: 'celsius', city: 'Paris', days: 14, hourly: true, tags: ['Paris'], place: { lat: 1, label: null } });
  });

  it('uses const, default and examples when the schema gives them', () => {
    expect(generate({ const: 'fixed' })).toBe('fixed');
    expect(generate({ type: 'integer', default: 7, maximum: 100 })).toBe(7);
    expect(generate({ type: 'string', examples: ['Oslo', 'Rome'] })).toBe('Oslo');
    expect(generate({ type: 'object', properties: { mode: { type: 'string', default: 'fast' } }, required: ['mode'] })).toEqual({ mode: 'fast' });
  });

  it('keeps numbers inside their bounds and on their multipleOf', () => {
    expect(generate({ type: 'number' })).toBe(1);
    expect(generate({ type: 'number', minimum: 0, maximum: 1 })).toBe(1);
    expect(generate({ type: 'number', minimum: 0, exclusiveMaximum: 1 })).toBe(0.5);
    expect(generate({ type: 'integer', exclusiveMaximum: 10 })).toBe(9);
    expect(generate({ type: 'integer', minimum: 20 })).toBe(20);
    expect(generate({ type: 'integer', exclusiveMinimum: 20 })).toBe(21);
    expect(generate({ type: 'number', multipleOf: 0.25, maximum: 1.1 })).toBe(1);
    expect(generate({ type: 'integer', multipleOf: 5, minimum: 1, maximum: 12 })).toBe(10);
    expect(generate({ type: 'integer', multipleOf: 0.5, maximum: 3.7 })).toBe(3);
    expect(generate({ type: 'number', minimum: 5, exclusiveMinimum: true })).toBe(6);
  });

  it('fits strings to their length, format and pattern', () => {
    expect(generate({ type: 'string', maxLength: 3 })).toBe('Par');
    expect(generate({ type: 'string', minLength: 8 })).toBe('Parisxxx');
    expect(generate({ type: 'string' }, '')).toBe('mock');
    expect(generate({ type: 'string', format: 'date-time' })).toBe('2023-11-14T22:13:20Z');
    expect(generate({ type: 'string', format: 'email' })).toBe('mock@example.com');
    expect(generate({ type: 'string', format: 'uuid' })).toBe('00000000-0000-4000-8000-000000000000');
    expect(generate({ type: 'string', pattern: '^[A-Z][a-z]+$' })).toBe('Paris');
    expect(generate({ type: 'string', pattern: '^[0-9]+$' })).toBe('0');
  });

  it('makes arrays of minItems (at least one) items, tuples and distinct items when asked', () => {
    expect(generate({ type: 'array', items: { type: 'integer' }, minItems: 3 })).toEqual([1, 1, 1]);
    expect(generate({ type: 'array', items: { type: 'string' }, minItems: 2, uniqueItems: true })).toEqual(['Paris', '2 Paris']);
    expect(generate({ type: 'array', items: { type: 'string', maxLength: 4 }, minItems: 2, uniqueItems: true })).toEqual(['Pari', '2 Pa']);
    expect(generate({ type: 'array', maxItems: 0 })).toEqual([]);
    expect(generate({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false, minItems: 2 })).toEqual(['Paris', 1]);
    expect(generate({ type: 'array', items: [{ type: 'boolean' }], additionalItems: false })).toEqual([true]);
  });

  it('follows $ref, allOf, anyOf/oneOf (the first branch that is not null) and type lists', () => {
    const schema = {
      type: 'object',
      $defs: { point: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } },
      properties: {
        start: { $ref: '#/$defs/point' },
        end: { anyOf: [{ type: 'null' }, { $ref: '#/$defs/point' }] },
        label: { type: ['null', 'string'] },
        size: { oneOf: [{ type: 'integer', maximum: 3 }, { type: 'string' }] },
        both: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'boolean' } }, required: ['b'] }] },
      },
      required: ['start', 'end', 'label', 'size', 'both'],
    };
    expect(generate(schema)).toEqual({ start: { x: 1 }, end: { x: 1 }, label: 'Paris', size: 3, both: { a: 'Paris', b: true } });
  });

  it('ends a recursive schema at its smallest branch', () => {
    const tree = {
      $ref: '#/definitions/node',
      definitions: {
        node: {
          type: 'object',
          properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/definitions/node' } }, parent: { anyOf: [{ $ref: '#/definitions/node' }, { type: 'null' }] } },
          required: ['name', 'children', 'parent'],
        },
      },
    };
    const value = generate(tree) as { name: string; children: unknown[]; parent: unknown };
    expect(value.name).toBe('Paris');
    expect(JSON.stringify(value).length).toBeLessThan(2000);
    let depth = 0;
    for (let node: { children: unknown[] } | undefined = value; node !== undefined; node = node.children[0] as typeof node | undefined) depth += 1;
    expect(depth).toBeGreaterThan(1);
  });

  it('gives the text for an empty schema and null for a false one', () => {
    expect(generate({})).toBe('Paris');
    expect(generate(true)).toBe('Paris');
    expect(generate(false)).toBeNull();
  });
});
