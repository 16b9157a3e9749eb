/**
 * Counts the n-grams of orders `1 .. maxOrder` of `units`, one map per order, keyed
 * by the units joined with `separator`. The slow, always-exact path that the
 * numeric keys of `ngram-count-table.ts` fall back to for very large vocabularies.
 * `separator` must not occur inside a unit ('' is fine for single code points).
 */
export function countNgrams(units: readonly string[], maxOrder: number, separator: string): Map<string, number>[] {
  const counts: Map<string, number>[] = [];
  for (let order = 1; order <= maxOrder; order += 1) {
    const map = new Map<string, number>();
    for (let start = 0; start + order <= units.length; start += 1) {
      const key = order === 1 ? units[start]! : units.slice(start, start + order).join(separator);
      map.set(key, (map.get(key) ?? 0) + 1);
    }
    counts.push(map);
  }
  return counts;
}
