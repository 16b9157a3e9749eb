import { isPlainObject } from './parse-mock-reply.js';

/** A function tool a request offers. */
export interface OfferedTool {
  /** The function's name. */
  name: string;
  /** The JSON Schema of its arguments (an empty object schema when the request gives none). */
  parameters: unknown;
}

/**
 * Whether the request lets the model call a tool: `auto` (the rules decide),
 * `none`, `required` (some tool), or one named function.
 */
export type ToolChoice = { kind: 'auto' | 'none' | 'required' } | { kind: 'function'; name: string };

/** The output the request asks for: text, any JSON object, or JSON valid for a schema. */
export type OutputFormat = { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; schema: unknown };

/** What answer selection and token counting need from a chat or responses request. */
export interface Conversation {
  /** The text of the last user message ('' when there is none). */
  lastUserText: string;
  /** Every message's text, joined: what prompt tokens are counted on. */
  promptText: string;
  /** A tool result follows the last user message. */
  hasToolResult: boolean;
  /** The function tools offered, in order. */
  tools: OfferedTool[];
  /** The request's `tool_choice`. */
  toolChoice: ToolChoice;
  /** The request's `response_format` (chat) or `text.format` (responses). */
  outputFormat: OutputFormat;
}

/** How one API spells a request's tools and output format. */
interface RequestSettings {
  tools: OfferedTool[];
  toolChoice: ToolChoice;
  outputFormat: OutputFormat;
}

const EMPTY_PARAMETERS = { type: 'object', properties: {} };

/** The text of a message content: a string, or the `text` of each part of an array, joined by newlines. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .flatMap((part: unknown) => (isPlainObject(part) && typeof part.text === 'string' ? [part.text] : []))
    .join('\n');
}

/**
 * Reads `tool_choice`: a mode string, or an object naming a function (`function.name`
 * in chat, `name` in responses) or listing `allowed_tools` with a mode.
 */
function readToolChoice(value: unknown, tools: readonly OfferedTool[]): ToolChoice {
  if (value === 'none' || value === 'required') return { kind: value };
  if (!isPlainObject(value)) return { kind: 'auto' };
  const named = isPlainObject(value.function) ? value.function.name : value.name;
  if (value.type === 'function' && typeof named === 'string') return { kind: 'function', name: named };
  if (value.type === 'allowed_tools') {
    const allowed = isPlainObject(value.allowed_tools) ? value.allowed_tools : value;
    if (allowed.mode !== 'required' || !Array.isArray(allowed.tools)) return { kind: 'auto' };
    const names = allowed.tools.flatMap((tool: unknown) => {
      if (!isPlainObject(tool)) return [];
      const name = isPlainObject(tool.function) ? tool.function.name : tool.name;
      return typeof name === 'string' ? [name] : [];
    });
    const first = tools.find((tool) => names.includes(tool.name));
    return first === undefined ? { kind: 'required' } : { kind: 'function', name: first.name };
  }
  return { kind: 'auto' };
}

function readOutputFormat(format: unknown, schemaHolder: unknown): OutputFormat {
  if (!isPlainObject(format)) return { type: 'text' };
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type === 'json_schema' && isPlainObject(schemaHolder)) return { type: 'json_schema', schema: schemaHolder.schema ?? {} };
  return { type: 'text' };
}

function collect(items: readonly { role: string; text: string; isToolResult: boolean }[], settings: RequestSettings): Conversation {
  let lastUserIndex = -1;
  items.forEach((item, index) => {
    if (item.role === 'user') lastUserIndex = index;
  });
  return {
    lastUserText: items[lastUserIndex]?.text ?? '',
    promptText: items.map((item) => item.text).join('\n'),
    hasToolResult: items.slice(lastUserIndex + 1).some((item) => item.isToolResult),
    ...settings,
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
  const tools = (Array.isArray(body.tools) ? (body.tools as unknown[]) : []).flatMap((tool) =>
    isPlainObject(tool) && isPlainObject(tool.function) && typeof tool.function.name === 'string'
      ? [{ name: tool.function.name, parameters: tool.function.parameters ?? EMPTY_PARAMETERS }]
      : [],
  );
  const responseFormat = body.response_format;
  return collect(items, {
    tools,
    toolChoice: readToolChoice(body.tool_choice, tools),
    outputFormat: readOutputFormat(responseFormat, isPlainObject(responseFormat) ? responseFormat.json_schema : undefined),
  });
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
  const tools = (Array.isArray(body.tools) ? (body.tools as unknown[]) : []).flatMap((tool) =>
    isPlainObject(tool) && tool.type === 'function' && typeof tool.name === 'string' ? [{ name: tool.name, parameters: tool.parameters ?? EMPTY_PARAMETERS }] : [],
  );
  const format = isPlainObject(body.text) ? body.text.format : undefined;
  return collect(items, { tools, toolChoice: readToolChoice(body.tool_choice, tools), outputFormat: readOutputFormat(format, format) });
}
