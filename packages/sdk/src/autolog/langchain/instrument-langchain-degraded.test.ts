import { AsyncResource } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useMemoryTracing } from '../../tracing/__fixtures__/memory-tracing.js';
import { AssayCallbackHandler } from './assay-callback-handler.js';
import { promptModelParser } from './__fixtures__/prompt-model-parser.js';
import { instrumentLangChain, uninstrumentLangChain } from './instrument-langchain.js';

// A LangChain release that changed the private methods Assay extends is
// simulated on the real package, in both of its builds: each method stays
// callable for LangChain itself but is no longer a plain method Assay can
// wrap (an accessor), as if it had been removed, moved or redefined.
const PRIVATE_METHODS = [
  { module: '@langchain/core/callbacks/manager', owner: 'CallbackManager', onPrototype: false, name: '_configureSync' },
  { module: '@langchain/core/language_models/chat_models', owner: 'BaseChatModel', onPrototype: true, name: '_generateUncached' },
  { module: '@langchain/core/language_models/chat_models', owner: 'BaseChatModel', onPrototype: true, name: '_streamIterator' },
  { module: '@langchain/core/language_models/llms', owner: 'BaseLLM', onPrototype: true, name: '_generateUncached' },
  { module: '@langchain/core/language_models/llms', owner: 'BaseLLM', onPrototype: true, name: '_streamIterator' },
] as const;

const tracing = useMemoryTracing();
const restores: Array<() => void> = [];
// An async context created before autolog() and not descending from its call (like a server listening before it).
const outsideAutologContext = new AsyncResource('created-before-autolog');
let warn: ReturnType<typeof vi.spyOn>;

async function withoutPatchableMethods(): Promise<void> {
  const require = createRequire(import.meta.url);
  for (const method of PRIVATE_METHODS) {
    for (const loaded of [(await import(method.module)) as Record<string, unknown>, require(method.module) as Record<string, unknown>]) {
      const owner = loaded[method.owner] as { prototype: object };
      const target = (method.onPrototype ? owner.prototype : owner) as Record<string, unknown>;
      const descriptor = Object.getOwnPropertyDescriptor(target, method.name)!;
      Object.defineProperty(target, method.name, { configurable: true, get: () => descriptor.value as unknown });
      restores.push(() => Object.defineProperty(target, method.name, descriptor));
    }
  }
}

describe('LangChain autolog when a LangChain release changed the private methods it extends', () => {
  beforeAll(async () => {
    await withoutPatchableMethods();
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(instrumentLangChain()).toBe(true);
    expect(instrumentLangChain()).toBe(true);
  });
  afterAll(() => {
    uninstrumentLangChain();
    warn.mockRestore();
    for (const restore of restores) restore();
  });

  it('warns once, naming what changed, what is lost and how to get it', () => {
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]?.[0]);
    expect(message).toContain('CallbackManager._configureSync, BaseChatModel._generateUncached, BaseChatModel._streamIterator, BaseLLM._generateUncached');
    expect(message).toContain("through LangChain's public configure hook only");
    expect(message).toContain('new AssayCallbackHandler()');
    expect(message).toContain('autolog({ openai: false })');
  });

  it('still records runs started in the async context autolog ran in, through the public configure hook (invoke and stream)', async () => {
    expect(await promptModelParser(['Oslo.']).invoke({ question: 'Capital of Norway?' })).toBe('Oslo.');
    const chunks: string[] = [];
    for await (const chunk of await promptModelParser(['Oslo.']).stream({ question: 'Capital of Norway?' })) chunks.push(chunk);
    expect(chunks.join('')).toBe('Oslo.');
    const spans = (await tracing.spans()).map((entry) => entry.span);
    expect(spans.map((span) => `${span.spanType} ${span.name}`)).toEqual([
      'CHAIN ChatPromptTemplate',
      'CHAT_MODEL FakeListChatModel',
      'PARSER StrOutputParser',
      'CHAIN RunnableSequence',
      'CHAIN ChatPromptTemplate',
      'CHAT_MODEL FakeListChatModel',
      'PARSER StrOutputParser',
      'CHAIN RunnableSequence',
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('loses runs started in a context that did not descend from autolog(), as the warning says, unless they pass AssayCallbackHandler', async () => {
    await outsideAutologContext.runInAsyncScope(() => promptModelParser(['Oslo.']).invoke({ question: 'q' }));
    expect(await tracing.spans()).toEqual([]);
    await outsideAutologContext.runInAsyncScope(() => promptModelParser(['Oslo.']).invoke({ question: 'q' }, { callbacks: [new AssayCallbackHandler()] }));
    expect((await tracing.spans()).map((entry) => entry.span.name)).toEqual(['ChatPromptTemplate', 'FakeListChatModel', 'StrOutputParser', 'RunnableSequence']);
  });

  it('records nothing once uninstrumented, and again after instrumenting, without warning again', async () => {
    uninstrumentLangChain();
    await promptModelParser(['Oslo.']).invoke({ question: 'q' });
    expect(await tracing.spans()).toEqual([]);
    instrumentLangChain();
    await promptModelParser(['Oslo.']).invoke({ question: 'q' });
    expect((await tracing.spans()).length).toBe(4);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
