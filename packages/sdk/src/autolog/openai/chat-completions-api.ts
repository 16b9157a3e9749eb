import { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES } from '@assay/core';
import type { AssaySpan } from '../../tracing/assay-span.js';
import type { OpenAIApi, StreamRecorder } from './openai-api.js';
import { isJsonObject, type JsonObject } from './openai-types.js';
import { recordUsage } from './record-usage.js';
import { redactContent } from '../redact-content.js';

const CHAT_USAGE_KEYS = { input: 'prompt_tokens', output: 'completion_tokens', total: 'total_tokens' };

interface ToolCallDraft {
  id?: string;
  type: string;
  name: string;
  argumentParts: string[];
}

interface ChoiceDraft {
  index: number;
  role: string;
  contentParts: string[];
  refusalParts: string[];
  toolCalls: Map<number, ToolCallDraft>;
  finishReason: unknown;
}

/** Sets the attributes of a chat completion (plain, or reassembled from a stream). */
function recordCompletion(span: AssaySpan, completion: unknown, captureContent: boolean): void {
  if (!isJsonObject(completion)) return;
  if (typeof completion['model'] === 'string') span.setAttribute(GEN_AI_ATTRIBUTES.responseModel, completion['model']);
  if (typeof completion['id'] === 'string') span.setAttribute(GEN_AI_ATTRIBUTES.responseId, completion['id']);
  const choices = Array.isArray(completion['choices']) ? (completion['choices'] as unknown[]) : [];
  const finishReasons = choices
    .map((choice) => (isJsonObject(choice) ? choice['finish_reason'] : undefined))
    .filter((reason): reason is string => typeof reason === 'string');
  if (finishReasons.length > 0 && span.isRecording) span.openTelemetrySpan.setAttribute(GEN_AI_ATTRIBUTES.responseFinishReasons, finishReasons);
  recordUsage(span, completion['usage'], CHAT_USAGE_KEYS);
  span.setJsonOutputs(captureContent ? completion : redactContent(completion));
}

/**
 * Reassembles `chat.completion.chunk`s into the `chat.completion` the same
 * request would have returned unstreamed: text and refusals joined, tool
 * calls put together from their deltas, usage from the final chunk.
 */
class ChatStreamRecorder implements StreamRecorder {
  private readonly choices = new Map<number, ChoiceDraft>();
  private header: JsonObject | undefined;
  private usage: unknown;
  private sawToken = false;

  constructor(private readonly options: { hideUsage: boolean; onFirstToken: () => void }) {}

  onItem(chunk: unknown): boolean {
    if (!isJsonObject(chunk)) return true;
    this.header ??= chunk;
    const choices = Array.isArray(chunk['choices']) ? (chunk['choices'] as unknown[]) : [];
    if (chunk['usage'] !== undefined && chunk['usage'] !== null) this.usage = chunk['usage'];
    for (const choice of choices) if (isJsonObject(choice)) this.addChoice(choice);
    if (!this.options.hideUsage) return true;
    // Assay asked for usage, the app did not: hide the usage-only chunk and the
    // `usage: null` the API adds to every other chunk when usage is asked for.
    if (choices.length === 0 && chunk['usage'] !== undefined && chunk['usage'] !== null) return false;
    if (chunk['usage'] === null) delete chunk['usage'];
    return true;
  }

  private addChoice(choice: JsonObject): void {
    const index = typeof choice['index'] === 'number' ? choice['index'] : 0;
    let draft = this.choices.get(index);
    if (!draft) {
      draft = { index, role: 'assistant', contentParts: [], refusalParts: [], toolCalls: new Map(), finishReason: null };
      this.choices.set(index, draft);
    }
    if (choice['finish_reason'] !== undefined && choice['finish_reason'] !== null) draft.finishReason = choice['finish_reason'];
    const delta = choice['delta'];
    if (!isJsonObject(delta)) return;
    if (typeof delta['role'] === 'string') draft.role = delta['role'];
    if (typeof delta['content'] === 'string' && delta['content'] !== '') {
      draft.contentParts.push(delta['content']);
      this.firstToken();
    }
    if (typeof delta['refusal'] === 'string' && delta['refusal'] !== '') draft.refusalParts.push(delta['refusal']);
    if (Array.isArray(delta['tool_calls'])) {
      for (const call of delta['tool_calls'] as unknown[]) {
        if (!isJsonObject(call)) continue;
        this.firstToken();
        const callIndex = typeof call['index'] === 'number' ? call['index'] : draft.toolCalls.size;
        let toolCall = draft.toolCalls.get(callIndex);
        if (!toolCall) {
          toolCall = { type: 'function', name: '', argumentParts: [] };
          draft.toolCalls.set(callIndex, toolCall);
        }
        if (typeof call['id'] === 'string') toolCall.id = call['id'];
        if (typeof call['type'] === 'string') toolCall.type = call['type'];
        const fn = call['function'];
        if (isJsonObject(fn)) {
          if (typeof fn['name'] === 'string') toolCall.name += fn['name'];
          if (typeof fn['arguments'] === 'string') toolCall.argumentParts.push(fn['arguments']);
        }
      }
    }
  }

  private firstToken(): void {
    if (this.sawToken) return;
    this.sawToken = true;
    this.options.onFirstToken();
  }

  result(): JsonObject {
    const header = this.header ?? {};
    const choices = [...this.choices.values()]
      .sort((a, b) => a.index - b.index)
      .map((draft) => {
        const message: JsonObject = {
          role: draft.role,
          content: draft.contentParts.length > 0 ? draft.contentParts.join('') : null,
        };
        if (draft.refusalParts.length > 0) message['refusal'] = draft.refusalParts.join('');
        if (draft.toolCalls.size > 0) {
          message['tool_calls'] = [...draft.toolCalls.entries()]
            .sort(([a], [b]) => a - b)
            .map(([, call]) => ({
              id: call.id,
              type: call.type,
              function: { name: call.name, arguments: call.argumentParts.join('') },
            }));
        }
        return { index: draft.index, message, finish_reason: draft.finishReason };
      });
    const completion: JsonObject = {
      id: header['id'],
      object: 'chat.completion',
      created: header['created'],
      model: header['model'],
      choices,
    };
    if (this.usage !== undefined) completion['usage'] = this.usage;
    return completion;
  }
}

function maxTokens(body: JsonObject): unknown {
  return body['max_completion_tokens'] ?? body['max_tokens'];
}

/** `chat.completions.create` (and `parse`, `stream`, `runTools`, which call it). */
export const chatCompletionsApi: OpenAIApi = {
  name: 'chat.completions',
  operation: 'chat',
  spanType: 'CHAT_MODEL',

  prepareBody(body) {
    if (body['stream'] !== true) return { body, hideUsage: false };
    const streamOptions = isJsonObject(body['stream_options']) ? body['stream_options'] : undefined;
    if (streamOptions?.['include_usage'] === true) return { body, hideUsage: false };
    return { body: { ...body, stream_options: { ...streamOptions, include_usage: true } }, hideUsage: true };
  },

  requestAttributes(body) {
    return {
      [GEN_AI_ATTRIBUTES.requestTemperature]: body['temperature'],
      [GEN_AI_ATTRIBUTES.requestMaxTokens]: maxTokens(body),
      [GEN_AI_ATTRIBUTES.requestTopP]: body['top_p'],
      [ASSAY_ATTRIBUTES.messageFormat]: 'openai',
    };
  },

  recordResult: recordCompletion,

  createStreamRecorder(options) {
    return new ChatStreamRecorder(options);
  },
};
