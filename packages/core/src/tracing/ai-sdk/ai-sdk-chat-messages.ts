// The AI SDK's prompt messages (`{ role, content: string | parts }`, parts
// typed `text`, `tool-call`, `tool-result`, `image`, `file`, `reasoning`) as
// the OpenAI chat messages Assay's OpenAI autolog records, so that previews
// and readers treat both alike. Parts with no OpenAI counterpart are kept.

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A tool call's arguments as OpenAI sends them: JSON text. */
function argumentsText(input: unknown): string {
  return typeof input === 'string' ? input : (JSON.stringify(input) ?? '');
}

/** An OpenAI tool call (`{ id, type: 'function', function: { name, arguments } }`) of an AI SDK one (`{ toolCallId, toolName, input }`). */
export function toOpenAiToolCall(call: unknown): unknown {
  if (!isRecord(call)) return call;
  return { id: call['toolCallId'], type: 'function', function: { name: call['toolName'], arguments: argumentsText(call['input']) } };
}

/** A tool result's output as the text of an OpenAI tool message: text as it is, anything else as JSON. */
function toolOutputText(output: unknown): string {
  if (isRecord(output) && 'value' in output && (output['type'] === 'text' || output['type'] === 'error-text') && typeof output['value'] === 'string') return output['value'];
  if (isRecord(output) && 'value' in output && (output['type'] === 'json' || output['type'] === 'error-json')) return JSON.stringify(output['value']) ?? '';
  return typeof output === 'string' ? output : (JSON.stringify(output) ?? '');
}

/** Content parts other than tool calls and results: text alone joins into a string, other parts stay (text ones in OpenAI's form). */
function toContent(parts: readonly unknown[]): unknown {
  if (parts.every((part) => isRecord(part) && part['type'] === 'text' && typeof part['text'] === 'string')) {
    return parts.length === 0 ? null : parts.map((part) => (part as JsonRecord)['text']).join('');
  }
  return parts.map((part) => (isRecord(part) && part['type'] === 'text' ? { type: 'text', text: part['text'] } : part));
}

/** One AI SDK message as OpenAI chat messages (a tool message holds one result each). */
function toOpenAiMessages(message: unknown): unknown[] {
  if (!isRecord(message) || !Array.isArray(message['content'])) return [message];
  const role = message['role'];
  const parts = message['content'] as unknown[];
  if (role === 'tool') {
    return parts.map((part) =>
      isRecord(part) && part['type'] === 'tool-result'
        ? { role: 'tool', tool_call_id: part['toolCallId'], content: toolOutputText(part['output']) }
        : { role: 'tool', content: [part] },
    );
  }
  const toolCalls = parts.filter((part) => isRecord(part) && part['type'] === 'tool-call');
  const converted: JsonRecord = { role, content: toContent(toolCalls.length === 0 ? parts : parts.filter((part) => !toolCalls.includes(part))) };
  if (toolCalls.length > 0) converted['tool_calls'] = toolCalls.map(toOpenAiToolCall);
  return [converted];
}

/** AI SDK prompt messages (`ai.prompt.messages`, `ai.prompt`'s `messages`) as OpenAI chat messages; a value that is no list is returned as it is. */
export function toOpenAiChatMessages(messages: unknown): unknown {
  return Array.isArray(messages) ? messages.flatMap(toOpenAiMessages) : messages;
}

/**
 * A top-level call's `ai.prompt` (`{ system?, prompt?, messages? }`) as OpenAI
 * chat messages: the system text first, a prompt text as a user message, prompt
 * or message lists converted. Undefined when it holds none of these.
 */
export function promptToOpenAiChatMessages(prompt: unknown): unknown[] | undefined {
  if (!isRecord(prompt)) return undefined;
  const messages: unknown[] = [];
  const { system, prompt: text, messages: list } = prompt;
  if (typeof system === 'string') messages.push({ role: 'system', content: system });
  else if (system !== undefined && system !== null) messages.push(...(toOpenAiChatMessages(Array.isArray(system) ? system : [system]) as unknown[]));
  if (typeof text === 'string') messages.push({ role: 'user', content: text });
  else if (Array.isArray(text)) messages.push(...(toOpenAiChatMessages(text) as unknown[]));
  if (Array.isArray(list)) messages.push(...(toOpenAiChatMessages(list) as unknown[]));
  return messages.length === 0 ? undefined : messages;
}

// The AI SDK's finish reasons spelled as OpenAI's (`tool-calls` is `tool_calls`); others are the same or have no counterpart.
const OPENAI_FINISH_REASONS: Readonly<Record<string, string>> = { 'tool-calls': 'tool_calls', 'content-filter': 'content_filter' };

/** An AI SDK finish reason as OpenAI spells it. */
export function toOpenAiFinishReason(reason: unknown): unknown {
  return typeof reason === 'string' ? (OPENAI_FINISH_REASONS[reason] ?? reason) : reason;
}

/** An AI SDK function tool (`{ type: 'function', name, description, inputSchema }`) as OpenAI's; provider tools stay as they are. */
export function toOpenAiTool(tool: unknown): unknown {
  if (!isRecord(tool) || tool['type'] !== 'function') return tool;
  const definition: JsonRecord = { name: tool['name'] };
  if (tool['description'] !== undefined) definition['description'] = tool['description'];
  if (tool['inputSchema'] !== undefined) definition['parameters'] = tool['inputSchema'];
  return { type: 'function', function: definition };
}
