/** Prediction/reference pairs for metric benchmarks: English-like sentences from a seeded generator. */
import { createSeededRandom } from '@assay/core';

const WORDS = (
  'the a of to and in is was for on that with as by at from it an be this are which or has have had not but were ' +
  'their its they more one all been new after also two first other his who would when than into will only can there ' +
  'about up out over said people some time year state could government market report company city world system ' +
  'running runs ran fishing fished studies studied generously agreement happily organization connected connecting ' +
  'model models evaluation translation summary question answer context retrieval latency token tokens judge score'
).split(' ');
const PUNCTUATION = [',', '.', ';', ':', '!', '?', '"', "'", '(', ')', '-', '1,234.5', '2017-2018', "don't", 'U.S.'];

function sentence(random: () => number, length: number): string[] {
  const words: string[] = [];
  for (let index = 0; index < length; index += 1) {
    const word = random() < 0.06 ? PUNCTUATION[Math.floor(random() * PUNCTUATION.length)]! : WORDS[Math.floor(random() * WORDS.length)]!;
    words.push(index === 0 ? word[0]!.toUpperCase() + word.slice(1) : word);
  }
  return words;
}

/** `count` pairs: a reference of 10-40 words and a prediction that edits ~30% of it; one in ten rows has a second reference. */
export function generateTextPairs(count: number, seed = 7): { predictions: string[]; references: string[][] } {
  const random = createSeededRandom(seed).next;
  const predictions: string[] = [];
  const references: string[][] = [];
  for (let row = 0; row < count; row += 1) {
    const reference = sentence(random, 10 + Math.floor(random() * 31));
    const prediction = reference
      .filter(() => random() > 0.1)
      .map((word) => (random() < 0.2 ? WORDS[Math.floor(random() * WORDS.length)]! : word));
    if (random() < 0.1) prediction.push(...sentence(random, 3));
    const rowReferences = [`${reference.join(' ')}.`];
    if (random() < 0.1) rowReferences.push(`${sentence(random, 8 + Math.floor(random() * 20)).join(' ')}.`);
    predictions.push(`${prediction.join(' ')}.`);
    references.push(rowReferences);
  }
  return { predictions, references };
}
