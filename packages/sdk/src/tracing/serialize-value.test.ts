import { describe, expect, it } from 'vitest';
import { serializeValue } from './serialize-value.js';

describe('serializeValue', () => {
  it('serialises plain JSON values as JSON.stringify does', () => {
    expect(serializeValue({ a: [1, 'two', true, null], skipped: undefined })).toBe('{"a":[1,"two",true,null]}');
    expect(serializeValue('text')).toBe('"text"');
    expect(serializeValue(undefined)).toBe('null');
    expect(serializeValue(new Date('2026-01-02T03:04:05.000Z'))).toBe('"2026-01-02T03:04:05.000Z"');
  });

  it('replaces what JSON cannot hold with placeholders', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const shared = { id: 1 };
    function namedFunction(): void {}
    const error = new Error('boom', { cause: 'disk full' });
    const parsed = JSON.parse(
      serializeValue({
        circular,
        shared: [shared, shared],
        big: 12345678901234567890n,
        fn: namedFunction,
        symbol: Symbol('s'),
        bytes: new Uint8Array(4),
        map: new Map([['k', 1]]),
        set: new Set([1, 2]),
        infinite: Number.POSITIVE_INFINITY,
        error,
      }),
    ) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      circular: { name: 'loop', self: '[Circular]' },
      shared: [{ id: 1 }, { id: 1 }],
      big: '12345678901234567890',
      fn: '[Function namedFunction]',
      symbol: '[Symbol(s)]',
      bytes: '[Uint8Array 4 bytes]',
      map: { k: 1 },
      set: [1, 2],
      infinite: 'Infinity',
      error: { name: 'Error', message: 'boom', cause: 'disk full' },
    });
    expect((parsed.error as { stack: string }).stack).toContain('boom');
  });

  it('gives plain data and data that needs placeholders the same shape at every depth', () => {
    expect(serializeValue([1, undefined, { skipped: undefined, kept: null }])).toBe('[1,null,{"kept":null}]');
    expect(serializeValue({ withToJson: { toJSON: () => ({ replaced: true }) } })).toBe('{"withToJson":{"replaced":true}}');
    expect(serializeValue({ nested: [{ notANumber: Number.NaN }] })).toBe('{"nested":[{"notANumber":"NaN"}]}');
    let deep: unknown = 'bottom';
    for (let level = 0; level < 70; level += 1) deep = { level: deep };
    const text = serializeValue(deep);
    expect(text).toContain('"[MaxDepth]"');
    expect(text).not.toContain('bottom');
    const fromCopy = serializeValue({ ...(deep as object), fn: () => undefined });
    expect(fromCopy.replace(',"fn":"[Function fn]"', '')).toBe(text);
  });

  it('survives getters that throw', () => {
    const hostile = Object.defineProperty({}, 'secret', {
      enumerable: true,
      get() {
        throw new Error('no access');
      },
    });
    expect(serializeValue(hostile)).toBe('{"secret":"[Unreadable]"}');
  });

  it('cuts long text to a JSON string with a truncation marker', () => {
    const text = serializeValue({ long: 'x'.repeat(200) }, 50);
    const parsed = JSON.parse(text) as string;
    expect(typeof parsed).toBe('string');
    expect(parsed).toMatch(/^\{"long":"x+\.\.\. \[truncated: 211 characters in total\]$/);
    expect(parsed.length).toBeLessThan(100);
  });
});
