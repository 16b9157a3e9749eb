import { describe, expect, it } from 'vitest';
import { BLEU_TOKENIZERS, isBleuTokenizerName } from './bleu-tokenizers.js';
import { splitPythonWhitespace } from '../text/python-whitespace.js';

describe('BLEU_TOKENIZERS', () => {
  it('has 13a, intl, char and none', () => {
    expect(Object.keys(BLEU_TOKENIZERS).sort()).toEqual(['13a', 'char', 'intl', 'none']);
    expect(isBleuTokenizerName('13a')).toBe(true);
    expect(isBleuTokenizerName('zh')).toBe(false);
    expect(isBleuTokenizerName('toString')).toBe(false);
  });

  it('none right-strips only and splits on Python whitespace', () => {
    expect(BLEU_TOKENIZERS.none.tokenize('a,b  c. \n')).toBe('a,b  c.');
    expect(BLEU_TOKENIZERS.none.tokens('a,b  c.\x1cd')).toEqual(['a,b', 'c.', 'd']);
  });

  it.each(['a.b,c 3.x &amp; “q” 😀\x1cz \t', 'The multi-\nline, 1,000.', '   ', ''])('tokens(%j) is Python tokenize(line).split() for every tokenizer', (line) => {
    for (const tokenizer of Object.values(BLEU_TOKENIZERS)) {
      expect(tokenizer.tokens(line), tokenizer.name).toEqual(splitPythonWhitespace(tokenizer.tokenize(line)));
    }
  });
});
