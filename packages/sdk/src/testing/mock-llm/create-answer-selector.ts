import type { MockAnswerRule, MockReply, MockScriptEntry } from './mock-llm-options.js';
import type { Conversation } from './read-conversation.js';

/** A tool call as sent on the wire: arguments as a JSON string. */
export interface ResolvedToolCall {
  name: string;
  arguments: string;
}

/** The answer chosen for one request. */
export interface ResolvedAnswer {
  /** The assistant text ('' when it only calls tools). */
  content: string;
  toolCalls: ResolvedToolCall[];
}

/** Chooses answers: script entries first, then rules, then echo. Holds which matchless script entries are used up. */
export interface AnswerSelector {
  /** The answer of a chat completions or responses request. */
  answer(conversation: Conversation): ResolvedAnswer;
  /** A scripted embedding of `text`, if the script has one for it. */
  embedding(text: string): number[] | undefined;
}

const INPUT_PLACEHOLDER = '{{input}}';

function resolveReply(reply: MockReply, input: string): ResolvedAnswer {
  if (typeof reply === 'string') return { content: reply.replaceAll(INPUT_PLACEHOLDER, input), toolCalls: [] };
  // Inside JSON arguments the input must stay a valid JSON string body.
  const escapedInput = JSON.stringify(input).slice(1, -1);
  return {
    content: (reply.content ?? '').replaceAll(INPUT_PLACEHOLDER, input),
    toolCalls: (reply.toolCalls ?? []).map((call) => ({
      name: call.name,
      arguments: (typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments)).replaceAll(INPUT_PLACEHOLDER, escapedInput),
    })),
  };
}

function ruleMatches(rule: MockAnswerRule, conversation: Conversation): boolean {
  const { contains, regex, tool, hasToolResult } = rule.when;
  if (contains !== undefined && !conversation.lastUserText.includes(contains)) return false;
  if (regex !== undefined && !new RegExp(regex).test(conversation.lastUserText)) return false;
  if (tool !== undefined && !conversation.toolNames.includes(tool)) return false;
  if (hasToolResult !== undefined && conversation.hasToolResult !== hasToolResult) return false;
  return true;
}

/**
 * Creates the answer selection of one server. Script entries with `match`
 * answer every request whose last user message contains it; entries without
 * `match` answer the next request once each, in order. Then the first
 * matching rule answers, else `Echo: <last user message>`.
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
      if (scripted?.response !== undefined) return resolveReply(scripted.response, input);
      const rule = options.rules.find((candidate) => ruleMatches(candidate, conversation));
      if (rule !== undefined) return resolveReply(rule.reply, input);
      return { content: `Echo: ${input}`, toolCalls: [] };
    },
    embedding(text) {
      return takeScriptEntry(text, 'embedding')?.embedding;
    },
  };
}
