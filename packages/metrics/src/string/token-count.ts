import { InvalidParameterError } from '@assay/core';
import { splitPythonWhitespace } from '../text/python-whitespace.js';

/** Counts the tokens of a text; plug in a real tokenizer (e.g. from `js-tiktoken`) this way. */
export type TokenCounter = (text: string) => number;

/** Options of `tokenCount`. */
export interface TokenCountOptions {
  /**
   * `'whitespace'` (the default) counts whitespace-separated words (Python's
   * `str.split()`), or give your own counter. MLflow counts tiktoken
   * `cl100k_base` tokens; no tiktoken encoding ships with `@assay/metrics`,
   * so its counts differ from MLflow's unless you pass a tiktoken counter.
   */
  tokenizer?: 'whitespace' | TokenCounter;
}

/** Resolves the `tokenizer` option to a counter; throws an InvalidParameterError for anything else. */
export function resolveTokenCounter(tokenizer: TokenCountOptions['tokenizer'] = 'whitespace'): TokenCounter {
  if (typeof tokenizer === 'function') return tokenizer;
  if (tokenizer === 'whitespace') return (text) => splitPythonWhitespace(text).length;
  throw new InvalidParameterError(
    `tokenCount: unknown tokenizer ${JSON.stringify(tokenizer)}. Use 'whitespace' or pass a function (text) => number, ` +
      `e.g. one built on js-tiktoken for '${String(tokenizer)}' (no tiktoken encodings ship with @assay/metrics).`,
  );
}

/**
 * The number of tokens of `text`. By default these are whitespace-separated
 * words, not model tokens: `@assay/metrics` has no tiktoken dependency. Pass
 * `tokenizer` to count real tokens.
 *
 * @example tokenCount('Hello,  world!\n') // 2
 */
export function tokenCount(text: string, options: TokenCountOptions = {}): number {
  if (typeof text !== 'string') throw new InvalidParameterError(`tokenCount: text must be a string, got ${typeof text}.`);
  return resolveTokenCounter(options.tokenizer)(text);
}
