import { isPythonWhitespace, rstripPythonWhitespace } from '../text/python-whitespace.js';

/**
 * The tokens of sacrebleu's `char` tokenizer: every code point that is not
 * whitespace (sacrebleu joins code points with spaces, then BLEU splits on whitespace).
 */
export function tokensChar(line: string): string[] {
  const tokens: string[] = [];
  for (const character of line) {
    if (!isPythonWhitespace(character.charCodeAt(0))) tokens.push(character);
  }
  return tokens;
}

/**
 * sacrebleu's `char` tokenizer as BLEU applies it: `' '.join(line.rstrip())`, one
 * token per Unicode code point (a surrogate pair stays one token).
 */
export function tokenizeChar(line: string): string {
  return Array.from(rstripPythonWhitespace(line)).join(' ');
}
