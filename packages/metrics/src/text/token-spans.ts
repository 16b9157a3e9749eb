/** FNV-1a over UTF-16 code units: `hash = imul(hash ^ code, HASH_PRIME)` from HASH_SEED. */
export const HASH_SEED = 0x811c9dc5 | 0;
export const HASH_PRIME = 0x01000193;

/**
 * Tokens as `[start, end)` offsets into one UTF-16 code buffer, reused across rows,
 * so tokenizing creates no string per token.
 */
export class TokenSpans {
  /** The UTF-16 code units the offsets refer to (only `[0, length)` is meaningful). */
  codes: Uint16Array = new Uint16Array(1024);
  /** Code units held in {@link codes}. */
  length = 0;
  /** `starts[i]`, `ends[i]` delimit token `i` in {@link codes}. */
  starts: Int32Array = new Int32Array(256);
  ends: Int32Array = new Int32Array(256);
  /** `hashes[i]` is the FNV-1a hash (HASH_SEED, HASH_PRIME) of token `i`'s code units. */
  hashes: Int32Array = new Int32Array(256);
  /** Tokens held. */
  count = 0;

  /** Empties the buffer, making room for `length` code units. */
  reset(length: number): Uint16Array {
    if (this.codes.length < length) this.codes = new Uint16Array(Math.max(length, this.codes.length * 2));
    this.length = length;
    this.count = 0;
    return this.codes;
  }

  /** Grows {@link codes} to hold at least `capacity` code units, keeping its content. */
  ensureCapacity(capacity: number): Uint16Array {
    if (this.codes.length < capacity) {
      const codes = new Uint16Array(Math.max(capacity, this.codes.length * 2));
      codes.set(this.codes);
      this.codes = codes;
    }
    return this.codes;
  }

  /** Appends the token `codes[start, end)` with its FNV-1a hash. */
  push(start: number, end: number, hash: number): void {
    if (this.count === this.starts.length) {
      const grow = (array: Int32Array) => {
        const grown = new Int32Array(this.count * 2);
        grown.set(array);
        return grown;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.hashes = grow(this.hashes);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.hashes[this.count] = hash;
    this.count += 1;
  }

  /** Fills the buffer with already separated tokens. */
  setTokens(tokens: readonly string[]): void {
    let length = 0;
    for (const token of tokens) length += token.length;
    const codes = this.reset(length);
    let write = 0;
    for (const token of tokens) {
      const start = write;
      let hash = HASH_SEED;
      for (let index = 0; index < token.length; index += 1) {
        const code = token.charCodeAt(index);
        codes[write++] = code;
        hash = Math.imul(hash ^ code, HASH_PRIME);
      }
      this.push(start, write, hash);
    }
  }

  /** Token `index` as a string. */
  tokenAt(index: number): string {
    let token = '';
    for (let offset = this.starts[index]!; offset < this.ends[index]!; offset += 1) token += String.fromCharCode(this.codes[offset]!);
    return token;
  }

  /** The tokens as strings. */
  toArray(): string[] {
    const tokens = new Array<string>(this.count);
    for (let index = 0; index < this.count; index += 1) tokens[index] = this.tokenAt(index);
    return tokens;
  }
}
