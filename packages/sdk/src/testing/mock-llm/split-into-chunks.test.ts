import { describe, expect, it } from 'vitest';
import { countWords } from './count-words.js';
import { mockEmbedding } from './mock-embedding.js';
import { splitEvenly, splitIntoChunks } from './split-into-chunks.js';

describe('splitIntoChunks', () => {
  it.each(['Echo: hello  world', ' leading and trailing \n', '', 'one', 'a\tb\nc'])('concatenates back to %j', (text) => {
    expect(splitIntoChunks(text).join('')).toBe(text);
  });

  it('splits on word boundaries, keeping the whitespace after a word', () => {
    expect(splitIntoChunks('Echo: hello  world')).toEqual(['Echo: ', 'hello  ', 'world']);
  });

  it('splits arguments evenly', () => {
    expect(splitEvenly('{"city":"Paris"}', 3).join('')).toBe('{"city":"Paris"}');
    expect(splitEvenly('{}', 3)).toEqual(['{', '}']);
  });
});

describe('countWords', () => {
  it('counts whitespace-separated words, at least 1', () => {
    expect(countWords('  a b\n c ')).toBe(3);
    expect(countWords('')).toBe(1);
  });
});

describe('mockEmbedding', () => {
  it('is deterministic and of the asked dimension', () => {
    expect(mockEmbedding('x', 40)).toHaveLength(40);
    expect(mockEmbedding('x')).toEqual(mockEmbedding('x'));
    expect(mockEmbedding('x')).not.toEqual(mockEmbedding('y'));
  });
});
