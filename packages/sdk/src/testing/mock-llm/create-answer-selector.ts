import type { MockAnswerRule, MockReply, MockScriptEntry } from './mock-llm-options.js';
import type { Conversation } from './read-conversation.js';
import type { ResolvedAnswer } from './resolved-answer.js';
import { generateToolCall, shapeAnswer } from './shape-answer.js';

/** Chooses answers: script entries first, then rules, then echo. Holds which matchless script entries are used up. */
export interface AnswerSelector {
  /** The answer of a chat completions or responses request. */
  answer(conversation: Conversation): ResolvedAnswer;
  /** A scripted embedding of `text`, if the script has one for it. */
  embedding(text: string): number[] | undefined;
}

const INPUT_PLACEHOLDER = '{{input}}';

function resolveReply(reply: MockReply, conversation: Conversation): ResolvedAnswer {
  const input = conversation.lastUserText;
  if (typeof reply === 'string') return { content: reply.replaceAll(INPUT_PLACEHOLDER, input), toolCalls: [] };
  // Inside JSON arguments the input must stay a valid JSON string body.
  const escapedInput = JSON.stringify(input).slice(1, -1);
  return {
    content: (reply.content ?? '').replaceAll(INPUT_PLACEHOLDER, input),
    toolCalls: (reply.toolCalls ?? []).map((call) => {
      if (call.arguments === undefined) {
        const tool = conversation.tools.find((offered) => offered.name === call.name);
        return tool === undefined ? { name: call.name, arguments: '{}' } : generateToolCall(tool, conversation);
      }
      return {
        name: call.name,
        arguments: (typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments)).replaceAll(INPUT_PLACEHOLDER, escapedInput),
      };
    }),
  };
}

function ruleMatches(rule: MockAnswerRule, conversation: Conversation): boolean {
  const { contains, regex, tool, hasToolResult } = rule.when;
  if (contains !== undefined && !conversation.lastUserText.includes(contains)) return false;
  if (regex !== undefined && !new RegExp(regex).test(conversation.lastUserText)) return false;
  if (tool !== undefined && !conversation.tools.some((offered) => offered.name === tool)) return false;
  if (hasToolResult !== undefined && conversation.hasToolResult !== hasToolResult) return false;
  return true;
}

/**
 * Creates the answer selection of one server. Script entries with `match`
 * answer every request whose last user message contains it; entries without
 * `match` answer the next request once each, in order. Then the first
 * matching rule answers, else `Echo: <last user message>`. The answer is
 * then shaped to the request's `tool_choice` and output format (`shapeAnswer`).
 */
export function createAnswerSelector(options: { script: readonly MockScriptEntry[]; rules: readonly MockAnswerRule[] }): AnswerSelector {
  const used = new Set<MockScriptEntry>();

  function takeScriptEntry(text: string, wanted: 'response' | 'embedding'): MockScriptEntry | undefined {
    const entry = options.script.find((candidate) => {
      if (candidate[wanted] === undefined) return false;
      return candidate.match === undefined ? !used.has(candidate) : text.includes(candidate.match);
    });
    if (entry !== undefined && entry.match === undefined) used.add(entry);
    return entry;
  }

  return {
    answer(conversation) {
      const input = conversation.lastUserText;
      const scripted = takeScriptEntry(input, 'response');
      const reply = scripted?.response ?? options.rules.find((candidate) => ruleMatches(candidate, conversation))?.reply;
      if (reply !== undefined) return shapeAnswer({ answer: resolveReply(reply, conversation), conversation, isEcho: false });
      return shapeAnswer({ answer: { content: `Echo: ${input}`, toolCalls: [] }, conversation, isEcho: true });
    },
    embedding(text) {
      return takeScriptEntry(text, 'embedding')?.embedding;
    },
  };
}
