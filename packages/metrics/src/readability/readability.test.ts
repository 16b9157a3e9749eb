import { describe, expect, it } from 'vitest';
import { testRows } from '../__fixtures__/test-rows.js';
import { ariGradeLevelMetric } from './ari-grade-level-metric.js';
import { automatedReadabilityIndex } from './automated-readability-index.js';
import { countSentences } from './count-sentences.js';
import { countSyllables, countWordSyllables } from './count-syllables.js';
import { fleschKincaidGrade } from './flesch-kincaid-grade.js';
import { fleschKincaidGradeLevelMetric } from './flesch-kincaid-grade-level-metric.js';
import { listWords } from './list-words.js';
import { removePunctuation } from './remove-punctuation.js';

describe("textstat's counting", () => {
  it('removes punctuation, keeping contraction apostrophes when asked', () => {
    // As in textstat, an apostrophe before t/s/d/ve/ll/re is kept even when it opens a quote ('song).
    expect(removePunctuation("It's a singer-songwriter's 'song', isn't it? 'Yes'", true)).toBe("It's a singersongwriter's 'song isn't it Yes");
    expect(removePunctuation("It's a singer-songwriter's 'song', isn't it?", false)).toBe('Its a singersongwriters song isnt it');
    expect(removePunctuation('naïve café — 😀 & 42%', false)).toBe('naïve café    42');
  });

  it('counts words with and without punctuation-only tokens', () => {
    expect(listWords('Salt & pepper ... now')).toEqual(['Salt', 'pepper', 'now']);
    expect(listWords('Salt & pepper ... now', { keepPunctuation: true })).toHaveLength(5);
  });

  it('counts sentences, ignoring pieces of two words or fewer', () => {
    expect(countSentences('')).toBe(0);
    expect(countSentences('Hi.')).toBe(1); // at least 1
    expect(countSentences('The cat sat on the mat. The dog ran.')).toBe(2);
    expect(countSentences('Hi. I am here now.')).toBe(1); // "Hi." is ignored
    expect(countSentences('Is it ready yet?! Yes, it is ready... Great news for all.')).toBe(3);
    expect(countSentences('Élan is a word. Über cool things happen.')).toBe(2);
  });

  it('estimates syllables', () => {
    const cases: [string, number][] = [
      ['the', 1],
      ['table', 2],
      ['make', 1],
      ['makes', 1],
      ['jumped', 1],
      ['wanted', 2],
      ['puzzles', 2],
      ['boxes', 2],
      ['beautiful', 3],
      ['piano', 3],
      ['nation', 2],
      ['sunglasses', 3],
      ['500', 1],
    ];
    for (const [word, syllables] of cases) expect([word, countWordSyllables(word)]).toEqual([word, syllables]);
    expect(countSyllables('')).toBe(0);
    expect(countSyllables('Where the dog at?')).toBe(4);
  });
});

describe('automatedReadabilityIndex', () => {
  it('computes textstat ARI by hand-checked counts', () => {
    // 25 non-space characters, 5 tokens, 5 words, 1 sentence: 4.71·25/5 + 0.5·5/1 − 21.43 = 4.62 (textstat's own test value).
    expect(automatedReadabilityIndex('Cool dogs wear da sunglasses.')).toBeCloseTo(4.62, 10);
    // 28 characters, 9 tokens, 9 words, 2 sentences: 4.71·28/9 + 0.5·9/2 − 21.43 = −4.526666…
    expect(automatedReadabilityIndex('The cat sat on the mat. The dog ran.')).toBeCloseTo(4.71 * (28 / 9) + 0.5 * (9 / 2) - 21.43, 10);
    // "Hi." is not a sentence (≤ 2 words): 14 characters, 5 tokens, 5 words, 1 sentence: 13.188 + 2.5 − 21.43 = −5.742.
    expect(automatedReadabilityIndex('Hi. I am here now.')).toBeCloseTo(-5.742, 10);
    // "&" is a token for characters per word (7) but not a word for words per sentence (6): 4.71·25/7 + 0.5·6 − 21.43 = −1.608571…
    expect(automatedReadabilityIndex('Salt & pepper are on the table.')).toBeCloseTo(4.71 * (25 / 7) + 3 - 21.43, 10);
    // Characters are code points: "😀😀" is 2 characters. 4 tokens, 4 words ("😀😀" is removed as punctuation, not a word... see below).
    // Tokens: "Smile", "😀😀", "every", "day." = 4; words without punctuation: Smile, every, day = 3;
    // characters: 5 + 2 + 5 + 4 = 16; sentences 1: 4.71·16/4 + 0.5·3 − 21.43 = −1.09.
    expect(automatedReadabilityIndex('Smile 😀😀 every day.')).toBeCloseTo(4.71 * 4 + 1.5 - 21.43, 10);
  });

  it('is 0 for empty or wordless text', () => {
    expect(automatedReadabilityIndex('')).toBe(0);
    expect(automatedReadabilityIndex('   ')).toBe(0);
    expect(automatedReadabilityIndex('... !!!')).toBe(0);
  });
});

describe('fleschKincaidGrade', () => {
  it('computes 0.39·words/sentences + 11.8·syllables/words − 15.59', () => {
    // 6 words, 1 sentence, 6 syllables: 2.34 + 11.8 − 15.59 = −1.45.
    expect(fleschKincaidGrade('The cat sat on the mat.')).toBeCloseTo(-1.45, 10);
    // 5 words, 1 sentence, 7 syllables (sun-glass-es): 1.95 + 16.52 − 15.59 = 2.88 (textstat's own test value).
    expect(fleschKincaidGrade('Cool dogs wear da sunglasses.')).toBeCloseTo(2.88, 10);
    expect(fleschKincaidGrade('')).toBe(0);
  });

  it('grades harder text higher', () => {
    const easy = 'The dog ran to the park. It was a good day. We had fun in the sun.';
    const hard = 'Comprehensive institutional considerations necessitate deliberate organizational restructuring. Subsequent evaluations demonstrated considerable variability.';
    expect(fleschKincaidGrade(hard)).toBeGreaterThan(fleschKincaidGrade(easy) + 10);
  });
});

describe('readability metrics', () => {
  it('score each output, lower is better', async () => {
    const rows = testRows([{ output: 'Cool dogs wear da sunglasses.' }, { output: undefined }, { output: 'x', error: 'failed' }]);
    const fk = fleschKincaidGradeLevelMetric();
    const ari = ariGradeLevelMetric();
    expect([fk.name, fk.greaterIsBetter, ari.name, ari.greaterIsBetter]).toEqual(['flesch_kincaid_grade_level', false, 'ari_grade_level', false]);
    const fkScores = await fk.scoreRows(rows, { concurrency: 1 });
    const ariScores = await ari.scoreRows(rows, { concurrency: 1 });
    expect(fkScores[0]!.values.flesch_kincaid_grade_level).toBeCloseTo(2.88, 10);
    expect(ariScores[0]!.values.ari_grade_level).toBeCloseTo(4.62, 10);
    expect([fkScores[1]!.values.flesch_kincaid_grade_level, ariScores[2]!.values.ari_grade_level]).toEqual([null, null]);
  });
});
