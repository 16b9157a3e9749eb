import { GEN_AI_ATTRIBUTES } from '@assay/core';
import type { AssaySpan } from '../../tracing/assay-span.js';
import type { OpenAIApi } from './openai-api.js';
import { isJsonObject } from './openai-types.js';
import { recordUsage } from './record-usage.js';

const EMBEDDINGS_USAGE_KEYS = { input: 'prompt_tokens', output: 'completion_tokens', total: 'total_tokens' };

function vectorLength(embedding: unknown): number | undefined {
  if (Array.isArray(embedding)) return embedding.length;
  if (ArrayBuffer.isView(embedding)) return (embedding as Float32Array).length;
  if (typeof embedding === 'string') return Math.floor((embedding.length * 3) / 4 / 4); // base64 of float32s
  return undefined;
}

// The vectors themselves are not recorded: they are large, and a span is
// for seeing what happened; outputs keep their count and dimensions.
function recordEmbeddings(span: AssaySpan, response: unknown): void {
  if (!isJsonObject(response)) return;
  if (typeof response['model'] === 'string') span.setAttribute(GEN_AI_ATTRIBUTES.responseModel, response['model']);
  const data = Array.isArray(response['data']) ? (response['data'] as unknown[]) : [];
  const vectors = data.map((item, index) => {
    const entry = isJsonObject(item) ? item : {};
    return { index: typeof entry['index'] === 'number' ? entry['index'] : index, dimensions: vectorLength(entry['embedding']) };
  });
  const dimensions = vectors[0]?.dimensions;
  if (dimensions !== undefined) span.setAttribute(GEN_AI_ATTRIBUTES.embeddingsDimensionCount, dimensions);
  recordUsage(span, response['usage'], EMBEDDINGS_USAGE_KEYS);
  span.setJsonOutputs({ object: response['object'], model: response['model'], data: vectors, usage: response['usage'] });
}

/** `embeddings.create`. */
export const embeddingsApi: OpenAIApi = {
  name: 'embeddings',
  operation: 'embeddings',
  spanType: 'EMBEDDING',

  prepareBody(body) {
    return { body, hideUsage: false };
  },

  requestAttributes() {
    return {};
  },

  recordResult(span, response) {
    recordEmbeddings(span, response);
  },

  createStreamRecorder() {
    throw new Error('embeddings do not stream');
  },
};
