/**
 * N-grams as exact numeric keys, so counting and matching them needs no string
 * building or string hashing.
 *
 * A sequence is given as digits `1 .. base - 1` (one per token or character); the
 * n-gram starting at `i` of order `n` is the base-`base` number of its `n` digits.
 * Digits are never 0, so keys of different orders never collide, and equal keys are
 * equal n-grams. Keys are exact while `base ** maxOrder <= Number.MAX_SAFE_INTEGER`
 * ({@link canUseNumericKeys}); otherwise callers fall back to `countNgrams`.
 */

/** True when every n-gram key of orders up to `maxOrder` is an exact double. */
export function canUseNumericKeys(base: number, maxOrder: number): boolean {
  return base ** maxOrder <= Number.MAX_SAFE_INTEGER;
}

/** Adds the n-gram keys of orders 1..maxOrder of `digits[offset, offset + length)` to `table`. */
export function addNgramKeys(table: NgramCountTable, digits: Int32Array, offset: number, length: number, maxOrder: number, base: number): void {
  const sequenceEnd = offset + length;
  for (let start = offset; start < sequenceEnd; start += 1) {
    const end = Math.min(sequenceEnd, start + maxOrder);
    let key = 0;
    for (let index = start; index < end; index += 1) {
      key = key * base + digits[index]!;
      table.add(key);
    }
  }
}

/**
 * Takes the n-grams of orders 1..maxOrder of `digits[offset, offset + length)` out of
 * `table`, adding to `matches[order - 1]` one per n-gram found: with the other side's
 * n-grams in the table, that is the multiset intersection `sum of min(a, b)`.
 */
export function takeNgramKeys(table: NgramCountTable, digits: Int32Array, offset: number, length: number, maxOrder: number, base: number, matches: number[]): void {
  const sequenceEnd = offset + length;
  for (let start = offset; start < sequenceEnd; start += 1) {
    const end = Math.min(sequenceEnd, start + maxOrder);
    let key = 0;
    for (let index = start; index < end; index += 1) {
      key = key * base + digits[index]!;
      const taken = table.take(key);
      if (taken === 1) matches[index - start] = matches[index - start]! + 1;
      else if (taken === -1) break;
    }
  }
}

/**
 * A multiset of numeric n-gram keys in reusable typed arrays: `reset()` is O(1), so
 * one table serves every row.
 */
export class NgramCountTable {
  private keys = new Float64Array(1 << 10);
  private counts = new Int32Array(1 << 10);
  private stamps = new Int32Array(1 << 10);
  private stamp = 1;
  /** 32 - log2(table size): multiplicative hashing keeps the top bits. */
  private shift = 22;

  /** Empties the table, with room for at least `capacity` distinct keys. */
  reset(capacity: number): void {
    if (capacity * 2 > this.keys.length) {
      let size = this.keys.length;
      while (capacity * 2 > size) size *= 2;
      this.keys = new Float64Array(size);
      this.counts = new Int32Array(size);
      this.stamps = new Int32Array(size);
      this.stamp = 0;
      this.shift = 32 - Math.log2(size);
    }
    this.stamp += 1;
    if (this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  private slotOf(key: number): number {
    // Multiplicative hashing on the key's bits (keys are integers below 2^53); the
    // common small keys skip the split into high and low words.
    if (key < 2147483648) return Math.imul(key, 0x9e3779b1) >>> this.shift;
    const high = (key / 4294967296) | 0;
    const low = (key - high * 4294967296) | 0;
    return Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
  }

  /** Adds one occurrence of `key`. The table must have been reset with enough capacity. */
  add(key: number): void {
    const mask = this.keys.length - 1;
    let slot = this.slotOf(key);
    for (;;) {
      if (this.stamps[slot] !== this.stamp) {
        this.stamps[slot] = this.stamp;
        this.keys[slot] = key;
        this.counts[slot] = 1;
        return;
      }
      if (this.keys[slot] === key) {
        this.counts[slot] = this.counts[slot]! + 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Raises the count of `key` to at least `count`. */
  raiseTo(key: number, count: number): void {
    const mask = this.keys.length - 1;
    let slot = this.slotOf(key);
    for (;;) {
      if (this.stamps[slot] !== this.stamp) {
        this.stamps[slot] = this.stamp;
        this.keys[slot] = key;
        this.counts[slot] = count;
        return;
      }
      if (this.keys[slot] === key) {
        if (this.counts[slot]! < count) this.counts[slot] = count;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** How many occurrences of `key` the table holds. */
  count(key: number): number {
    const mask = this.keys.length - 1;
    let slot = this.slotOf(key);
    for (;;) {
      if (this.stamps[slot] !== this.stamp) return 0;
      if (this.keys[slot] === key) return this.counts[slot]!;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Removes one occurrence of `key`: 1 when one was removed, 0 when the key was
   * added but every occurrence is already taken, -1 when it was never added (so no
   * longer n-gram extending it was added either).
   */
  take(key: number): number {
    const mask = this.keys.length - 1;
    let slot = this.slotOf(key);
    for (;;) {
      if (this.stamps[slot] !== this.stamp) return -1;
      if (this.keys[slot] === key) {
        const count = this.counts[slot]!;
        if (count === 0) return 0;
        this.counts[slot] = count - 1;
        return 1;
      }
      slot = (slot + 1) & mask;
    }
  }
}
