import type { EncodedText } from './rouge-encoder.js';
import type { RougeScore, RougeScores } from './rouge-types.js';

/** A validated ROUGE type. */
export type ParsedRougeType =
  | { name: string; kind: 'ngram'; n: number }
  | { name: string; kind: 'lcs' }
  | { name: string; kind: 'summaryLcs' };

// Scratch buffers reused across calls (ROUGE is synchronous): tables indexed by
// token id (always left zeroed after use), the bit-parallel LCS masks, the DP
// table and marks of the union LCS, and the bigram position chains.
let predictionCounts = new Int32Array(1024);
let referenceCounts = new Int32Array(1024);
let lcsMasks = new Int32Array(1024);
let lcsVector = new Int32Array(16);
let lcsTable = new Int32Array(4096);
let lcsMarks = new Uint8Array(256);
let bigramNext = new Int32Array(256);
let bigramUsed = new Uint8Array(256);

function ensureCounts(size: number): void {
  if (predictionCounts.length >= size) return;
  let length = predictionCounts.length;
  while (length < size) length *= 2;
  predictionCounts = new Int32Array(length);
  referenceCounts = new Int32Array(length);
}

function grow<T extends Int32Array | Uint8Array>(array: T, size: number, create: (length: number) => T): T {
  if (array.length >= size) return array;
  let length = array.length;
  while (length < size) length *= 2;
  return create(length);
}

/** rouge-score's `scoring.fmeasure`, same operation order. */
export function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function score(precision: number, recall: number): RougeScore {
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

function unigramOverlap(prediction: readonly number[], reference: readonly number[]): number {
  const counts = referenceCounts;
  for (let index = 0; index < reference.length; index += 1) counts[reference[index]!]! += 1;
  let overlap = 0;
  for (let index = 0; index < prediction.length; index += 1) {
    const id = prediction[index]!;
    if (counts[id]! > 0) {
      overlap += 1;
      counts[id]! -= 1;
    }
  }
  for (let index = 0; index < reference.length; index += 1) counts[reference[index]!] = 0;
  return overlap;
}

/**
 * Sum over bigrams of min(count in prediction, count in reference): each
 * prediction bigram takes an unused equal reference bigram, found through
 * per-token chains of reference positions (no keys, no sorting).
 */
function bigramOverlap(prediction: readonly number[], reference: readonly number[]): number {
  const referenceCount = reference.length - 1;
  bigramNext = grow(bigramNext, referenceCount, (length) => new Int32Array(length));
  bigramUsed = grow(bigramUsed, referenceCount, (length) => new Uint8Array(length));
  const heads = referenceCounts;
  const next = bigramNext;
  const used = bigramUsed;
  for (let index = 0; index < referenceCount; index += 1) {
    const id = reference[index]!;
    next[index] = heads[id]!;
    heads[id] = index + 1;
  }
  let overlap = 0;
  for (let index = 0; index + 1 < prediction.length; index += 1) {
    const second = prediction[index + 1]!;
    let position = heads[prediction[index]!]!;
    while (position !== 0) {
      const at = position - 1;
      if (used[at] === 0 && reference[at + 1] === second) {
        used[at] = 1;
        overlap += 1;
        break;
      }
      position = next[at]!;
    }
  }
  for (let index = 0; index < referenceCount; index += 1) heads[reference[index]!] = 0;
  used.fill(0, 0, referenceCount);
  return overlap;
}

function ngramKey(ids: readonly number[], start: number, n: number): string {
  let key = String(ids[start]!);
  for (let offset = 1; offset < n; offset += 1) key += `,${ids[start + offset]!}`;
  return key;
}

function longNgramOverlap(prediction: readonly number[], reference: readonly number[], n: number): number {
  const counts = new Map<string, number>();
  for (let index = 0; index + n <= reference.length; index += 1) {
    const key = ngramKey(reference, index, n);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let overlap = 0;
  for (let index = 0; index + n <= prediction.length; index += 1) {
    const key = ngramKey(prediction, index, n);
    const count = counts.get(key);
    if (count !== undefined && count > 0) {
      overlap += 1;
      counts.set(key, count - 1);
    }
  }
  return overlap;
}

/** rouge-score's `_score_ngrams(_create_ngrams(target, n), _create_ngrams(prediction, n))`. */
export function scoreNgrams(prediction: readonly number[], reference: readonly number[], n: number): RougeScore {
  const predictionCount = Math.max(prediction.length - n + 1, 0);
  const referenceCount = Math.max(reference.length - n + 1, 0);
  let overlap = 0;
  if (predictionCount > 0 && referenceCount > 0) {
    if (n === 1) overlap = unigramOverlap(prediction, reference);
    else if (n === 2) overlap = bigramOverlap(prediction, reference);
    else overlap = longNgramOverlap(prediction, reference, n);
  }
  return score(overlap / Math.max(predictionCount, 1), overlap / Math.max(referenceCount, 1));
}

const WORD_BITS = 30;
const WORD_MASK = (1 << WORD_BITS) - 1;

function popcount(value: number): number {
  let bits = value - ((value >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Length of the longest common subsequence, bit-parallel (Allison-Dix /
 * Hyyrö): one bit per reference position in 30-bit words, one pass of
 * additions per prediction token that occurs in the reference. The length
 * equals the DP table's last cell, which is all rougeL uses.
 */
function lcsLength(reference: readonly number[], prediction: readonly number[]): number {
  const rows = reference.length;
  const words = Math.ceil(rows / WORD_BITS);
  const localOf = predictionCounts;
  let distinct = 0;
  for (let index = 0; index < rows; index += 1) {
    const id = reference[index]!;
    let local = localOf[id]!;
    if (local === 0) {
      distinct += 1;
      local = distinct;
      localOf[id] = local;
      lcsMasks = growKeep(lcsMasks, distinct * words);
      lcsMasks.fill(0, (local - 1) * words, local * words);
    }
    const word = (index / WORD_BITS) | 0;
    lcsMasks[(local - 1) * words + word]! |= 1 << (index - word * WORD_BITS);
  }
  lcsVector = grow(lcsVector, words, (length) => new Int32Array(length));
  const vector = lcsVector;
  const masks = lcsMasks;
  vector.fill(WORD_MASK, 0, words);
  for (let j = 0; j < prediction.length; j += 1) {
    const local = localOf[prediction[j]!]!;
    if (local === 0) continue;
    const base = (local - 1) * words;
    let carry = 0;
    for (let word = 0; word < words; word += 1) {
      const value = vector[word]!;
      const match = masks[base + word]!;
      const sum = value + (value & match) + carry;
      carry = sum >>> WORD_BITS;
      vector[word] = (sum | (value & ~match)) & WORD_MASK;
    }
  }
  for (let index = 0; index < rows; index += 1) localOf[reference[index]!] = 0;
  // Zeros among the first `rows` bits are LCS columns; bits above only ever receive carries.
  let ones = 0;
  for (let word = 0; word < words; word += 1) {
    const used = Math.min(WORD_BITS, rows - word * WORD_BITS);
    const value = used === WORD_BITS ? vector[word]! : vector[word]! & ((1 << used) - 1);
    ones += popcount(value);
  }
  return rows - ones;
}

function growKeep(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (array.length >= size) return array;
  let length = array.length;
  while (length < size) length *= 2;
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}

/**
 * Marks in `lcsMarks[0..]` the reference positions of the LCS of
 * `reference[rs, re)` and `prediction[ps, pe)` that rouge-score's
 * `_backtrack_norec` reads out (on a mismatch: left only if strictly greater
 * than up, else up). Which LCS is chosen changes the union and the scores.
 */
function markLcs(reference: readonly number[], rs: number, re: number, prediction: readonly number[], ps: number, pe: number): void {
  const rows = re - rs;
  const columns = pe - ps;
  const width = columns + 1;
  lcsTable = grow(lcsTable, (rows + 1) * width, (length) => new Int32Array(length));
  const table = lcsTable;
  table.fill(0, 0, width);
  for (let i = 1; i <= rows; i += 1) {
    const base = i * width;
    const previous = base - width;
    const token = reference[rs + i - 1]!;
    table[base] = 0;
    for (let j = 1; j <= columns; j += 1) {
      if (token === prediction[ps + j - 1]!) table[base + j] = table[previous + j - 1]! + 1;
      else {
        const up = table[previous + j]!;
        const left = table[base + j - 1]!;
        table[base + j] = up > left ? up : left;
      }
    }
  }
  let i = rows;
  let j = columns;
  while (i > 0 && j > 0) {
    if (reference[rs + i - 1] === prediction[ps + j - 1]) {
      lcsMarks[i - 1] = 1;
      i -= 1;
      j -= 1;
    } else if (table[i * width + j - 1]! > table[(i - 1) * width + j]!) j -= 1;
    else i -= 1;
  }
}

/** rouge-score's `_summary_level_lcs` hit count: union LCS per reference line, capped by token counts on both sides. */
function summaryLevelHits(reference: EncodedText, prediction: EncodedText): number {
  const referenceIds = reference.ids;
  const predictionIds = prediction.ids;
  const candidateCounts = predictionCounts;
  const targetCounts = referenceCounts;
  for (let index = 0; index < predictionIds.length; index += 1) candidateCounts[predictionIds[index]!]! += 1;
  for (let index = 0; index < referenceIds.length; index += 1) targetCounts[referenceIds[index]!]! += 1;
  let hits = 0;
  let referenceStart = 0;
  for (let line = 0; line < reference.lineEnds.length; line += 1) {
    const referenceEnd = reference.lineEnds[line]!;
    const length = referenceEnd - referenceStart;
    lcsMarks = grow(lcsMarks, length, (size) => new Uint8Array(size));
    lcsMarks.fill(0, 0, length);
    let predictionStart = 0;
    for (let candidate = 0; candidate < prediction.lineEnds.length; candidate += 1) {
      const predictionEnd = prediction.lineEnds[candidate]!;
      markLcs(referenceIds, referenceStart, referenceEnd, predictionIds, predictionStart, predictionEnd);
      predictionStart = predictionEnd;
    }
    for (let offset = 0; offset < length; offset += 1) {
      if (lcsMarks[offset] === 0) continue;
      const token = referenceIds[referenceStart + offset]!;
      if (candidateCounts[token]! > 0 && targetCounts[token]! > 0) {
        hits += 1;
        candidateCounts[token]! -= 1;
        targetCounts[token]! -= 1;
      }
    }
    referenceStart = referenceEnd;
  }
  for (let index = 0; index < predictionIds.length; index += 1) candidateCounts[predictionIds[index]!] = 0;
  for (let index = 0; index < referenceIds.length; index += 1) targetCounts[referenceIds[index]!] = 0;
  return hits;
}

/** Scores one prediction against one reference for every requested type, appending to `out` in type order. */
function scoreAgainstReference(
  prediction: EncodedText,
  reference: EncodedText,
  types: readonly ParsedRougeType[],
  out: RougeScore[],
): void {
  const predictionLength = prediction.ids.length;
  const referenceLength = reference.ids.length;
  const empty = predictionLength === 0 || referenceLength === 0;
  let lcs = -1;
  for (const type of types) {
    if (type.kind === 'ngram') {
      out.push(scoreNgrams(prediction.ids, reference.ids, type.n));
      continue;
    }
    if (empty) {
      out.push({ precision: 0, recall: 0, fmeasure: 0 });
      continue;
    }
    let hits: number;
    // With one line on each side the union LCS is the LCS itself and every
    // hit is within both token counts, so rougeLsum equals rougeL.
    if (type.kind === 'lcs' || (prediction.lineEnds.length === 1 && reference.lineEnds.length === 1)) {
      if (lcs < 0) lcs = lcsLength(reference.ids, prediction.ids);
      hits = lcs;
    } else {
      hits = summaryLevelHits(reference, prediction);
    }
    out.push(score(hits / predictionLength, hits / referenceLength));
  }
}

/**
 * ROUGE of one encoded prediction against its encoded references; with
 * several references each type keeps the reference with the highest
 * F-measure, the first on ties (rouge-score's `score_multi`).
 */
export function scoreRouge(
  prediction: EncodedText,
  references: readonly EncodedText[],
  types: readonly ParsedRougeType[],
  vocabularySize: number,
): RougeScores {
  ensureCounts(vocabularySize);
  const best: RougeScore[] = [];
  scoreAgainstReference(prediction, references[0]!, types, best);
  if (references.length > 1) {
    const current: RougeScore[] = [];
    for (let index = 1; index < references.length; index += 1) {
      current.length = 0;
      scoreAgainstReference(prediction, references[index]!, types, current);
      for (let type = 0; type < types.length; type += 1) {
        if (current[type]!.fmeasure > best[type]!.fmeasure) best[type] = current[type]!;
      }
    }
  }
  const result: RougeScores = {};
  for (let type = 0; type < types.length; type += 1) result[types[type]!.name] = best[type]!;
  return result;
}
