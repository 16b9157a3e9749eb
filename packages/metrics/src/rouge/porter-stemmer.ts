// A port of `nltk.stem.porter.PorterStemmer()` (NLTK 3.8) in its default
// NLTK_EXTENSIONS mode: the published algorithm plus Martin Porter's later
// changes plus NLTK's own (irregular forms pool, -ies/-ied on 4-letter words,
// the stricter y -> i rule, alli before bli, fulli, logi keeping its l, the cvc
// test on 2-letter stems, words of 1-2 characters left alone).
// rouge-score's stemmed scores depend on every one of those details.

/** NLTK's irregular forms: the word maps to this stem and the rules are skipped. */
const IRREGULAR_FORMS: ReadonlyMap<string, string> = new Map([
  ['sky', 'sky'],
  ['skies', 'sky'],
  ['dying', 'die'],
  ['lying', 'lie'],
  ['tying', 'tie'],
  ['news', 'news'],
  ['innings', 'inning'],
  ['inning', 'inning'],
  ['outings', 'outing'],
  ['outing', 'outing'],
  ['cannings', 'canning'],
  ['canning', 'canning'],
  ['howe', 'howe'],
  ['proceed', 'proceed'],
  ['exceed', 'exceed'],
  ['succeed', 'succeed'],
]);

const CHAR_A = 97;
const CHAR_E = 101;
const CHAR_I = 105;
const CHAR_O = 111;
const CHAR_U = 117;
const CHAR_Y = 121;

function isVowelCode(code: number): boolean {
  return code === CHAR_A || code === CHAR_E || code === CHAR_I || code === CHAR_O || code === CHAR_U;
}

/**
 * Porter's consonant test. A `y` is a consonant at the start of the word and
 * otherwise the opposite of the letter before it; NLTK recurses, this walks
 * back over the run of `y`s instead (same answer, no stack depth limit).
 */
function isConsonant(word: string, index: number): boolean {
  const code = word.charCodeAt(index);
  if (isVowelCode(code)) return false;
  if (code !== CHAR_Y) return true;
  let start = index;
  while (start > 0 && word.charCodeAt(start - 1) === CHAR_Y) start -= 1;
  // The first y of the run: a consonant at the start or after a vowel.
  const firstIsConsonant = start === 0 ? true : isVowelCode(word.charCodeAt(start - 1));
  return (index - start) % 2 === 0 ? firstIsConsonant : !firstIsConsonant;
}

/** m: the number of vowel-to-consonant transitions (`[C](VC){m}[V]`). */
function measure(stem: string): number {
  let count = 0;
  let previousIsConsonant = true;
  let previousIsVowel = false;
  for (let index = 0; index < stem.length; index += 1) {
    const code = stem.charCodeAt(index);
    let consonant: boolean;
    if (isVowelCode(code)) consonant = false;
    else if (code === CHAR_Y) consonant = index === 0 ? true : !previousIsConsonant;
    else consonant = true;
    if (consonant && previousIsVowel) count += 1;
    previousIsConsonant = consonant;
    previousIsVowel = !consonant;
  }
  return count;
}

function hasPositiveMeasure(stem: string): boolean {
  return measure(stem) > 0;
}

function measureGreaterThanOne(stem: string): boolean {
  return measure(stem) > 1;
}

function containsVowel(stem: string): boolean {
  for (let index = 0; index < stem.length; index += 1) {
    if (!isConsonant(stem, index)) return true;
  }
  return false;
}

/** *d: ends with a double consonant. */
function endsDoubleConsonant(word: string): boolean {
  const length = word.length;
  return length >= 2 && word.charCodeAt(length - 1) === word.charCodeAt(length - 2) && isConsonant(word, length - 1);
}

/** *o: ends consonant-vowel-consonant (last not w, x, y); NLTK also accepts a 2-letter vowel-consonant word. */
function endsCvc(word: string): boolean {
  const length = word.length;
  if (length >= 3) {
    const last = word[length - 1];
    if (
      isConsonant(word, length - 3) &&
      !isConsonant(word, length - 2) &&
      isConsonant(word, length - 1) &&
      last !== 'w' &&
      last !== 'x' &&
      last !== 'y'
    ) {
      return true;
    }
  }
  return length === 2 && !isConsonant(word, 0) && isConsonant(word, 1);
}

/** `[suffix, replacement, condition on the stem]`; suffix `*d` means "ends with a double consonant". */
type Rule = readonly [suffix: string, replacement: string, condition: ((stem: string) => boolean) | null];

/**
 * Applies the first rule whose suffix matches; when its condition fails the
 * word is returned unchanged and later rules are not tried (NLTK's semantics).
 */
function applyRuleList(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (suffix === '*d' && endsDoubleConsonant(word)) {
      const stem = word.slice(0, -2);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
    if (word.endsWith(suffix)) {
      const stem = suffix.length === 0 ? word : word.slice(0, -suffix.length);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

const STEP1A_RULES: readonly Rule[] = [
  ['sses', 'ss', null],
  ['ies', 'i', null],
  ['ss', 'ss', null],
  ['s', '', null],
];

function step1a(word: string): string {
  if (word.length === 4 && word.endsWith('ies')) return `${word.slice(0, -3)}ie`;
  return applyRuleList(word, STEP1A_RULES);
}

function step1b(word: string): string {
  if (word.endsWith('ied')) return word.length === 4 ? `${word.slice(0, -3)}ie` : `${word.slice(0, -3)}i`;
  if (word.endsWith('eed')) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? `${stem}ee` : word;
  }
  let intermediate: string | undefined;
  if (word.endsWith('ed')) {
    const stem = word.slice(0, -2);
    if (containsVowel(stem)) intermediate = stem;
  }
  if (intermediate === undefined && word.endsWith('ing')) {
    const stem = word.slice(0, -3);
    if (containsVowel(stem)) intermediate = stem;
  }
  if (intermediate === undefined) return word;
  const last = intermediate[intermediate.length - 1] ?? '';
  return applyRuleList(intermediate, [
    ['at', 'ate', null],
    ['bl', 'ble', null],
    ['iz', 'ize', null],
    ['*d', last, () => last !== 'l' && last !== 's' && last !== 'z'],
    ['', 'e', (stem) => measure(stem) === 1 && endsCvc(stem)],
  ]);
}

function step1c(word: string): string {
  return applyRuleList(word, [['y', 'i', (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)]]);
}

const STEP2_RULES: readonly Rule[] = [
  ['ational', 'ate', hasPositiveMeasure],
  ['tional', 'tion', hasPositiveMeasure],
  ['enci', 'ence', hasPositiveMeasure],
  ['anci', 'ance', hasPositiveMeasure],
  ['izer', 'ize', hasPositiveMeasure],
  ['bli', 'ble', hasPositiveMeasure],
  ['alli', 'al', hasPositiveMeasure],
  ['entli', 'ent', hasPositiveMeasure],
  ['eli', 'e', hasPositiveMeasure],
  ['ousli', 'ous', hasPositiveMeasure],
  ['ization', 'ize', hasPositiveMeasure],
  ['ation', 'ate', hasPositiveMeasure],
  ['ator', 'ate', hasPositiveMeasure],
  ['alism', 'al', hasPositiveMeasure],
  ['iveness', 'ive', hasPositiveMeasure],
  ['fulness', 'ful', hasPositiveMeasure],
  ['ousness', 'ous', hasPositiveMeasure],
  ['aliti', 'al', hasPositiveMeasure],
  ['iviti', 'ive', hasPositiveMeasure],
  ['biliti', 'ble', hasPositiveMeasure],
  ['fulli', 'ful', hasPositiveMeasure],
  // The l of -logi stays with the stem for the measure, so geo-/theo- work like philo-.
  ['logi', 'log', (stem) => hasPositiveMeasure(`${stem}l`)],
];

function step2(word: string): string {
  // NLTK applies alli -> al first and, when it fires, runs step 2 again.
  if (word.endsWith('alli') && hasPositiveMeasure(word.slice(0, -4))) return step2(`${word.slice(0, -4)}al`);
  return applyRuleList(word, STEP2_RULES);
}

const STEP3_RULES: readonly Rule[] = [
  ['icate', 'ic', hasPositiveMeasure],
  ['ative', '', hasPositiveMeasure],
  ['alize', 'al', hasPositiveMeasure],
  ['iciti', 'ic', hasPositiveMeasure],
  ['ical', 'ic', hasPositiveMeasure],
  ['ful', '', hasPositiveMeasure],
  ['ness', '', hasPositiveMeasure],
];

const STEP4_RULES: readonly Rule[] = [
  ['al', '', measureGreaterThanOne],
  ['ance', '', measureGreaterThanOne],
  ['ence', '', measureGreaterThanOne],
  ['er', '', measureGreaterThanOne],
  ['ic', '', measureGreaterThanOne],
  ['able', '', measureGreaterThanOne],
  ['ible', '', measureGreaterThanOne],
  ['ant', '', measureGreaterThanOne],
  ['ement', '', measureGreaterThanOne],
  ['ment', '', measureGreaterThanOne],
  ['ent', '', measureGreaterThanOne],
  ['ion', '', (stem) => measure(stem) > 1 && (stem.endsWith('s') || stem.endsWith('t'))],
  ['ou', '', measureGreaterThanOne],
  ['ism', '', measureGreaterThanOne],
  ['ate', '', measureGreaterThanOne],
  ['iti', '', measureGreaterThanOne],
  ['ous', '', measureGreaterThanOne],
  ['ive', '', measureGreaterThanOne],
  ['ize', '', measureGreaterThanOne],
];

function step5a(word: string): string {
  // Both conditions are tried here (unlike the rule lists), as NLTK does.
  if (!word.endsWith('e')) return word;
  const stem = word.slice(0, -1);
  const m = measure(stem);
  if (m > 1) return stem;
  if (m === 1 && !endsCvc(stem)) return stem;
  return word;
}

function step5b(word: string): string {
  return applyRuleList(word, [['ll', 'l', () => measure(word.slice(0, -1)) > 1]]);
}

function codePointLength(word: string): number {
  let length = 0;
  for (let index = 0; index < word.length; index += 1) {
    const code = word.charCodeAt(index);
    if (code < 0xd800 || code > 0xdbff || index + 1 >= word.length) length += 1;
    else {
      const next = word.charCodeAt(index + 1);
      length += 1;
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
    }
  }
  return length;
}

const SURROGATE = /[\ud800-\udfff]/;

/**
 * Python indexes strings by code point, JavaScript by UTF-16 unit. The rules
 * only ever test ASCII letters, so each astral character is swapped for one
 * BMP private-use character not present in the word, stemmed, and swapped back.
 */
function stemWithAstralCharacters(word: string, stemLowercase: (lower: string) => string): string {
  const forward = new Map<string, string>();
  const backward = new Map<string, string>();
  let next = 0xe000;
  let encoded = '';
  for (const character of word) {
    if (character.length === 1) {
      encoded += character;
      continue;
    }
    let stand = forward.get(character);
    if (stand === undefined) {
      while (word.includes(String.fromCharCode(next))) next += 1;
      stand = String.fromCharCode(next);
      next += 1;
      forward.set(character, stand);
      backward.set(stand, character);
    }
    encoded += stand;
  }
  const stemmed = stemLowercase(encoded);
  let decoded = '';
  for (const character of stemmed) decoded += backward.get(character) ?? character;
  return decoded;
}

function stemLowercaseWord(lower: string): string {
  let stem = step1a(lower);
  stem = step1b(stem);
  stem = step1c(stem);
  stem = step2(stem);
  stem = applyRuleList(stem, STEP3_RULES);
  stem = applyRuleList(stem, STEP4_RULES);
  stem = step5a(stem);
  return step5b(stem);
}

function stemUncached(word: string): string {
  const lower = word.toLowerCase();
  // NLTK looks the *original* word up in the pool and length-checks it too.
  const irregular = IRREGULAR_FORMS.get(word);
  if (irregular !== undefined) return irregular;
  if (codePointLength(word) <= 2) return lower;
  return SURROGATE.test(lower) ? stemWithAstralCharacters(lower, stemLowercaseWord) : stemLowercaseWord(lower);
}

const CACHE_LIMIT = 200_000;
const cache = new Map<string, string>();

/**
 * The Porter stem of `word`, identical to NLTK 3.8's
 * `PorterStemmer().stem(word)` (default NLTK_EXTENSIONS mode, lowercasing on):
 * `porterStem('generously') === 'gener'`, `porterStem('dying') === 'die'`.
 * Results are cached (bounded), so repeated words cost one Map lookup.
 */
export function porterStem(word: string): string {
  let stem = cache.get(word);
  if (stem === undefined) {
    stem = stemUncached(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, stem);
  }
  return stem;
}
