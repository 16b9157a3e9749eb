import { countNgrams } from '../text/count-ngrams.js';
import { addNgramKeys, canUseNumericKeys, NgramCountTable, takeNgramKeys } from '../text/ngram-count-table.js';
import { isPythonWhitespace, splitPythonWhitespace } from '../text/python-whitespace.js';
import { validateSentenceInputs } from '../text/validate-metric-inputs.js';
import { chrfScoreOf, type ChrfStatistics } from './chrf-score-of.js';
import { resolveChrfOptions, type ChrfOptions, type ResolvedChrfOptions } from './chrf-options.js';

/** Counts rows with scratch state reused across rows (the corpus hot path). */
export type ChrfStatisticsCounter = (prediction: string, references: readonly string[]) => ChrfStatistics;

// A module-local binding: transpilers that emit CommonJS turn imported names into
// property getters, which costs a call per character in the hot loop.
const isWhitespace = isPythonWhitespace;

// string.punctuation, which sacrebleu's chrF++ word splitter strips from word ends.
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** sacrebleu's `CHRF._remove_punctuation`: words, with one leading or trailing ASCII punctuation mark split off. */
export function chrfWords(sentence: string): string[] {
  const words: string[] = [];
  for (const word of splitPythonWhitespace(sentence)) {
    // A lone astral character (Python length 1) has no ASCII punctuation at either end, so it is kept whole either way.
    if (word.length === 1) {
      words.push(word);
    } else if (PUNCTUATION.has(word[word.length - 1]!)) {
      words.push(word.slice(0, -1), word[word.length - 1]!);
    } else if (PUNCTUATION.has(word[0]!)) {
      words.push(word[0]!, word.slice(1));
    } else {
      words.push(word);
    }
  }
  return words;
}

interface Sequence {
  offset: number;
  length: number;
}

/** Per-order statistics of one prediction/reference pair for orders of one kind (characters or words). */
function appendPairStatistics(
  hypothesisLength: number,
  referenceLength: number,
  matches: readonly number[],
  statistics: ChrfStatistics,
): void {
  for (let order = 1; order <= matches.length; order += 1) {
    const referenceCount = Math.max(0, referenceLength - order + 1);
    statistics.hypothesisNgrams.push(referenceCount > 0 ? Math.max(0, hypothesisLength - order + 1) : 0);
    statistics.referenceNgrams.push(referenceCount);
    statistics.matchingNgrams.push(matches[order - 1]!);
  }
}

/** Matches per order through string-keyed maps: exact for any alphabet. */
function matchesWithStrings(hypothesis: Map<string, number>[], reference: Map<string, number>[]): number[] {
  return hypothesis.map((counts, order) => {
    let matches = 0;
    const referenceCounts = reference[order]!;
    for (const [ngram, count] of counts) matches += Math.min(count, referenceCounts.get(ngram) ?? 0);
    return matches;
  });
}

/**
 * Per reference, the n-gram matches of orders 1..maxOrder with the prediction
 * (sequence 0): the reference's n-grams go into `table`, the prediction's are taken
 * out. Falls back to string keys (`stringUnits()`) when numeric keys would not be exact.
 */
function unitMatches(
  table: NgramCountTable,
  digits: Int32Array,
  sequences: readonly Sequence[],
  base: number,
  maxOrder: number,
  stringUnits: (sequences: readonly Sequence[]) => string[][],
  separator: string,
): number[][] {
  const result: number[][] = [];
  if (canUseNumericKeys(base, maxOrder)) {
    const hypothesis = sequences[0]!;
    for (let index = 1; index < sequences.length; index += 1) {
      const { offset, length } = sequences[index]!;
      const matches = new Array<number>(maxOrder).fill(0);
      table.reset(length * maxOrder);
      addNgramKeys(table, digits, offset, length, maxOrder, base);
      takeNgramKeys(table, digits, hypothesis.offset, hypothesis.length, maxOrder, base, matches);
      result.push(matches);
    }
    return result;
  }
  const [hypothesisUnits, ...referenceUnits] = stringUnits(sequences);
  const hypothesisCounts = countNgrams(hypothesisUnits!, maxOrder, separator);
  return referenceUnits.map((units) => matchesWithStrings(hypothesisCounts, countNgrams(units, maxOrder, separator)));
}

/** Creates a row counter for resolved options; see {@link chrfStatistics}. */
export function createChrfStatisticsCounter(options: ResolvedChrfOptions): ChrfStatisticsCounter {
  const { charOrder, wordOrder, lowercase, whitespace, beta, epsSmoothing } = options;
  let digits = new Int32Array(1024);
  const characterIds = new Map<number, number>();
  const wordIds = new Map<string, number>();
  const table = new NgramCountTable();

  let largestCodePoint = 0;

  /**
   * Writes `text`'s code points plus one (without whitespace unless kept) as digits at
   * `offset`; returns how many, and raises `largestCodePoint`.
   */
  const writeCodePoints = (text: string, offset: number): number => {
    if (digits.length < offset + text.length) {
      const grown = new Int32Array(Math.max(offset + text.length, digits.length * 2));
      grown.set(digits.subarray(0, offset));
      digits = grown;
    }
    let write = offset;
    let largest = largestCodePoint;
    for (let index = 0; index < text.length; index += 1) {
      let code = text.charCodeAt(index);
      if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
        const low = text.charCodeAt(index + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = ((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
          index += 1;
        }
      } else if (!whitespace && isWhitespace(code)) {
        continue;
      }
      if (code > largest) largest = code;
      digits[write] = code + 1;
      write += 1;
    }
    largestCodePoint = largest;
    return write - offset;
  };

  const characterMatches = (texts: readonly string[]): { sequences: Sequence[]; matches: number[][] } => {
    const sequences: Sequence[] = [];
    let offset = 0;
    largestCodePoint = 0;
    for (const text of texts) {
      const length = writeCodePoints(text, offset);
      sequences.push({ offset, length });
      offset += length;
    }
    // Code points themselves are the digits when they are small (most European text);
    // otherwise each row's distinct characters are numbered.
    let base = largestCodePoint + 2;
    if (!canUseNumericKeys(base, charOrder)) {
      characterIds.clear();
      for (let index = 0; index < offset; index += 1) {
        const code = digits[index]!;
        let id = characterIds.get(code);
        if (id === undefined) {
          id = characterIds.size + 1;
          characterIds.set(code, id);
        }
        digits[index] = id;
      }
      base = characterIds.size + 1;
    }
    return { sequences, matches: unitMatches(table, digits, sequences, base, charOrder, digitsAsUnits, ' ') };
  };

  /** The fallback's string units: one per digit (equal digits, equal characters). */
  const digitsAsUnits = (sequences: readonly Sequence[]): string[][] =>
    sequences.map(({ offset, length }) => Array.from(digits.subarray(offset, offset + length), String));

  const wordMatches = (texts: readonly string[]): { sequences: Sequence[]; matches: number[][] } => {
    const words = texts.map(chrfWords);
    const sequences: Sequence[] = [];
    let total = 0;
    for (const list of words) {
      sequences.push({ offset: total, length: list.length });
      total += list.length;
    }
    const wordDigits = new Int32Array(total);
    wordIds.clear();
    let write = 0;
    for (const list of words) {
      for (const word of list) {
        let id = wordIds.get(word);
        if (id === undefined) {
          id = wordIds.size + 1;
          wordIds.set(word, id);
        }
        wordDigits[write] = id;
        write += 1;
      }
    }
    return { sequences, matches: unitMatches(table, wordDigits, sequences, wordIds.size + 1, wordOrder, () => words, ' ') };
  };

  return (prediction, references) => {
    const texts = lowercase ? [prediction, ...references].map((text) => text.toLowerCase()) : [prediction, ...references];
    const characters = charOrder > 0 ? characterMatches(texts) : undefined;
    const words = wordOrder > 0 ? wordMatches(texts) : undefined;
    let best: ChrfStatistics | undefined;
    let bestScore = -1;
    for (let reference = 0; reference < references.length; reference += 1) {
      const statistics: ChrfStatistics = { hypothesisNgrams: [], referenceNgrams: [], matchingNgrams: [] };
      if (characters) {
        appendPairStatistics(characters.sequences[0]!.length, characters.sequences[reference + 1]!.length, characters.matches[reference]!, statistics);
      }
      if (words) {
        appendPairStatistics(words.sequences[0]!.length, words.sequences[reference + 1]!.length, words.matches[reference]!, statistics);
      }
      if (references.length === 1) return statistics;
      // sacrebleu keeps the reference with the best F-score, the first on ties.
      const score = chrfScoreOf(statistics, beta, epsSmoothing);
      if (score > bestScore) {
        bestScore = score;
        best = statistics;
      }
    }
    return best!;
  };
}

const sharedCounters = new Map<string, ChrfStatisticsCounter>();

/** A counter for `options`, shared between calls (counters are synchronous, so sharing is safe). */
export function sharedChrfStatisticsCounter(options: ResolvedChrfOptions): ChrfStatisticsCounter {
  const key = `${options.charOrder}|${options.wordOrder}|${options.beta}|${options.lowercase}|${options.whitespace}|${options.epsSmoothing}`;
  let counter = sharedCounters.get(key);
  if (counter === undefined) {
    counter = createChrfStatisticsCounter(options);
    sharedCounters.set(key, counter);
  }
  return counter;
}

/**
 * chrF's sufficient statistics of one prediction against its references, exactly
 * as sacrebleu 2.6 computes them: with several references, those of the reference
 * with the best chrF (the first on ties). Sum them over rows and pass them to
 * `chrfFromStatistics` for corpus chrF, or resample them for a paired bootstrap.
 */
export function chrfStatistics(prediction: string, references: readonly string[], options?: ChrfOptions): ChrfStatistics {
  validateSentenceInputs('chrF', prediction, references);
  return sharedChrfStatisticsCounter(resolveChrfOptions(options))(prediction, references);
}
