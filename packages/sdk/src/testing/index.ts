// `@assay/sdk/test`: helpers for tests of code that uses the SDK. Not part of the main API.
export { resetForTests } from './reset-for-tests.js';

// An OpenAI-compatible mock LLM server for offline tests and demos.
export { createMockLlmServer, MOCK_FAIL_HEADER } from './mock-llm/create-mock-llm-server.js';
export type { MockLlmServer, RecordedMockRequest } from './mock-llm/create-mock-llm-server.js';
export type {
  MockLlmOptions,
  MockAnswerRule,
  MockRuleCondition,
  MockScriptEntry,
  MockReply,
  MockToolCall,
  MockFailure,
  MockFailureKind,
} from './mock-llm/mock-llm-options.js';
export { loadMockScript, parseMockScript } from './mock-llm/load-mock-script.js';
export { loadMockRules } from './mock-llm/load-mock-rules.js';
export { mockEmbedding } from './mock-llm/mock-embedding.js';
