/**
 * Numbers distinct tokens (runs of UTF-16 code units) without creating a string per
 * token: an open-addressing hash table over the code units, with every interned token
 * copied into one pool so that equality is checked exactly, unit by unit.
 */
export class TokenInterner {
  private slots = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 11);
  private starts = new Int32Array(1 << 11);
  private lengths = new Int32Array(1 << 11);
  private pool = new Uint16Array(1 << 14);
  private poolSize = 0;
  /** Distinct tokens interned so far; ids run from 1 to `size`. */
  size = 0;

  /** Forgets every token (ids restart at 1). */
  clear(): void {
    this.slots.fill(0);
    this.size = 0;
    this.poolSize = 0;
  }

  /**
   * The id (>= 1) of the token `codes[start, end)`, assigning the next one if it is
   * new. `hash` is any hash of those code units, the same for equal tokens.
   */
  intern(codes: Uint16Array, start: number, end: number, hash: number): number {
    const length = end - start;
    let mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const id = this.slots[slot]!;
      if (id === 0) break;
      if (this.hashes[id]! === hash && this.lengths[id]! === length && this.equals(id, codes, start, length)) return id;
      slot = (slot + 1) & mask;
    }
    if (this.size + 1 >= this.hashes.length) this.growEntries();
    if (this.poolSize + length > this.pool.length) this.growPool(length);
    const id = this.size + 1;
    this.size = id;
    this.hashes[id] = hash;
    this.starts[id] = this.poolSize;
    this.lengths[id] = length;
    for (let index = 0; index < length; index += 1) this.pool[this.poolSize + index] = codes[start + index]!;
    this.poolSize += length;
    if (id * 2 > this.slots.length) {
      this.rehash();
      mask = this.slots.length - 1;
      slot = hash & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    }
    this.slots[slot] = id;
    return id;
  }

  private equals(id: number, codes: Uint16Array, start: number, length: number): boolean {
    const offset = this.starts[id]!;
    for (let index = 0; index < length; index += 1) {
      if (this.pool[offset + index] !== codes[start + index]) return false;
    }
    return true;
  }

  private growEntries(): void {
    const capacity = this.hashes.length * 2;
    const grow = (array: Int32Array) => {
      const grown = new Int32Array(capacity);
      grown.set(array);
      return grown;
    };
    this.hashes = grow(this.hashes);
    this.starts = grow(this.starts);
    this.lengths = grow(this.lengths);
  }

  private growPool(length: number): void {
    const grown = new Uint16Array(Math.max(this.pool.length * 2, this.poolSize + length));
    grown.set(this.pool.subarray(0, this.poolSize));
    this.pool = grown;
  }

  /** Doubles the slot table; the caller places the entry being added. */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 1; id < this.size; id += 1) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}
