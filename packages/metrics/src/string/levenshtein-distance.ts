import { InvalidParameterError } from '@assay/core';

/** The code points of `text` (a surrogate pair, e.g. an emoji, is one). */
function codePoints(text: string): number[] {
  const points: number[] = [];
  for (const character of text) points.push(character.codePointAt(0)!);
  return points;
}

/**
 * The Levenshtein (edit) distance between `a` and `b`: the fewest single
 * code-point insertions, deletions and substitutions turning one into the
 * other. Works on code points (an emoji counts as one), in O(n·m) time and
 * O(min(n, m)) memory.
 *
 * @example levenshteinDistance('kitten', 'sitting') // 3
 */
export function levenshteinDistance(a: string, b: string): number {
  if (typeof a !== 'string' || typeof b !== 'string') {
    throw new InvalidParameterError(`levenshteinDistance: both arguments must be strings, got ${typeof a} and ${typeof b}.`);
  }
  if (a === b) return 0;
  let longer = codePoints(a);
  let shorter = codePoints(b);
  if (shorter.length > longer.length) [longer, shorter] = [shorter, longer];
  // A shared prefix and suffix never change the distance; trimming them keeps the table small.
  let start = 0;
  while (start < shorter.length && shorter[start] === longer[start]) start += 1;
  let endShorter = shorter.length;
  let endLonger = longer.length;
  while (endShorter > start && shorter[endShorter - 1] === longer[endLonger - 1]) {
    endShorter -= 1;
    endLonger -= 1;
  }
  const columns = endShorter - start;
  const rows = endLonger - start;
  if (columns === 0) return rows;
  // One row of the table over the shorter string: row[j] = distance(longer[..i], shorter[..j]).
  const row = new Int32Array(columns + 1);
  for (let j = 0; j <= columns; j += 1) row[j] = j;
  for (let i = 1; i <= rows; i += 1) {
    const character = longer[start + i - 1];
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= columns; j += 1) {
      const above = row[j]!;
      const substitution = diagonal + (shorter[start + j - 1] === character ? 0 : 1);
      row[j] = Math.min(above + 1, row[j - 1]! + 1, substitution);
      diagonal = above;
    }
  }
  return row[columns]!;
}

/** The number of code points of `text`. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _character of text) length += 1;
  return length;
}
