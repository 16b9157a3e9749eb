/** The n-gram ROUGE types rouge-score accepts: `rouge1` to `rouge9`. */
export type RougeNType = 'rouge1' | 'rouge2' | 'rouge3' | 'rouge4' | 'rouge5' | 'rouge6' | 'rouge7' | 'rouge8' | 'rouge9';

/** A ROUGE variant: n-gram overlap, `rougeL` (longest common subsequence) or `rougeLsum` (summary-level union LCS over `\n`-separated lines). */
export type RougeType = RougeNType | 'rougeL' | 'rougeLsum';

/** One ROUGE score, on the 0-1 scale. */
export interface RougeScore {
  /** Matches divided by the prediction's n-gram (or token) count. */
  precision: number;
  /** Matches divided by the reference's n-gram (or token) count. */
  recall: number;
  /** F1 of precision and recall: `2PR / (P + R)`, 0 when both are 0. */
  fmeasure: number;
}

/** Scores keyed by ROUGE type (`rouge1`, `rougeL`, ...), in the order the types were requested. */
export type RougeScores = Record<string, RougeScore>;

/** Options of `rouge()` and `rougeBatch()`. */
export interface RougeOptions {
  /** The ROUGE types to compute. Default: `['rouge1', 'rouge2', 'rougeL', 'rougeLsum']`. */
  types?: readonly RougeType[];
  /** Porter-stem tokens longer than 3 characters (rouge-score's `use_stemmer=True`). Default false. */
  useStemmer?: boolean;
}

/** Options of `rougeN()`. */
export interface RougeNOptions {
  /** Porter-stem tokens longer than 3 characters (rouge-score's `use_stemmer=True`). Default false. */
  useStemmer?: boolean;
}

/** What `rougeBatch()` returns. */
export interface RougeBatchResult {
  /** `rows[i]` scores `predictions[i]` against `references[i]` (the best reference per type). */
  rows: RougeScores[];
  /** Per type, the arithmetic mean of precision, recall and fmeasure over the rows (all 0 for no rows). */
  mean: RougeScores;
}

/** The types computed when none are requested, as in MLflow and Hugging Face `evaluate`. */
export const DEFAULT_ROUGE_TYPES: readonly RougeType[] = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'];
