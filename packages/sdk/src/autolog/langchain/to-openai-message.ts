/** A chat message in OpenAI's chat-completions shape, as Assay records chat spans. */
export interface OpenAiStyleMessage {
  role: string;
  content: unknown;
  name?: string;
  tool_calls?: Array<{ id?: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

const ROLES: Record<string, string> = {
  human: 'user',
  ai: 'assistant',
  system: 'system',
  developer: 'developer',
  tool: 'tool',
  function: 'function',
};

interface MessageLike {
  type?: unknown;
  _getType?: () => string;
  role?: unknown;
  content?: unknown;
  name?: unknown;
  tool_calls?: Array<{ id?: string; name: string; args: unknown }>;
  tool_call_id?: unknown;
}

/** True for a LangChain message object (anything with a message type and content). */
export function isLangChainMessage(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('content' in value)) return false;
  const message = value as MessageLike;
  return typeof message.type === 'string' || typeof message._getType === 'function';
}

/** A LangChain message (human/ai/system/tool/chat) in OpenAI's `{role, content, tool_calls}` shape. */
export function toOpenAiMessage(value: unknown): OpenAiStyleMessage {
  const message = value as MessageLike;
  const type = typeof message.type === 'string' ? message.type : (message._getType?.() ?? 'generic');
  const role = type === 'generic' && typeof message.role === 'string' ? message.role : (ROLES[type] ?? type);
  const converted: OpenAiStyleMessage = { role, content: message.content ?? '' };
  if (typeof message.name === 'string' && message.name !== '') converted.name = message.name;
  if (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
    converted.tool_calls = message.tool_calls.map((call) => ({
      ...(call.id !== undefined ? { id: call.id } : {}),
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
    }));
  }
  if (typeof message.tool_call_id === 'string') converted.tool_call_id = message.tool_call_id;
  return converted;
}
