import { isLangChainMessage, toOpenAiMessage } from './to-openai-message.js';

const MAX_DEPTH = 12;

interface PromptValueLike {
  toChatMessages: () => unknown[];
  messages?: unknown;
  value?: unknown;
}

function isPromptValue(value: object): value is PromptValueLike {
  return typeof (value as PromptValueLike).toChatMessages === 'function';
}

function isDocument(value: object): value is { pageContent: unknown; metadata: unknown } {
  return 'pageContent' in value && 'metadata' in value;
}

function convert(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return value;
  if (isLangChainMessage(value)) return toOpenAiMessage(value);
  if (isPromptValue(value)) {
    if (Array.isArray(value.messages)) return { messages: value.messages.map((message) => convert(message, depth + 1)) };
    if (typeof value.value === 'string') return value.value;
  }
  if (isDocument(value)) return { page_content: value.pageContent, metadata: value.metadata };
  if (Array.isArray(value)) return value.map((entry) => convert(entry, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) copy[key] = convert(entry, depth + 1);
  return copy;
}

/**
 * A LangChain run's inputs or outputs as Assay records them: messages in
 * OpenAI's `{role, content}` shape, prompt values as their messages or text,
 * documents as `{page_content, metadata}`; other values unchanged.
 */
export function toSpanValue(value: unknown): unknown {
  return convert(value, 0);
}
