import { InvalidParameterError } from '@assay/core';
import { BLEU_TOKENIZERS, isBleuTokenizerName, type BleuTokenizer, type BleuTokenizerName } from './bleu-tokenizers.js';

/** sacrebleu's smoothing methods (Chen & Cherry 2014). */
export type BleuSmoothMethod = 'exp' | 'floor' | 'add-k' | 'none';

/** BLEU settings; the defaults are sacrebleu's. */
export interface BleuOptions {
  /** Tokenizer applied to predictions and references. Default `'13a'`. */
  tokenize?: BleuTokenizerName;
  /** Lowercase predictions and references first (Python `str.lower()`). Default `false`. */
  lowercase?: boolean;
  /** How orders with no matches are smoothed. Default `'exp'` (mteval-v13a). */
  smoothMethod?: BleuSmoothMethod;
  /** The value for `'floor'` (default 0.1) and `'add-k'` (default 1); ignored otherwise. */
  smoothValue?: number;
  /**
   * Leave out of the geometric mean the orders with no n-grams at all. Default `false`
   * for corpus BLEU and `true` for sentence BLEU, as in sacrebleu.
   */
  effectiveOrder?: boolean;
  /** The largest n-gram order. Default 4. */
  maxNgramOrder?: number;
}

/** {@link BleuOptions} with every default applied. */
export interface ResolvedBleuOptions {
  /** The tokenizer the texts are split with. */
  tokenizer: BleuTokenizer;
  /** Whether texts are lowercased first. */
  lowercase: boolean;
  /** How zero n-gram matches are smoothed. */
  smoothMethod: BleuSmoothMethod;
  /** The smoothing value with the method's default applied (`undefined` for `exp` and `none`). */
  smoothValue: number | undefined;
  /** Whether orders without any n-gram are left out of the geometric mean. */
  effectiveOrder: boolean;
  /** The largest n-gram order. */
  maxNgramOrder: number;
}

const SMOOTH_DEFAULTS: Readonly<Record<BleuSmoothMethod, number | undefined>> = { exp: undefined, floor: 0.1, 'add-k': 1, none: undefined };

/** Validates `options` and applies the defaults (`effectiveOrder` defaults to `effectiveOrderDefault`). */
export function resolveBleuOptions(options: BleuOptions | undefined, effectiveOrderDefault: boolean): ResolvedBleuOptions {
  if (options === undefined) return effectiveOrderDefault ? SENTENCE_DEFAULTS : CORPUS_DEFAULTS;
  return resolve(options, effectiveOrderDefault);
}

function resolve(options: BleuOptions, effectiveOrderDefault: boolean): ResolvedBleuOptions {
  const { tokenize = '13a', lowercase = false, smoothMethod = 'exp', smoothValue, effectiveOrder = effectiveOrderDefault, maxNgramOrder = 4 } = options;
  if (!isBleuTokenizerName(tokenize)) {
    throw new InvalidParameterError(`BLEU: unknown tokenize ${JSON.stringify(tokenize)}; use one of ${Object.keys(BLEU_TOKENIZERS).map((name) => `'${name}'`).join(', ')}.`);
  }
  if (!Object.hasOwn(SMOOTH_DEFAULTS, smoothMethod)) {
    throw new InvalidParameterError(`BLEU: unknown smoothMethod ${JSON.stringify(smoothMethod)}; use one of 'exp', 'floor', 'add-k', 'none'.`);
  }
  if (smoothValue !== undefined && (typeof smoothValue !== 'number' || !Number.isFinite(smoothValue) || smoothValue < 0)) {
    throw new InvalidParameterError(`BLEU: smoothValue is ${String(smoothValue)}; pass a finite number >= 0 or leave it out for the method's default.`);
  }
  if (!Number.isInteger(maxNgramOrder) || maxNgramOrder < 1) {
    throw new InvalidParameterError(`BLEU: maxNgramOrder is ${String(maxNgramOrder)}; pass a positive integer (sacrebleu's default is 4).`);
  }
  if (typeof lowercase !== 'boolean' || typeof effectiveOrder !== 'boolean') {
    throw new InvalidParameterError('BLEU: lowercase and effectiveOrder must be booleans.');
  }
  return {
    tokenizer: BLEU_TOKENIZERS[tokenize],
    lowercase,
    smoothMethod,
    smoothValue: smoothValue ?? SMOOTH_DEFAULTS[smoothMethod],
    effectiveOrder,
    maxNgramOrder,
  };
}

const CORPUS_DEFAULTS: ResolvedBleuOptions = Object.freeze(resolve({}, false));
const SENTENCE_DEFAULTS: ResolvedBleuOptions = Object.freeze(resolve({}, true));
