/**
 * A Map of at most `maxEntries` entries that, when full, forgets the least
 * recently used ones (oldest first) rather than all of them: an entry set or
 * read lately is the one still needed (e.g. a trace claimed for an experiment
 * whose spans are being written), and dropping it with the rest would let a
 * concurrent request decide without it. A Map keeps insertion order, so an
 * entry used again is moved to the end by setting it anew.
 */
export class RecentlyUsedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`RecentlyUsedMap: maxEntries must be a positive integer, got ${maxEntries}.`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value of `key`, which becomes the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key)!;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Sets `key` as the most recently used, forgetting the least recently used entries beyond maxEntries. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
