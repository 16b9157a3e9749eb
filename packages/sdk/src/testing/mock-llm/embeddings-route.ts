import { countWords } from './count-words.js';
import { MockHttpError } from './mock-http-error.js';
import { encodeEmbeddingBase64, mockEmbedding, DEFAULT_EMBEDDING_DIMENSIONS } from './mock-embedding.js';
import { invalidField, requireModel } from './require-field.js';
import type { RouteContext, RouteResult } from './route-result.js';

const MAX_DIMENSIONS = 8192;
const INPUT_MUST_BE = 'a string, an array of strings, an array of token ids, or an array of token id arrays';

function isTokenArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((token) => Number.isInteger(token));
}

/** The texts to embed, and how many tokens each counts. Token arrays are embedded as their ids joined by spaces. */
function readInputs(body: Record<string, unknown>): { text: string; tokens: number }[] {
  const input = body.input;
  if (typeof input === 'string') return [{ text: input, tokens: countWords(input) }];
  if (isTokenArray(input)) return [{ text: input.join(' '), tokens: input.length }];
  if (Array.isArray(input) && input.length > 0) {
    if (input.every((item) => typeof item === 'string')) return input.map((text: string) => ({ text, tokens: countWords(text) }));
    if (input.every(isTokenArray)) return input.map((tokens: number[]) => ({ text: tokens.join(' '), tokens: tokens.length }));
  }
  throw invalidField(body, 'input', INPUT_MUST_BE);
}

/**
 * `POST /v1/embeddings`: deterministic unit vectors (or the script's), as
 * float arrays or, with `encoding_format: 'base64'` (the openai SDK's
 * default), base64 little-endian float32.
 */
export function embeddingsRoute({ body, selector }: RouteContext): RouteResult {
  const model = requireModel(body);
  const inputs = readInputs(body);
  const dimensions = body.dimensions ?? DEFAULT_EMBEDDING_DIMENSIONS;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    throw invalidField(body, 'dimensions', `a whole number from 1 to ${MAX_DIMENSIONS}`);
  }
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    throw new MockHttpError(400, `Invalid value for 'encoding_format': ${JSON.stringify(format)}. It must be 'float' or 'base64'.`, {
      param: 'encoding_format',
      code: 'invalid_value',
    });
  }
  const data = inputs.map(({ text }, index) => {
    const vector = selector.embedding(text) ?? mockEmbedding(text, dimensions);
    return { object: 'embedding', index, embedding: format === 'base64' ? encodeEmbeddingBase64(vector) : vector };
  });
  const promptTokens = inputs.reduce((sum, input) => sum + input.tokens, 0);
  return { kind: 'json', body: { object: 'list', data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } } };
}
