import { InvalidParameterError } from '@assay/core';

/**
 * The cosine of the angle between two vectors of the same length:
 * `a·b / (|a|·|b|)`, from −1 to 1. A zero vector has no direction; its
 * similarity to anything is 0.
 *
 * @example cosineSimilarity([1, 0], [1, 1]) // 0.7071…
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new InvalidParameterError(`cosineSimilarity: the vectors have different lengths (${a.length} and ${b.length}); embed both texts with the same model and dimensions.`);
  }
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index += 1) {
    const x = a[index]!;
    const y = b[index]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 || normB === 0) return 0;
  // Rounding can push the cosine of (nearly) parallel vectors just past ±1.
  return Math.max(-1, Math.min(1, dot / Math.sqrt(normA * normB)));
}
