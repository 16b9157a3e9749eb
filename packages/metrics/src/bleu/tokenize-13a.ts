import { isPythonWhitespace, rstripPythonWhitespace } from '../text/python-whitespace.js';
import { HASH_PRIME as IMPORTED_HASH_PRIME, HASH_SEED as IMPORTED_HASH_SEED, TokenSpans } from '../text/token-spans.js';

// sacrebleu's `tokenizer_re.py` applies four regex substitutions to ` ${line} `:
//   1. ([{-~[-` -&(-+:-@/])  -> ' \1 '    ASCII punctuation except ' , - .
//   2. ([^0-9])([.,])        -> '\1 \2 '  period/comma after a non-digit
//   3. ([.,])([^0-9])        -> ' \1 \2'  period/comma before a non-digit
//   4. ([0-9])(-)            -> '\1 \2 '  dash after a digit
// then splits on whitespace. The passes only insert spaces, and a whitespace
// character behaves like a space in passes 2-4 (a non-digit that is not . , -), so
// each whitespace-separated word can be tokenized on its own as ` ${word} `: a word
// without any of those characters is one token, the others replay the passes as
// loops with the regex engine's leftmost, non-overlapping scan (after a match the
// search resumes behind its second character). UTF-16 code units give the same
// output as Python's code points: a surrogate half is never a digit, '.', ',' or '-'.
// `tokenize-13a.test.ts` checks all of this against the literal regex passes on
// random text.

// Module-local bindings: transpilers that emit CommonJS turn imported names into
// property getters, which would cost a call per character in the loops below.
const isWhitespace = isPythonWhitespace;
const HASH_SEED = IMPORTED_HASH_SEED;
const HASH_PRIME = IMPORTED_HASH_PRIME;

const SPACE = 0x20;
const PERIOD = 0x2e;
const COMMA = 0x2c;
const DASH = 0x2d;

/** Latin-1 classes: 1 pass-1 punctuation, 2 '.', ',' or '-' (passes 2-4), 3 Python whitespace. */
const SPECIAL = new Uint8Array(256);
for (const [from, to] of [
  [0x7b, 0x7e],
  [0x5b, 0x60],
  [0x20, 0x26],
  [0x28, 0x2b],
  [0x3a, 0x40],
  [0x2f, 0x2f],
] as const) {
  for (let code = from; code <= to; code += 1) SPECIAL[code] = 1;
}
SPECIAL[PERIOD] = 2;
SPECIAL[COMMA] = 2;
SPECIAL[DASH] = 2;
const WHITESPACE = 3;
for (let code = 0; code < 256; code += 1) if (isPythonWhitespace(code)) SPECIAL[code] = WHITESPACE;

let first = new Uint16Array(256);
let second = new Uint16Array(256);

/** sacrebleu's `Tokenizer13a` before its regex passes: `<skipped>`, line breaks, HTML entities. */
function unescape13a(line: string): string {
  let text = line;
  if (text.includes('<skipped>')) text = text.replaceAll('<skipped>', '');
  if (text.includes('\n')) text = text.replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) {
    text = text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  return text;
}

/**
 * Runs the four passes on ` ${word} ` (the word is `spans.codes[start, end)`), writes
 * the result back from `start` and pushes its tokens. Returns the new end.
 */
function expandWord(spans: TokenSpans, start: number, end: number): number {
  const wordLength = end - start;
  const capacity = (wordLength + 2) * 24;
  if (first.length < capacity) {
    first = new Uint16Array(capacity);
    second = new Uint16Array(capacity);
  }
  let codes = spans.codes;

  // Pass 1: ASCII punctuation gets a space on each side.
  let size = 0;
  first[size++] = SPACE;
  for (let index = start; index < end; index += 1) {
    const code = codes[index]!;
    if (code < 256 && SPECIAL[code] === 1) {
      first[size++] = SPACE;
      first[size++] = code;
      first[size++] = SPACE;
    } else {
      first[size++] = code;
    }
  }
  first[size++] = SPACE;

  // Pass 2: ([^0-9])([.,]) -> '\1 \2 '
  let out = 0;
  let index = 0;
  while (index < size) {
    const code = first[index]!;
    if (index + 1 < size) {
      const next = first[index + 1]!;
      if ((next === PERIOD || next === COMMA) && (code < 0x30 || code > 0x39)) {
        second[out++] = code;
        second[out++] = SPACE;
        second[out++] = next;
        second[out++] = SPACE;
        index += 2;
        continue;
      }
    }
    second[out++] = code;
    index += 1;
  }
  size = out;

  // Pass 3: ([.,])([^0-9]) -> ' \1 \2'
  out = 0;
  index = 0;
  while (index < size) {
    const code = second[index]!;
    if ((code === PERIOD || code === COMMA) && index + 1 < size) {
      const next = second[index + 1]!;
      if (next < 0x30 || next > 0x39) {
        first[out++] = SPACE;
        first[out++] = code;
        first[out++] = SPACE;
        first[out++] = next;
        index += 2;
        continue;
      }
    }
    first[out++] = code;
    index += 1;
  }
  size = out;

  // Pass 4: ([0-9])(-) -> '\1 \2 '
  out = 0;
  index = 0;
  while (index < size) {
    const code = first[index]!;
    if (code >= 0x30 && code <= 0x39 && index + 1 < size && first[index + 1] === DASH) {
      second[out++] = code;
      second[out++] = SPACE;
      second[out++] = DASH;
      second[out++] = SPACE;
      index += 2;
      continue;
    }
    second[out++] = code;
    index += 1;
  }
  size = out;

  // Only inserted spaces separate tokens inside a word.
  codes = spans.ensureCapacity(start + size);
  let write = start;
  let tokenStart = -1;
  let hash = HASH_SEED;
  for (index = 0; index < size; index += 1) {
    const code = second[index]!;
    if (code === SPACE) {
      if (tokenStart !== -1) {
        spans.push(tokenStart, write, hash);
        tokenStart = -1;
      }
    } else {
      if (tokenStart === -1) {
        tokenStart = write;
        hash = HASH_SEED;
      }
      codes[write++] = code;
      hash = Math.imul(hash ^ code, HASH_PRIME);
    }
  }
  if (tokenStart !== -1) spans.push(tokenStart, write, hash);
  return write;
}

/** Writes the 13a tokens of an already right-stripped line into `spans`. */
export function scan13a(line: string, spans: TokenSpans): void {
  const text = unescape13a(line);
  const length = text.length;
  let codes = spans.reset(length);
  let write = 0;
  let wordStart = -1;
  let special = false;
  let hash = HASH_SEED;
  for (let index = 0; index < length; index += 1) {
    const code = text.charCodeAt(index);
    const kind = code < 256 ? SPECIAL[code]! : isWhitespace(code) ? WHITESPACE : 0;
    if (kind === WHITESPACE) {
      if (wordStart !== -1) {
        if (special) {
          write = expandWord(spans, wordStart, write);
          codes = spans.codes;
        } else {
          spans.push(wordStart, write, hash);
        }
        wordStart = -1;
      }
      continue;
    }
    if (wordStart === -1) {
      wordStart = write;
      special = false;
      hash = HASH_SEED;
    }
    if (kind !== 0) special = true;
    codes[write++] = code;
    hash = Math.imul(hash ^ code, HASH_PRIME);
  }
  if (wordStart !== -1) {
    if (special) write = expandWord(spans, wordStart, write);
    else spans.push(wordStart, write, hash);
  }
  spans.length = write;
}

const scratch = new TokenSpans();

/**
 * The tokens of sacrebleu's `13a` tokenizer (mteval-v13a, the WMT standard) for a
 * line that has already been right-stripped.
 */
export function tokens13a(line: string): string[] {
  scan13a(line, scratch);
  return scratch.toArray();
}

/**
 * sacrebleu's `13a` tokenizer as BLEU applies it: `Tokenizer13a()(line.rstrip())`.
 * Returns the tokens joined by single spaces, exactly sacrebleu's output string.
 */
export function tokenize13a(line: string): string {
  return tokens13a(rstripPythonWhitespace(line)).join(' ');
}
