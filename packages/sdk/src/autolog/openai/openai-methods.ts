import { chatCompletionsApi } from './chat-completions-api.js';
import { embeddingsApi } from './embeddings-api.js';
import type { OpenAIApi } from './openai-api.js';
import { responsesApi } from './responses-api.js';

/** A traced method of an OpenAI resource, by its path on a client. */
export interface OpenAIMethod {
  /** Property path from the client to the resource, e.g. `['chat', 'completions']`. */
  resource: readonly string[];
  method: string;
  api: OpenAIApi;
}

/**
 * What Assay traces. `parse` calls `create` inside its own span, which
 * makes that inner call a plain one (one span per call, with the parsed answer).
 * `stream()` and `runTools()` call `create` and are traced through it.
 */
export const OPENAI_METHODS: readonly OpenAIMethod[] = [
  { resource: ['chat', 'completions'], method: 'create', api: chatCompletionsApi },
  { resource: ['chat', 'completions'], method: 'parse', api: chatCompletionsApi },
  { resource: ['responses'], method: 'create', api: responsesApi },
  { resource: ['responses'], method: 'parse', api: responsesApi },
  { resource: ['embeddings'], method: 'create', api: embeddingsApi },
];

/** The resource object at `path` on a client, if there is one. */
export function resourceOf(client: unknown, path: readonly string[]): Record<string, unknown> | undefined {
  let current: unknown = client;
  for (const key of path) {
    if ((typeof current !== 'object' && typeof current !== 'function') || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : undefined;
}
