import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { createMockLlmServer } from '../testing/index.js';
import { autolog, getLastTraceId, getTrace, loadPrompt, promptTraceFilter, registerPrompt, searchTraces, withSpan } from '../index.js';

useTempTrackingUri();

describe('prompt versions on traces', () => {
  afterEach(() => {
    autolog({ disable: true });
  });

  it('a traced OpenAI call built from loadPrompt(...).format() is found by a trace search on that version', async () => {
    await registerPrompt({ name: 'support', template: [{ role: 'system', content: 'Help with {{product}}.' }, { role: 'user', content: '{{question}}' }] });
    await registerPrompt({ name: 'support', template: [{ role: 'system', content: 'Help with {{product}}, briefly.' }, { role: 'user', content: '{{question}}' }] });
    await registerPrompt({ name: 'summary', template: 'Summarize: {{text}}' });
    autolog({ langchain: false });
    const server = await createMockLlmServer();
    try {
      const client = new OpenAI({ apiKey: 'mock', baseURL: server.baseURL, maxRetries: 0 });
      const support = await loadPrompt('prompts:/support/2');
      // Chat messages passed on as format returned them.
      await client.chat.completions.create({ model: 'mock-gpt', messages: support.format({ product: 'Acme', question: 'Refund?' }) as OpenAI.ChatCompletionMessageParam[] });
      const chatTrace = getLastTraceId()!;
      // A text prompt's output as a message's content.
      const summary = await loadPrompt('prompts:/summary');
      await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: summary.format({ text: 'long text' }) as string }] });
      const textTrace = getLastTraceId()!;
      // A call that uses no prompt.
      await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'plain question' }] });
      const plainTrace = getLastTraceId()!;
      // format inside a trace links it even when the call is built otherwise.
      const old = await loadPrompt('prompts:/support/1');
      await withSpan({ name: 'answer', spanType: 'CHAIN' }, async () => {
        const messages = (old.format({ product: 'Acme', question: 'Hi' }) as { role: 'system' | 'user'; content: string }[]).map((message) => ({ ...message }));
        await client.chat.completions.create({ model: 'mock-gpt', messages });
      });
      const spanTrace = getLastTraceId()!;

      expect((await searchTraces({ filter: promptTraceFilter('support', 2) })).traces.map((info) => info.traceId)).toEqual([chatTrace]);
      expect((await searchTraces({ filter: promptTraceFilter('support', 1) })).traces.map((info) => info.traceId)).toEqual([spanTrace]);
      expect((await searchTraces({ filter: promptTraceFilter('summary', 1) })).traces.map((info) => info.traceId)).toEqual([textTrace]);
      expect(new Set((await searchTraces({ filter: promptTraceFilter('support') })).traces.map((info) => info.traceId))).toEqual(new Set([chatTrace, spanTrace]));
      const tags = (await getTrace(chatTrace)).info.tags;
      expect(JSON.parse(tags['mlflow.linkedPrompts']!)).toEqual([{ name: 'support', version: '2' }]);
      expect(tags['assay.prompt.support']).toBe('2');
      expect((await getTrace(plainTrace)).info.tags['mlflow.linkedPrompts']).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
