import { porterStem } from './porter-stemmer.js';

/** A text tokenized once for every ROUGE type: integer token ids plus where each non-empty line ends. */
export interface EncodedText {
  /** Token ids; equal ids mean equal (stemmed) tokens within one encoder generation. */
  ids: number[];
  /**
   * End offsets into `ids` of the `\n`-separated lines that have tokens, for
   * rougeLsum. Lines without tokens are left out: rouge-score keeps them as
   * empty sentences, which contribute nothing to the union LCS or the counts.
   */
  lineEnds: number[];
}

const VALID_TOKEN = /^[a-z0-9]+$/;
/** Past this many ids the tables start again at the next row, so memory stays bounded in long-lived processes. */
const VOCABULARY_LIMIT = 1 << 20;
const DROPPED = -1;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const KELVIN_SIGN = 0x212a;
const CAPITAL_I_WITH_DOT = 0x130;
const NEWLINE = 10;

/**
 * Maps texts to token ids with the exact tokenization of `rougeTokenize()`,
 * without creating a string per token: a token is always one contiguous span
 * of the text (KELVIN SIGN lowercases to `k` inside a token; `İ` lowercases to
 * `i` + a combining dot, so it ends one), hashed while scanning and looked up
 * in an open-addressing table of the tokens seen so far. Ids are only
 * comparable between texts encoded after the same `beginRow()`.
 */
export class RougeEncoder {
  readonly useStemmer: boolean;
  private slots = new Int32Array(1 << 12);
  private entryHashes = new Int32Array(1 << 11);
  private entryIds = new Int32Array(1 << 11);
  private entryTokens: string[] = [];
  private readonly stemIds = new Map<string, number>();
  private nextId = 0;

  constructor(useStemmer: boolean) {
    this.useStemmer = useStemmer;
  }

  /** One more than the largest id handed out so far. */
  get vocabularySize(): number {
    return this.nextId;
  }

  /** Call before encoding the texts of one row (a prediction and its references). */
  beginRow(): void {
    if (this.nextId >= VOCABULARY_LIMIT || this.entryTokens.length >= VOCABULARY_LIMIT) {
      this.slots = new Int32Array(1 << 12);
      this.entryHashes = new Int32Array(1 << 11);
      this.entryIds = new Int32Array(1 << 11);
      this.entryTokens = [];
      this.stemIds.clear();
      this.nextId = 0;
    }
  }

  encode(text: string): EncodedText {
    const ids: number[] = [];
    const lineEnds: number[] = [];
    let start = -1;
    let hash = FNV_OFFSET;
    const length = text.length;
    for (let index = 0; index < length; index += 1) {
      let code = text.charCodeAt(index);
      if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
        // a-z, 0-9: as is
      } else if (code >= 65 && code <= 90) {
        code += 32;
      } else if (code === KELVIN_SIGN) {
        code = 107;
      } else if (code === CAPITAL_I_WITH_DOT) {
        if (start < 0) {
          start = index;
          hash = FNV_OFFSET;
        }
        this.push(ids, text, start, index + 1, Math.imul(hash ^ 105, FNV_PRIME));
        start = -1;
        continue;
      } else {
        if (start >= 0) {
          this.push(ids, text, start, index, hash);
          start = -1;
        }
        if (code === NEWLINE && ids.length > (lineEnds.length === 0 ? 0 : lineEnds[lineEnds.length - 1]!)) {
          lineEnds.push(ids.length);
        }
        continue;
      }
      if (start < 0) {
        start = index;
        hash = FNV_OFFSET;
      }
      hash = Math.imul(hash ^ code, FNV_PRIME);
    }
    if (start >= 0) this.push(ids, text, start, length, hash);
    if (ids.length > (lineEnds.length === 0 ? 0 : lineEnds[lineEnds.length - 1]!)) lineEnds.push(ids.length);
    return { ids, lineEnds };
  }

  private push(ids: number[], text: string, start: number, end: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = (hash ^ (hash >>> 15)) & mask;
    for (;;) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) break;
      if (this.entryHashes[entry] === hash && sameToken(this.entryTokens[entry]!, text, start, end)) {
        const id = this.entryIds[entry]!;
        if (id !== DROPPED) ids.push(id);
        return;
      }
      slot = (slot + 1) & mask;
    }
    const token = lowercaseSpan(text, start, end);
    const id = this.idOf(token);
    const entry = this.entryTokens.length;
    if (entry >= this.entryIds.length) {
      const hashes = new Int32Array(this.entryIds.length * 2);
      hashes.set(this.entryHashes);
      this.entryHashes = hashes;
      const entryIds = new Int32Array(this.entryIds.length * 2);
      entryIds.set(this.entryIds);
      this.entryIds = entryIds;
    }
    this.entryTokens.push(token);
    this.entryHashes[entry] = hash;
    this.entryIds[entry] = id;
    this.slots[slot] = entry + 1;
    if ((entry + 1) * 2 > this.slots.length) this.rehash();
    if (id !== DROPPED) ids.push(id);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.entryTokens.length; entry += 1) {
      const hash = this.entryHashes[entry]!;
      let slot = (hash ^ (hash >>> 15)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }

  private idOf(token: string): number {
    if (!this.useStemmer) {
      const id = this.nextId;
      this.nextId += 1;
      return id;
    }
    const stem = token.length > 3 ? porterStem(token) : token;
    if (!VALID_TOKEN.test(stem)) return DROPPED;
    let id = this.stemIds.get(stem);
    if (id === undefined) {
      id = this.nextId;
      this.nextId += 1;
      this.stemIds.set(stem, id);
    }
    return id;
  }
}

function lowercaseCode(code: number): number {
  if (code >= 65 && code <= 90) return code + 32;
  if (code === KELVIN_SIGN) return 107;
  if (code === CAPITAL_I_WITH_DOT) return 105;
  return code;
}

function sameToken(token: string, text: string, start: number, end: number): boolean {
  if (token.length !== end - start) return false;
  for (let index = start; index < end; index += 1) {
    if (token.charCodeAt(index - start) !== lowercaseCode(text.charCodeAt(index))) return false;
  }
  return true;
}

function lowercaseSpan(text: string, start: number, end: number): string {
  let token = '';
  for (let index = start; index < end; index += 1) token += String.fromCharCode(lowercaseCode(text.charCodeAt(index)));
  return token;
}

const plainEncoder = new RougeEncoder(false);
const stemmingEncoder = new RougeEncoder(true);

/** The shared encoder for a stemming mode (ROUGE is synchronous, so sharing is safe). */
export function rougeEncoder(useStemmer: boolean): RougeEncoder {
  return useStemmer ? stemmingEncoder : plainEncoder;
}
