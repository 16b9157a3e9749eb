import { isPlainObject } from './parse-mock-reply.js';

/** What answer selection and token counting need from a chat or responses request. */
export interface Conversation {
  /** The text of the last user message ('' when there is none). */
  lastUserText: string;
  /** Every message's text, joined: what prompt tokens are counted on. */
  promptText: string;
  /** The names of the function tools the request offers. */
  toolNames: string[];
  /** A tool result follows the last user message. */
  hasToolResult: boolean;
}

/** The text of a message content: a string, or the `text` of each part of an array, joined by newlines. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .flatMap((part: unknown) => (isPlainObject(part) && typeof part.text === 'string' ? [part.text] : []))
    .join('\n');
}

function collect(items: readonly { role: string; text: string; isToolResult: boolean }[], toolNames: string[]): Conversation {
  let lastUserIndex = -1;
  items.forEach((item, index) => {
    if (item.role === 'user') lastUserIndex = index;
  });
  return {
    lastUserText: items[lastUserIndex]?.text ?? '',
    promptText: items.map((item) => item.text).join('\n'),
    toolNames,
    hasToolResult: items.slice(lastUserIndex + 1).some((item) => item.isToolResult),
  };
}

/** Reads the `messages` and `tools` of a chat completions request body (already checked to hold a `messages` array). */
export function readChatConversation(body: Record<string, unknown>): Conversation {
  const messages = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
  const items = messages.filter(isPlainObject).map((message) => ({
    role: typeof message.role === 'string' ? message.role : '',
    text: contentText(message.content),
    isToolResult: message.role === 'tool' || message.role === 'function',
  }));
  const tools = Array.isArray(body.tools) ? (body.tools as unknown[]) : [];
  const toolNames = tools.flatMap((tool) =>
    isPlainObject(tool) && isPlainObject(tool.function) && typeof tool.function.name === 'string' ? [tool.function.name] : [],
  );
  return collect(items, toolNames);
}

/** Reads the `instructions`, `input` (a string or input items) and `tools` of a responses request body. */
export function readResponsesConversation(body: Record<string, unknown>): Conversation {
  const items: { role: string; text: string; isToolResult: boolean }[] = [];
  if (typeof body.instructions === 'string') items.push({ role: 'developer', text: body.instructions, isToolResult: false });
  if (typeof body.input === 'string') items.push({ role: 'user', text: body.input, isToolResult: false });
  else if (Array.isArray(body.input)) {
    for (const item of body.input as unknown[]) {
      if (!isPlainObject(item)) continue;
      if (item.type === 'function_call_output') items.push({ role: 'tool', text: contentText(item.output), isToolResult: true });
      else if (item.type === 'function_call') items.push({ role: 'assistant', text: '', isToolResult: false });
      else if (typeof item.role === 'string') items.push({ role: item.role, text: contentText(item.content), isToolResult: false });
    }
  }
  const tools = Array.isArray(body.tools) ? (body.tools as unknown[]) : [];
  const toolNames = tools.flatMap((tool) => (isPlainObject(tool) && tool.type === 'function' && typeof tool.name === 'string' ? [tool.name] : []));
  return collect(items, toolNames);
}
