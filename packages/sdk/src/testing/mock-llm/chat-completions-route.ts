import { countWords } from './count-words.js';
import type { ResolvedAnswer } from './resolved-answer.js';
import { isPlainObject } from './parse-mock-reply.js';
import { readChatConversation } from './read-conversation.js';
import { invalidField, requireModel } from './require-field.js';
import { CREATED_AT } from './route-result.js';
import type { RouteContext, RouteResult, SseEvent } from './route-result.js';
import { splitEvenly, splitIntoChunks } from './split-into-chunks.js';

/** The completion text the completion tokens are counted on: the content and each tool call's name and arguments. */
export function completionText(answer: ResolvedAnswer): string {
  return [answer.content, ...answer.toolCalls.flatMap((call) => [call.name, call.arguments])].join(' ');
}

/**
 * `POST /v1/chat/completions`: a `chat.completion` object, or with
 * `stream: true` the `chat.completion.chunk` events OpenAI sends (a role
 * chunk, word chunks, tool call deltas, a finish chunk, and with
 * `stream_options.include_usage` a last usage chunk), then `[DONE]`.
 */
export function chatCompletionsRoute({ body, sequence, selector }: RouteContext): RouteResult {
  const model = requireModel(body);
  if (!Array.isArray(body.messages) || body.messages.length === 0 || !body.messages.every(isPlainObject)) {
    throw invalidField(body, 'messages', 'a non-empty array of message objects { role, content }');
  }
  const conversation = readChatConversation(body);
  const answer = selector.answer(conversation);
  const id = `chatcmpl-mock-${sequence}`;
  const toolCalls = answer.toolCalls.map((call, index) => ({
    id: `call_mock_${sequence}_${index}`,
    type: 'function' as const,
    function: { name: call.name, arguments: call.arguments },
  }));
  const finishReason = toolCalls.length > 0 ? 'tool_calls' : 'stop';
  const promptTokens = countWords(conversation.promptText);
  const completionTokens = countWords(completionText(answer));
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };

  if (body.stream !== true) {
    const message = {
      role: 'assistant',
      content: toolCalls.length > 0 && answer.content === '' ? null : answer.content,
      refusal: null,
      annotations: [],
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    };
    return {
      kind: 'json',
      body: {
        id,
        object: 'chat.completion',
        created: CREATED_AT,
        model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
        usage,
        service_tier: 'default',
        system_fingerprint: 'fp_mock',
      },
    };
  }

  const includeUsage = isPlainObject(body.stream_options) && body.stream_options.include_usage === true;
  const chunk = (delta: Record<string, unknown>, finish: string | null = null): SseEvent => ({
    data: JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created: CREATED_AT,
      model,
      service_tier: 'default',
      system_fingerprint: 'fp_mock',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    }),
  });
  const events: SseEvent[] = [chunk({ role: 'assistant', content: '', refusal: null })];
  for (const piece of splitIntoChunks(answer.content)) events.push(chunk({ content: piece }));
  toolCalls.forEach((call, index) => {
    events.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }));
    for (const piece of splitEvenly(call.function.arguments, 3)) events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  events.push(chunk({}, finishReason));
  if (includeUsage) {
    events.push({
      data: JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created: CREATED_AT,
        model,
        service_tier: 'default',
        system_fingerprint: 'fp_mock',
        choices: [],
        usage,
      }),
    });
  }
  events.push({ data: '[DONE]' });
  return { kind: 'sse', events };
}
