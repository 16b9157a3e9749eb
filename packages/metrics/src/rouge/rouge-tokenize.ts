import { porterStem } from './porter-stemmer.js';

/** Options of {@link rougeTokenize}. */
export interface RougeTokenizeOptions {
  /** Porter-stem tokens longer than 3 characters, as rouge-score's `use_stemmer=True`. Default false. */
  useStemmer?: boolean;
}

const KELVIN_SIGN = 0x212a;
const CAPITAL_I_WITH_DOT = 0x130;
const NEWLINE = 10;

/**
 * Appends the unstemmed tokens of `text` to `tokens`, exactly as rouge-score's
 * `text.lower()` + `re.sub(r"[^a-z0-9]+", " ")` + split, in one pass.
 * Python's full lowercasing maps only two non-ASCII code points to ASCII
 * letters (checked over all of Unicode, and JavaScript's `toLowerCase()` agrees):
 * KELVIN SIGN -> `k`, and LATIN CAPITAL I WITH DOT -> `i` + U+0307, whose
 * combining dot is then a separator. Every other non-ASCII character separates.
 * When `lineBreaks` is given, the token count at every `\n` is appended to it.
 */
export function splitRougeTokens(text: string, tokens: string[], lineBreaks?: number[]): void {
  let pending = '';
  let runStart = -1;
  let runHasUpper = false;
  const length = text.length;
  for (let index = 0; index < length; index += 1) {
    const code = text.charCodeAt(index);
    // a-z or 0-9
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
      if (runStart < 0) runStart = index;
      continue;
    }
    if (code >= 65 && code <= 90) {
      if (runStart < 0) runStart = index;
      runHasUpper = true;
      continue;
    }
    if (runStart >= 0) {
      const piece = text.slice(runStart, index);
      pending = pending.length === 0 ? (runHasUpper ? piece.toLowerCase() : piece) : pending + (runHasUpper ? piece.toLowerCase() : piece);
      runStart = -1;
      runHasUpper = false;
    }
    if (code === KELVIN_SIGN) {
      pending += 'k';
      continue;
    }
    if (code === CAPITAL_I_WITH_DOT) pending += 'i';
    if (pending.length > 0) {
      tokens.push(pending);
      pending = '';
    }
    if (code === NEWLINE && lineBreaks !== undefined) lineBreaks.push(tokens.length);
  }
  if (runStart >= 0) {
    const piece = text.slice(runStart);
    pending += runHasUpper ? piece.toLowerCase() : piece;
  }
  if (pending.length > 0) tokens.push(pending);
}

const VALID_TOKEN = /^[a-z0-9]+$/;

/**
 * rouge-score 0.1.2's default tokenizer: lowercase, every character outside
 * `a-z0-9` separates (so `Zürich` -> `z rich`, CJK text has no tokens), then
 * with `useStemmer` tokens longer than 3 characters are Porter-stemmed (NLTK 3.8).
 */
export function rougeTokenize(text: string, options: RougeTokenizeOptions = {}): string[] {
  const tokens: string[] = [];
  splitRougeTokens(text, tokens);
  if (options.useStemmer !== true) return tokens;
  const stemmed: string[] = [];
  for (const token of tokens) {
    const stem = token.length > 3 ? porterStem(token) : token;
    if (VALID_TOKEN.test(stem)) stemmed.push(stem);
  }
  return stemmed;
}
