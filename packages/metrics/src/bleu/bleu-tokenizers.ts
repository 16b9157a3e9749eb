import { rstripPythonWhitespace, splitPythonWhitespace } from '../text/python-whitespace.js';
import { TokenSpans } from '../text/token-spans.js';
import { scan13a, tokenize13a } from './tokenize-13a.js';
import { tokenizeChar, tokensChar } from './tokenize-char.js';
import { tokenizeIntl, tokensIntl } from './tokenize-intl.js';

/** The names of sacrebleu's tokenizers that Assay's BLEU supports. */
export type BleuTokenizerName = '13a' | 'intl' | 'char' | 'none';

/** One BLEU tokenizer, with sacrebleu's behaviour. */
export interface BleuTokenizer {
  /** sacrebleu's name for it (`tok:` in the signature). */
  readonly name: BleuTokenizerName;
  /** The tokenized line exactly as sacrebleu's BLEU produces it (right-stripped first). */
  tokenize(line: string): string;
  /** The tokens BLEU counts: Python's `tokenize(line).split()`. */
  tokens(line: string): string[];
  /** Writes {@link tokens} into `spans` as offsets, without a string per token (the BLEU hot path). */
  scan(line: string, spans: TokenSpans): void;
}

function fromTokens(name: BleuTokenizerName, tokenize: (line: string) => string, tokens: (line: string) => string[]): BleuTokenizer {
  return { name, tokenize, tokens, scan: (line, spans) => spans.setTokens(tokens(line)) };
}

const scratch = new TokenSpans();

/** sacrebleu's tokenizers by name. */
export const BLEU_TOKENIZERS: Readonly<Record<BleuTokenizerName, BleuTokenizer>> = Object.freeze({
  '13a': {
    name: '13a',
    tokenize: tokenize13a,
    tokens: (line: string) => {
      scan13a(rstripPythonWhitespace(line), scratch);
      return scratch.toArray();
    },
    scan: (line: string, spans: TokenSpans) => scan13a(rstripPythonWhitespace(line), spans),
  },
  intl: fromTokens('intl', tokenizeIntl, (line) => tokensIntl(rstripPythonWhitespace(line))),
  char: fromTokens('char', tokenizeChar, tokensChar),
  none: fromTokens('none', rstripPythonWhitespace, splitPythonWhitespace),
});

/** True when `name` is one of {@link BLEU_TOKENIZERS}. */
export function isBleuTokenizerName(name: unknown): name is BleuTokenizerName {
  return typeof name === 'string' && Object.hasOwn(BLEU_TOKENIZERS, name);
}
