import type { ResolvedAnswer, ResolvedToolCall } from './resolved-answer.js';
import { fillJsonTemplate } from './fill-json-template.js';
import { generateFromSchema } from './generate-from-schema.js';
import { MockHttpError } from './mock-http-error.js';
import type { Conversation, OfferedTool } from './read-conversation.js';

/** Options of `shapeAnswer`. */
export interface ShapeAnswerOptions {
  /** The answer a script entry, a rule or the echo chose. */
  answer: ResolvedAnswer;
  /** The request. */
  conversation: Conversation;
  /** The answer is the default echo (no script entry or rule chose it), so a JSON template in the prompt may shape it. */
  isEcho: boolean;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A call of `tool` with arguments generated from its schema, strings made of the last user message. */
export function generateToolCall(tool: OfferedTool, conversation: Conversation): ResolvedToolCall {
  return { name: tool.name, arguments: JSON.stringify(generateFromSchema({ schema: tool.parameters, text: conversation.lastUserText })) };
}

/** The tool the request forces a call of, if any; throws a 400 as OpenAI does when it names no offered tool. */
function forcedTool(conversation: Conversation): OfferedTool | undefined {
  const { toolChoice, tools } = conversation;
  if (toolChoice.kind === 'required') {
    if (tools[0] === undefined) throw new MockHttpError(400, "tool_choice 'required' needs at least one function tool in 'tools'.", { param: 'tool_choice' });
    return tools[0];
  }
  if (toolChoice.kind !== 'function') return undefined;
  const named = tools.find((tool) => tool.name === toolChoice.name);
  if (named === undefined) {
    throw new MockHttpError(400, `tool_choice names the function '${toolChoice.name}', which is not in 'tools' (offered: ${tools.map((tool) => tool.name).join(', ') || 'none'}).`, {
      param: 'tool_choice',
    });
  }
  return named;
}

function jsonContent({ answer, conversation, isEcho }: ShapeAnswerOptions): string {
  const format = conversation.outputFormat;
  if (format.type === 'text' || isJson(answer.content)) return answer.content;
  if (format.type === 'json_schema') return JSON.stringify(generateFromSchema({ schema: format.schema, text: answer.content }));
  const filled = isEcho ? (fillJsonTemplate(conversation.lastUserText) ?? fillJsonTemplate(conversation.promptText)) : undefined;
  return JSON.stringify(filled ?? { answer: answer.content });
}

/**
 * Makes a chosen answer fit what the request asks for, as a real model
 * would: a tool call when `tool_choice` requires one and the answer has none
 * (arguments generated from the tool's schema); JSON when the request asks
 * for it and the answer is not JSON already: an instance of the
 * `json_schema` (strings made of the answer text), else for `json_object`
 * the prompt's JSON template filled in (echo answers only), else
 * `{"answer": <text>}`.
 */
export function shapeAnswer(options: ShapeAnswerOptions): ResolvedAnswer {
  const { answer, conversation } = options;
  const forced = forcedTool(conversation);
  const satisfied = conversation.toolChoice.kind === 'required' ? answer.toolCalls.length > 0 : answer.toolCalls.some((call) => call.name === forced?.name);
  if (forced !== undefined && !satisfied) return { content: '', toolCalls: [generateToolCall(forced, conversation)] };
  if (answer.toolCalls.length > 0) return answer;
  return { ...answer, content: jsonContent(options) };
}
