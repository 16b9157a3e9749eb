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

  /** Appends the token `codes[start, end)`. */
  push(start: number, end: number): void {
    if (this.count === this.starts.length) {
      const starts = new Int32Array(this.count * 2);
      const ends = new Int32Array(this.count * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
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
      for (let index = 0; index < token.length; index += 1) codes[write++] = token.charCodeAt(index);
      this.push(start, write);
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
