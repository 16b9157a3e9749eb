import { addNgramKeys, canUseNumericKeys, NgramCountTable, takeNgramKeys } from '../text/ngram-count-table.js';
import { countNgrams } from '../text/count-ngrams.js';
import { TokenInterner } from '../text/token-interner.js';
import { TokenSpans } from '../text/token-spans.js';
import { validateSentenceInputs } from '../text/validate-metric-inputs.js';
import { resolveBleuOptions, type BleuOptions, type ResolvedBleuOptions } from './bleu-options.js';

/**
 * BLEU's sufficient statistics for one prediction (or, summed, for a corpus):
 * corpus BLEU is computed from the sum of the rows' statistics.
 */
export interface BleuStatistics {
  /** Tokens in the prediction. */
  sysLen: number;
  /** Tokens in the reference closest in length to the prediction (the shorter on ties). */
  refLen: number;
  /** Per order 1..maxNgramOrder: prediction n-grams that match, clipped by the largest count in any one reference. */
  counts: number[];
  /** Per order 1..maxNgramOrder: n-grams in the prediction. */
  totals: number[];
}

/** Counts rows with scratch state reused across rows (the corpus hot path). */
export type BleuStatisticsCounter = (prediction: string, references: readonly string[]) => BleuStatistics;

/** Past this many distinct tokens the interner starts over, so memory stays bounded. */
const MAX_INTERNED_TOKENS = 1 << 20;

/** sacrebleu's `_get_closest_ref_len`: the reference length closest to `sysLen`, the shorter on ties. */
function closestReferenceLength(sysLen: number, referenceLengths: readonly number[]): number {
  let closestDifference = -1;
  let closest = -1;
  for (const length of referenceLengths) {
    const difference = Math.abs(sysLen - length);
    if (closestDifference === -1 || difference < closestDifference) {
      closestDifference = difference;
      closest = length;
    } else if (difference === closestDifference && length < closest) {
      closest = length;
    }
  }
  return closest;
}

/** Clipped counts through string-keyed maps: exact for any vocabulary size. */
function addClippedCountsWithStrings(hypothesis: string[], references: string[][], maxOrder: number, counts: number[]): void {
  const hypothesisCounts = countNgrams(hypothesis, maxOrder, ' ');
  const referenceCounts = references.map((tokens) => countNgrams(tokens, maxOrder, ' '));
  for (let order = 0; order < maxOrder; order += 1) {
    for (const [ngram, count] of hypothesisCounts[order]!) {
      let best = 0;
      for (const reference of referenceCounts) best = Math.max(best, reference[order]!.get(ngram) ?? 0);
      counts[order] = counts[order]! + Math.min(count, best);
    }
  }
}

/** Creates a row counter for resolved options; see {@link bleuStatistics}. */
export function createBleuStatisticsCounter(options: ResolvedBleuOptions): BleuStatisticsCounter {
  const { tokenizer, lowercase, maxNgramOrder } = options;
  const interner = new TokenInterner();
  const table = new NgramCountTable();
  const single = new NgramCountTable();
  const spans: TokenSpans[] = [new TokenSpans(), new TokenSpans()];
  // Each row numbers its distinct tokens 1..U, so n-gram keys stay below 2^53.
  let localIds = new Int32Array(1024);
  let localStamps = new Int32Array(1024);
  let stamp = 0;
  let digits = new Int32Array(1024);

  return (prediction, references) => {
    const sequenceCount = references.length + 1;
    while (spans.length < sequenceCount) spans.push(new TokenSpans());
    if (interner.size > MAX_INTERNED_TOKENS) {
      interner.clear();
      localStamps.fill(0);
    }
    tokenizer.scan(lowercase ? prediction.toLowerCase() : prediction, spans[0]!);
    for (let index = 0; index < references.length; index += 1) {
      const reference = references[index]!;
      tokenizer.scan(lowercase ? reference.toLowerCase() : reference, spans[index + 1]!);
    }

    const sysLen = spans[0]!.count;
    let refLen: number;
    if (references.length === 1) {
      refLen = spans[1]!.count;
    } else {
      const lengths: number[] = [];
      for (let index = 1; index < sequenceCount; index += 1) lengths.push(spans[index]!.count);
      refLen = closestReferenceLength(sysLen, lengths);
    }
    const counts = new Array<number>(maxNgramOrder).fill(0);
    const totals = new Array<number>(maxNgramOrder);
    for (let order = 1; order <= maxNgramOrder; order += 1) totals[order - 1] = Math.max(0, sysLen - order + 1);
    if (sysLen === 0) return { sysLen, refLen, counts, totals };

    let total = 0;
    for (let index = 0; index < sequenceCount; index += 1) total += spans[index]!.count;
    if (digits.length < total) digits = new Int32Array(Math.max(total, digits.length * 2));
    stamp += 1;
    let distinct = 0;
    let write = 0;
    for (let index = 0; index < sequenceCount; index += 1) {
      const { codes, starts, ends, hashes, count } = spans[index]!;
      for (let token = 0; token < count; token += 1) {
        const id = interner.intern(codes, starts[token]!, ends[token]!, hashes[token]!);
        if (id >= localIds.length) {
          const size = Math.max(id + 1, localIds.length * 2);
          const ids = new Int32Array(size);
          ids.set(localIds);
          const stamps = new Int32Array(size);
          stamps.set(localStamps);
          localIds = ids;
          localStamps = stamps;
        }
        if (localStamps[id] !== stamp) {
          localStamps[id] = stamp;
          distinct += 1;
          localIds[id] = distinct;
        }
        digits[write] = localIds[id]!;
        write += 1;
      }
    }

    const base = distinct + 1;
    if (!canUseNumericKeys(base, maxNgramOrder)) {
      addClippedCountsWithStrings(
        spans[0]!.toArray(),
        spans.slice(1, sequenceCount).map((tokens) => tokens.toArray()),
        maxNgramOrder,
        counts,
      );
    } else {
      // The references' n-grams go into `table` (with several references, the largest
      // count of each n-gram in any one of them), then the prediction's are taken out.
      if (references.length === 1) {
        const referenceLength = spans[1]!.count;
        table.reset(referenceLength * maxNgramOrder);
        addNgramKeys(table, digits, sysLen, referenceLength, maxNgramOrder, base);
      } else {
        let capacity = 0;
        for (let index = 1; index < sequenceCount; index += 1) capacity += spans[index]!.count * maxNgramOrder;
        table.reset(capacity);
        let offset = sysLen;
        for (let index = 1; index < sequenceCount; index += 1) {
          const length = spans[index]!.count;
          single.reset(length * maxNgramOrder);
          addNgramKeys(single, digits, offset, length, maxNgramOrder, base);
          const end = offset + length;
          for (let start = offset; start < end; start += 1) {
            const stop = Math.min(end, start + maxNgramOrder);
            let key = 0;
            for (let position = start; position < stop; position += 1) {
              key = key * base + digits[position]!;
              table.raiseTo(key, single.count(key));
            }
          }
          offset = end;
        }
      }
      takeNgramKeys(table, digits, 0, sysLen, maxNgramOrder, base, counts);
    }
    return { sysLen, refLen, counts, totals };
  };
}

const sharedCounters = new Map<string, BleuStatisticsCounter>();
const countersByOptions = new WeakMap<ResolvedBleuOptions, BleuStatisticsCounter>();

/** A counter for `options`, shared between calls (counters are synchronous, so sharing is safe). */
export function sharedBleuStatisticsCounter(options: ResolvedBleuOptions): BleuStatisticsCounter {
  const cached = countersByOptions.get(options);
  if (cached !== undefined) return cached;
  const key = `${options.tokenizer.name}|${options.lowercase}|${options.maxNgramOrder}`;
  let counter = sharedCounters.get(key);
  if (counter === undefined) {
    counter = createBleuStatisticsCounter(options);
    sharedCounters.set(key, counter);
  }
  countersByOptions.set(options, counter);
  return counter;
}

/**
 * BLEU's sufficient statistics of one prediction against its references, exactly
 * as sacrebleu 2.6 computes them (`BLEU._extract_corpus_statistics` for one row).
 * Sum them over rows and pass them to `bleuFromStatistics` for corpus BLEU, or
 * resample them for a paired bootstrap.
 */
export function bleuStatistics(prediction: string, references: readonly string[], options?: BleuOptions): BleuStatistics {
  validateSentenceInputs('BLEU', prediction, references);
  return sharedBleuStatisticsCounter(resolveBleuOptions(options, false))(prediction, references);
}
