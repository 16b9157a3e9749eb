/**
 * A realistic chat completion for the tracing benches: a request with a
 * system prompt and a question, and the answer the API
 * would give (a span of ≈ 1.5 KB of attributes: messages in and out, usage, model),
 * served in process by a stub `fetch` that yields one event-loop turn like a
 * real response would.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** The request body of every benchmark call. */
export const CHAT_REQUEST = {
  model: 'gpt-4o-mini',
  messages: [
    {
      role: 'system' as const,
      content: 'You are a concise assistant for a travel agency. Answer in at most four sentences and mention opening hours.',
    },
    { role: 'user' as const, content: 'We are in Paris with two children aged 8 and 11. Which museums should we see on a rainy Sunday?' },
  ],
  temperature: 0.3,
  max_tokens: 300,
};

/** The API's answer to CHAT_REQUEST. */
export const CHAT_COMPLETION = {
  id: 'chatcmpl-BqRZ3kx6C1n2yTfQeW8sLm0a9uVvJ',
  object: 'chat.completion',
  created: 1751875200,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content:
          "Start at the Musée d'Orsay (opens 9:30, free for under-18s), then the Grande Galerie de l'Évolution " +
          '(10:00–18:00), whose parade of animals wins over an 8-year-old. Finish at the Cité des Sciences, open until 19:00 on Sundays.',
        refusal: null,
        annotations: [],
      },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 52, completion_tokens: 61, total_tokens: 113 },
  service_tier: 'default',
  system_fingerprint: 'fp_34a54ae93c',
};

const BODY = JSON.stringify(CHAT_COMPLETION);
const HEADERS = { 'content-type': 'application/json', 'x-request-id': 'req_bench' };

/**
 * A `fetch` for openai clients that answers every request with CHAT_COMPLETION
 * after one event-loop turn (a network answer never arrives in the same turn).
 */
export function createStubChatFetch(): typeof fetch {
  return async () => {
    await nextTurn();
    return new Response(BODY, { status: 200, headers: HEADERS });
  };
}

/** Client options for the stub (no retries, no network). */
export function stubClientOptions(): { apiKey: string; baseURL: string; fetch: typeof fetch; maxRetries: number } {
  return { apiKey: 'bench', baseURL: 'http://stub.invalid/v1', fetch: createStubChatFetch(), maxRetries: 0 };
}
