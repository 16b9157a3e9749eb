import { describe, expect, it } from 'vitest';
import { porterStem } from './porter-stemmer.js';

// Expected values are NLTK 3.8's `PorterStemmer().stem(word)` (Debian python3-nltk 3.8-1).
describe('porterStem', () => {
  it('uses the irregular forms pool', () => {
    expect(porterStem('dying')).toBe('die');
    expect(porterStem('lying')).toBe('lie');
    expect(porterStem('tying')).toBe('tie');
    expect(porterStem('skies')).toBe('sky');
    expect(porterStem('sky')).toBe('sky');
    expect(porterStem('news')).toBe('news');
    expect(porterStem('innings')).toBe('inning');
    expect(porterStem('cannings')).toBe('canning');
    expect(porterStem('howe')).toBe('howe');
    expect(porterStem('succeed')).toBe('succeed');
    expect(porterStem('proceed')).toBe('proceed');
  });

  it('looks the original (not lowercased) word up in the pool, like NLTK', () => {
    expect(porterStem('SKIES')).toBe('ski');
    expect(porterStem('DYING')).toBe('dy');
  });

  it('leaves words of one or two characters alone (lowercased)', () => {
    expect(porterStem('as')).toBe('as');
    expect(porterStem('is')).toBe('is');
    expect(porterStem('Ab')).toBe('ab');
    expect(porterStem('a')).toBe('a');
  });

  it('applies the NLTK departures from the published algorithm', () => {
    expect(porterStem('generously')).toBe('gener');
    expect(porterStem('happily')).toBe('happili');
    expect(porterStem('happy')).toBe('happi');
    expect(porterStem('enjoy')).toBe('enjoy');
    expect(porterStem('flies')).toBe('fli');
    expect(porterStem('dies')).toBe('die');
    expect(porterStem('ties')).toBe('tie');
    expect(porterStem('spied')).toBe('spi');
    expect(porterStem('died')).toBe('die');
    expect(porterStem('radicalli')).toBe('radic');
    expect(porterStem('geology')).toBe('geolog');
    expect(porterStem('theology')).toBe('theolog');
    expect(porterStem('archaeology')).toBe('archaeolog');
    expect(porterStem('yyyying')).toBe('yyyi');
  });

  it('follows the paper examples of every step', () => {
    const cases: Record<string, string> = {
      caresses: 'caress',
      ponies: 'poni',
      agreed: 'agre',
      feed: 'feed',
      troubled: 'troubl',
      sized: 'size',
      hopped: 'hop',
      tanned: 'tan',
      fizzed: 'fizz',
      failing: 'fail',
      filed: 'file',
      relational: 'relat',
      conditional: 'condit',
      rational: 'ration',
      digitizer: 'digit',
      conformabli: 'conform',
      vietnamization: 'vietnam',
      operator: 'oper',
      decisiveness: 'decis',
      hopefulness: 'hope',
      sensibiliti: 'sensibl',
      triplicate: 'triplic',
      formative: 'form',
      electrical: 'electr',
      goodness: 'good',
      allowance: 'allow',
      airliner: 'airlin',
      adjustable: 'adjust',
      replacement: 'replac',
      adoption: 'adopt',
      communism: 'commun',
      effective: 'effect',
      bowdlerize: 'bowdler',
      probate: 'probat',
      rate: 'rate',
      cease: 'ceas',
      controlling: 'control',
      running: 'run',
      studies: 'studi',
      organization: 'organ',
    };
    for (const [word, stem] of Object.entries(cases)) expect([word, porterStem(word)]).toEqual([word, stem]);
  });

  it('lowercases, and indexes by code point like Python', () => {
    expect(porterStem('Running')).toBe('run');
    expect(porterStem('ÉTUDES')).toBe('étude');
    expect(porterStem('naïve')).toBe('naïv');
    expect(porterStem('\u{1d49c}bbies')).toBe('\u{1d49c}bbi');
    expect(porterStem('ab\u{1d49c}\u{1d49c}')).toBe('ab\u{1d49c}\u{1d49c}');
  });

  it('returns the cached stem on repeated calls', () => {
    expect(porterStem('connected')).toBe('connect');
    expect(porterStem('connected')).toBe('connect');
  });
});
