import { describe, expect, it } from 'vitest';
import { RecentlyUsedMap } from './recently-used-map.js';

describe('RecentlyUsedMap', () => {
  it('forgets the least recently set or read entries first, one at a time, when full', () => {
    const map = new RecentlyUsedMap<string, number>(3);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect(map.get('a')).toBe(1); // now the most recently used
    map.set('d', 4);
    expect(map.size).toBe(3);
    expect(map.get('b')).toBeUndefined();
    expect([map.get('c'), map.get('a'), map.get('d')]).toEqual([3, 1, 4]);
    map.set('c', 30); // setting again moves it to the end too
    map.set('e', 5);
    expect(map.get('a')).toBeUndefined();
    expect([map.get('c'), map.get('d'), map.get('e')]).toEqual([30, 4, 5]);
  });

  it('keeps undefined values, deletes and clears', () => {
    const map = new RecentlyUsedMap<string, number | undefined>(2);
    map.set('a', undefined);
    map.set('b', 2);
    expect(map.get('a')).toBeUndefined();
    map.set('c', 3); // 'b' is the least recently used: 'a' was just read
    expect(map.get('b')).toBeUndefined();
    expect(map.size).toBe(2);
    expect(map.delete('a')).toBe(true);
    expect(map.size).toBe(1);
    map.clear();
    expect(map.size).toBe(0);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new RecentlyUsedMap(0)).toThrow(/maxEntries must be a positive integer, got 0/);
    expect(() => new RecentlyUsedMap(1.5)).toThrow(/positive integer/);
  });
});
