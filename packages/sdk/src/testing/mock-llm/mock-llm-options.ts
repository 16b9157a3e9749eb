/** A tool call the mock answers with. */
export interface MockToolCall {
  /** The function name, e.g. `get_weather`. */
  name: string;
  /**
   * The call's arguments: an object (serialised to JSON) or a JSON string sent as is.
   * Absent: arguments generated from the tool's JSON schema in the request (see the README).
   */
  arguments?: Record<string, unknown> | string;
}

/** An answer: plain text, or text and/or tool calls. */
export type MockReply =
  | string
  | {
      /** The assistant's text; absent or empty when it only calls tools. */
      content?: string;
      /** Tool calls, answered with finish reason `tool_calls` (chat) or `function_call` items (responses). */
      toolCalls?: MockToolCall[];
    };

/**
 * One entry of a script (`MockLlmOptions.script`, or a line of a JSONL file
 * read by `loadMockScript`). Entries with `match` are a lookup table and are
 * reused; entries without `match` answer any request once, in order.
 */
export interface MockScriptEntry {
  /** A substring of the last user message (of an embedding input, for `embedding`); absent matches anything, once. */
  match?: string;
  /** The answer of a chat completion or responses request. */
  response?: MockReply;
  /** The vector of an embeddings request, returned as given. */
  embedding?: number[];
}

/** When a rule applies; every given condition must hold (an empty `when` matches every request). */
export interface MockRuleCondition {
  /** The last user message contains this text. */
  contains?: string;
  /** The last user message matches this regular expression (JavaScript syntax, no flags). */
  regex?: string;
  /** The request offers a tool (function) with this name. */
  tool?: string;
  /** A tool result follows the last user message (true), or none does (false). */
  hasToolResult?: boolean;
}

/** An answer rule: the first rule whose condition holds answers the request. */
export interface MockAnswerRule {
  /** The condition. */
  when: MockRuleCondition;
  /** The answer; `{{input}}` is replaced by the last user message (JSON-escaped inside tool call arguments). */
  reply: MockReply;
}

/** How a failure shows. */
export type MockFailureKind = 'status' | 'hang' | 'reset';

/** A failure the server injects into matching requests, in order, before answering them. */
export interface MockFailure {
  /** The request path it applies to, e.g. `/v1/chat/completions`; default every `/v1` path (never `/health`). */
  path?: string;
  /** The HTTP status answered with an OpenAI error body (kind `status`): 429, 500, 503 ... Default 500. */
  status?: number;
  /** How many requests fail; default every matching request. */
  times?: number;
  /** `status` answers an error, `hang` never answers (the client's timeout fires), `reset` destroys the connection. Default `status`. */
  kind?: MockFailureKind;
  /** The `retry-after` header of a 429 or 5xx answer, in seconds; 0 (the default) lets clients retry at once. */
  retryAfterSeconds?: number;
}

/** How a mock LLM server answers. Every field is optional. */
export interface MockLlmOptions {
  /** The address to bind; default `127.0.0.1` (never exposed beyond this machine unless asked). */
  host?: string;
  /** The port; default 0, an ephemeral port (see `server.url`). */
  port?: number;
  /**
   * `echo` (the default) answers `Echo: <last user message>`; rules answer by the first match, then echo.
   * Either way a request that requires a tool gets a call (arguments from the tool's schema) and a
   * request for JSON gets JSON (an instance of its schema, or the prompt's JSON template filled in).
   */
  answers?: 'echo' | MockAnswerRule[];
  /** Scripted answers, tried before the rules. */
  script?: MockScriptEntry[];
  /** Milliseconds to wait before the response headers of every request. Default 0. */
  latencyMs?: number;
  /** Milliseconds between the chunks (events) of a streamed answer. Default 0. */
  chunkDelayMs?: number;
  /** Failures to inject, applied in order. */
  failures?: MockFailure[];
  /** The model listed by `GET /v1/models`. Default `mock-gpt`. (Answers name the model of their request.) */
  model?: string;
}
