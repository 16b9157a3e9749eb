import { rstripPythonWhitespace, splitPythonWhitespace } from '../text/python-whitespace.js';

// sacrebleu's `TokenizerV14International` (mteval-v14 `--international-tokenization`).
const PUNCTUATION_AFTER_NON_NUMBER = /(\P{N})(\p{P})/gu;
const PUNCTUATION_BEFORE_NON_NUMBER = /(\p{P})(\P{N})/gu;
const SYMBOL = /(\p{S})/gu;

/** The tokens of sacrebleu's `intl` tokenizer for an already right-stripped line. */
export function tokensIntl(line: string): string[] {
  const text = line
    .replace(PUNCTUATION_AFTER_NON_NUMBER, '$1 $2 ')
    .replace(PUNCTUATION_BEFORE_NON_NUMBER, ' $1 $2')
    .replace(SYMBOL, ' $1 ');
  return splitPythonWhitespace(text);
}

/**
 * sacrebleu's `intl` tokenizer as BLEU applies it (`line.rstrip()` first): Unicode
 * punctuation and symbols become tokens, except punctuation between two numbers.
 * Unicode property tables follow the running Node's ICU, not Python's `regex` module.
 */
export function tokenizeIntl(line: string): string {
  return tokensIntl(rstripPythonWhitespace(line)).join(' ');
}
