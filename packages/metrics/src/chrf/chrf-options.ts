import { InvalidParameterError } from '@assay/core';

/** chrF settings; the defaults are sacrebleu's `CHRF()` (chrF2). */
export interface ChrfOptions {
  /** The largest character n-gram order. Default 6. */
  charOrder?: number;
  /** The largest word n-gram order: 0 is chrF, 2 is chrF++. Default 0. */
  wordOrder?: number;
  /** Recall is `beta` times as important as precision. Default 2. */
  beta?: number;
  /** Lowercase predictions and references first (Python `str.lower()`). Default `false`. */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams. Default `false` (whitespace is removed). */
  whitespace?: boolean;
  /**
   * Average per-order F-scores with epsilon smoothing (chrF++.py, Moses, NLTK) instead of
   * sacrebleu's default: average precision and recall over the orders that have n-grams
   * on both sides ("effective order"). Default `false`.
   */
  epsSmoothing?: boolean;
}

/** {@link ChrfOptions} with every default applied. */
export type ResolvedChrfOptions = Required<ChrfOptions>;

function checkOrder(name: string, value: unknown, minimum: number): void {
  if (!Number.isInteger(value) || (value as number) < minimum) {
    throw new InvalidParameterError(`chrF: ${name} is ${String(value)}; pass an integer >= ${minimum}.`);
  }
}

/** Validates `options` and applies sacrebleu's defaults. */
export function resolveChrfOptions(options: ChrfOptions | undefined): ResolvedChrfOptions {
  const { charOrder = 6, wordOrder = 0, beta = 2, lowercase = false, whitespace = false, epsSmoothing = false } = options ?? {};
  checkOrder('charOrder', charOrder, 0);
  checkOrder('wordOrder', wordOrder, 0);
  if (charOrder + wordOrder === 0) {
    throw new InvalidParameterError('chrF: charOrder and wordOrder are both 0; set at least one of them (sacrebleu: charOrder 6, wordOrder 0).');
  }
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0) {
    throw new InvalidParameterError(`chrF: beta is ${String(beta)}; pass a finite number >= 0 (sacrebleu's default is 2).`);
  }
  if (typeof lowercase !== 'boolean' || typeof whitespace !== 'boolean' || typeof epsSmoothing !== 'boolean') {
    throw new InvalidParameterError('chrF: lowercase, whitespace and epsSmoothing must be booleans.');
  }
  return { charOrder, wordOrder, beta, lowercase, whitespace, epsSmoothing };
}
