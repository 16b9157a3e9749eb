import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RougeEncoder } from './rouge-encoder.js';
import { rougeTokenize } from './rouge-tokenize.js';

const pieces = fc.oneof(
  fc.constantFrom('the', 'The', 'RUNNING', 'runs', 'skies', 'a', 'b', ' ', ' ', '\n', '\r\n', '.', 'İ', '\u212A', 'ß', 'é', '日本', '😀', '\u2028', '42'),
  fc.string({ maxLength: 4 }),
);

/** Tokens per `\n`-line, lines without tokens left out: what the encoder's lineEnds describe. */
function tokenLines(text: string, useStemmer: boolean): string[][] {
  return text
    .split('\n')
    .map((line) => rougeTokenize(line, { useStemmer }))
    .filter((tokens) => tokens.length > 0);
}

describe('RougeEncoder', () => {
  it.each([false, true])('encodes exactly the tokens of rougeTokenize (useStemmer %s), grouped by line', (useStemmer) => {
    const encoder = new RougeEncoder(useStemmer);
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), fc.array(pieces, { maxLength: 30 }), (left, right) => {
        encoder.beginRow();
        const texts = [left.join(''), right.join('')];
        const encoded = texts.map((text) => encoder.encode(text));
        const tokens = texts.map((text) => rougeTokenize(text, { useStemmer }));
        // Same number of tokens, and equal ids exactly where the tokens are equal (also across the two texts).
        const allIds = encoded.flatMap((text) => text.ids);
        const allTokens = tokens.flat();
        expect(allIds.length).toBe(allTokens.length);
        for (let i = 0; i < allIds.length; i += 1) {
          for (let j = 0; j < i; j += 1) expect(allIds[i] === allIds[j]).toBe(allTokens[i] === allTokens[j]);
        }
        texts.forEach((text, index) => {
          const lines = tokenLines(text, useStemmer);
          let end = 0;
          expect(encoded[index]!.lineEnds).toEqual(lines.map((line) => (end += line.length)));
        });
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same id to tokens with the same stem', () => {
    const encoder = new RougeEncoder(true);
    encoder.beginRow();
    const [running, run] = [encoder.encode('running'), encoder.encode('run')];
    expect(running.ids).toEqual(run.ids);
    expect(encoder.vocabularySize).toBe(1);
  });
});
