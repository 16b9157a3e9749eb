/**
 * Chat messages found in a span's inputs or outputs, in one shape whatever
 * logged them: OpenAI's `messages` (and a completion's `choices`), a single
 * assistant message, LangChain's messages (plain or serialized), OpenAI
 * Responses' `output` items and GenAI's `parts`. Anything else is not a
 * conversation and is shown as JSON.
 */

export interface ChatToolCall {
  id?: string;
  name: string;
  arguments: string;
}

export interface ChatMessage {
  role: string;
  content: string;
  toolCalls: ChatToolCall[];
  /** The call a tool result answers. */
  toolCallId?: string;
  /** The tool's (or author's) name. */
  name?: string;
}

const LANGCHAIN_ROLES: Record<string, string> = { human: 'user', ai: 'assistant', system: 'system', tool: 'tool', function: 'tool', HumanMessage: 'user', AIMessage: 'assistant', SystemMessage: 'system', ToolMessage: 'tool', AIMessageChunk: 'assistant' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).filter((part) => part !== '').join('\n');
  if (isRecord(value)) {
    if (typeof value.text === 'string') return value.text;
    if (typeof value.content === 'string') return value.content;
    if (typeof value.type === 'string') return `[${value.type}]`;
  }
  return JSON.stringify(value);
}

function argumentsText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? {});
}

function toolCallsOf(value: unknown): ChatToolCall[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((call) => {
    const fn = isRecord(call.function) ? call.function : call;
    return { ...(typeof call.id === 'string' ? { id: call.id } : {}), name: typeof fn.name === 'string' ? fn.name : '?', arguments: argumentsText(fn.arguments ?? fn.args) };
  });
}

/** One message, or undefined when the value is not one. */
function messageOf(value: unknown): ChatMessage | undefined {
  if (!isRecord(value)) return undefined;
  // LangChain's serialized form: { lc: 1, type: 'constructor', id: [..., 'HumanMessage'], kwargs: {...} }.
  if (Array.isArray(value.id) && isRecord(value.kwargs)) {
    const role = LANGCHAIN_ROLES[String(value.id[value.id.length - 1])];
    return role === undefined ? undefined : messageOf({ ...value.kwargs, role });
  }
  const role = typeof value.role === 'string' ? value.role : typeof value.type === 'string' ? LANGCHAIN_ROLES[value.type] : undefined;
  if (role === undefined) return undefined;
  const hasContent = 'content' in value || 'tool_calls' in value || 'parts' in value;
  if (!hasContent) return undefined;
  const parts = Array.isArray(value.parts) ? value.parts : undefined;
  const partCalls = (parts ?? []).filter((part) => isRecord(part) && part.type === 'tool_call').map((part) => part as Record<string, unknown>);
  const partResult = (parts ?? []).find((part) => isRecord(part) && part.type === 'tool_call_response') as Record<string, unknown> | undefined;
  return {
    role,
    content: parts !== undefined ? textOf(parts.filter((part) => !isRecord(part) || (part.type !== 'tool_call' && part.type !== 'tool_call_response'))) || (partResult !== undefined ? textOf(partResult.response ?? partResult.result) : '') : textOf(value.content),
    toolCalls: [...toolCallsOf(value.tool_calls), ...toolCallsOf(partCalls)],
    ...(typeof value.tool_call_id === 'string' ? { toolCallId: value.tool_call_id } : partResult !== undefined && typeof partResult.id === 'string' ? { toolCallId: partResult.id } : {}),
    ...(typeof value.name === 'string' ? { name: value.name } : {}),
  };
}

function messageListOf(value: unknown): ChatMessage[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  // LangChain's chat model inputs: a list of message lists.
  const flat = value.length === 1 && Array.isArray(value[0]) ? (value[0] as unknown[]) : value;
  const messages = flat.map(messageOf);
  return messages.every((message): message is ChatMessage => message !== undefined) ? messages : undefined;
}

/** OpenAI Responses' output items: messages and function calls. */
function responseItemsOf(value: unknown): ChatMessage[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const messages: ChatMessage[] = [];
  for (const item of value) {
    if (!isRecord(item)) return undefined;
    if (item.type === 'message') messages.push({ role: typeof item.role === 'string' ? item.role : 'assistant', content: textOf(item.content), toolCalls: [] });
    else if (item.type === 'function_call') messages.push({ role: 'assistant', content: '', toolCalls: [{ ...(typeof item.call_id === 'string' ? { id: item.call_id } : {}), name: String(item.name), arguments: argumentsText(item.arguments) }] });
    else if (item.type === 'function_call_output') messages.push({ role: 'tool', content: textOf(item.output), toolCalls: [], ...(typeof item.call_id === 'string' ? { toolCallId: item.call_id } : {}) });
    else if (item.type !== 'reasoning') return undefined;
  }
  return messages.length > 0 ? messages : undefined;
}

/** The conversation in a span's inputs or outputs, or undefined when it holds none. */
export function chatMessagesOf(value: unknown): ChatMessage[] | undefined {
  const list = messageListOf(value);
  if (list !== undefined) return list;
  if (!isRecord(value)) return undefined;
  const single = messageOf(value);
  if (single !== undefined) return [single];
  if (Array.isArray(value.messages)) return messageListOf(value.messages);
  if (Array.isArray(value.choices)) {
    const messages = value.choices.map((choice) => (isRecord(choice) ? messageOf(choice.message ?? choice.delta) : undefined));
    if (messages.length > 0 && messages.every((message): message is ChatMessage => message !== undefined)) return messages;
  }
  if (Array.isArray(value.output)) return responseItemsOf(value.output);
  if (Array.isArray(value.input)) return messageListOf(value.input) ?? responseItemsOf(value.input);
  return undefined;
}
