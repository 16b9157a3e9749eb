import { InvalidParameterError } from '@assay/core';
import { EndpointError } from '../http/endpoint-error.js';
import { postJson } from '../http/post-json.js';
import { resolveEndpoint } from '../http/resolve-endpoint.js';

/** Where and how to embed texts: an OpenAI-compatible `/embeddings` endpoint. */
export interface EmbedderOptions {
  /** Default `process.env.OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Default `process.env.OPENAI_API_KEY`; sent as a bearer token when set. */
  apiKey?: string;
  /** The embedding model, e.g. `text-embedding-3-small`. */
  model: string;
  /** The `dimensions` request field (models that support shortening). */
  dimensions?: number;
  /** The fetch implementation; default the global one. */
  fetch?: typeof fetch;
  /** Texts per request, 1-256 (OpenAI's limit is 2048). Default 256. */
  batchSize?: number;
  /** Retries on 429/5xx/timeouts/network errors. Default 3. */
  maxRetries?: number;
  /** Milliseconds one request may take. Default 60 000. */
  timeoutMs?: number;
}

/** Embeds one batch of texts; vectors in input order. */
export interface Embedder {
  /** The endpoint's URL, for messages. */
  readonly url: string;
  /** Texts per request. */
  readonly batchSize: number;
  /** Embeds up to `batchSize` texts in one request. */
  embedBatch(texts: readonly string[], signal?: AbortSignal): Promise<number[][]>;
}

const MAX_BATCH_SIZE = 256;

function readVectors(answer: unknown, count: number, url: string): number[][] {
  const data = (answer as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || data.length !== count) {
    throw new EndpointError(`POST ${url} answered ${Array.isArray(data) ? `${data.length} embeddings` : 'no data array'} for ${count} inputs.`, { url });
  }
  const vectors = new Array<number[]>(count);
  data.forEach((item: unknown, position) => {
    const { index, embedding } = (item ?? {}) as { index?: unknown; embedding?: unknown };
    const at = typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < count ? index : position;
    if (!Array.isArray(embedding) || !embedding.every((component) => typeof component === 'number')) {
      throw new EndpointError(`POST ${url} answered an embedding that is not a list of numbers (request encoding_format 'float').`, { url });
    }
    vectors[at] = embedding as number[];
  });
  if (vectors.some((vector) => vector === undefined)) throw new EndpointError(`POST ${url} answered duplicate embedding indexes.`, { url });
  return vectors;
}

/** Creates an {@link Embedder} on plain `fetch` (no `openai` dependency), asking for float vectors. */
export function createEmbedder(options: EmbedderOptions): Embedder {
  if (typeof options?.model !== 'string' || options.model === '') throw new InvalidParameterError('embeddingSimilarity: model is required, e.g. text-embedding-3-small.');
  const batchSize = options.batchSize ?? MAX_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new InvalidParameterError(`embeddingSimilarity: batchSize must be a whole number from 1 to ${MAX_BATCH_SIZE}, got ${batchSize}.`);
  }
  if (options.dimensions !== undefined && !(Number.isInteger(options.dimensions) && options.dimensions > 0)) {
    throw new InvalidParameterError(`embeddingSimilarity: dimensions must be a positive whole number, got ${options.dimensions}.`);
  }
  const { baseURL, apiKey } = resolveEndpoint(options, 'embeddingSimilarity');
  const url = `${baseURL}/embeddings`;
  return {
    url,
    batchSize,
    async embedBatch(texts, signal) {
      const answer = await postJson({
        url,
        body: {
          model: options.model,
          input: texts,
          encoding_format: 'float',
          ...(options.dimensions === undefined ? {} : { dimensions: options.dimensions }),
        },
        ...(apiKey === undefined ? {} : { apiKey }),
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(signal === undefined ? {} : { signal }),
      });
      return readVectors(answer, texts.length, url);
    },
  };
}
