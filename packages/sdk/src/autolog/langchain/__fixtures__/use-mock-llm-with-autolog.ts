import { afterAll, beforeAll, expect } from 'vitest';
import { createMockLlmServer, type MockLlmServer } from '../../../testing/mock-llm/create-mock-llm-server.js';
import type { MockLlmOptions } from '../../../testing/mock-llm/mock-llm-options.js';
import { findOpenAIModules } from '../../openai/find-openai-modules.js';
import { instrumentLangChain, uninstrumentLangChain } from '../instrument-langchain.js';
import { instrumentOpenAI, uninstrumentOpenAI } from '../../../index.js';

/** What `useMockLlmWithAutolog` gives a test file. */
export interface MockLlmWithAutolog {
  /** The mock LLM server (started before the file's tests). */
  readonly server: MockLlmServer;
}

/**
 * For a test file: starts a local OpenAI-compatible mock server and turns
 * on both the OpenAI and the LangChain integrations, as `autolog()` does, so
 * that the openai call a chat model makes must still be recorded once.
 */
export function useMockLlmWithAutolog(options: MockLlmOptions = {}): MockLlmWithAutolog {
  let server: MockLlmServer | undefined;
  beforeAll(async () => {
    server = await createMockLlmServer(options);
    for (const { module } of findOpenAIModules()) instrumentOpenAI(module);
    expect(instrumentLangChain()).toBe(true);
  });
  afterAll(async () => {
    uninstrumentLangChain();
    uninstrumentOpenAI();
    await server?.close();
  });
  return {
    get server() {
      if (server === undefined) throw new Error('The mock LLM server starts in beforeAll: use it inside tests.');
      return server;
    },
  };
}
