import { codePointLength, levenshteinDistance } from './levenshtein-distance.js';

/**
 * `1 - levenshteinDistance(a, b) / max(length(a), length(b))`, lengths in code
 * points: 1 for equal texts (also two empty ones), 0 when nothing is shared.
 *
 * @example levenshteinSimilarity('kitten', 'sitting') // 1 - 3/7 ≈ 0.5714
 */
export function levenshteinSimilarity(a: string, b: string): number {
  const distance = levenshteinDistance(a, b);
  const longest = Math.max(codePointLength(a), codePointLength(b));
  return longest === 0 ? 1 : 1 - distance / longest;
}
