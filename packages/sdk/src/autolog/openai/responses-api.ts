import { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES } from '@assay/core';
import type { AssaySpan } from '../../tracing/assay-span.js';
import type { OpenAIApi, StreamRecorder } from './openai-api.js';
import { isJsonObject, type JsonObject } from './openai-types.js';
import { recordUsage } from './record-usage.js';
import { redactContent } from '../redact-content.js';

const RESPONSES_USAGE_KEYS = { input: 'input_tokens', output: 'output_tokens', total: 'total_tokens' };

/** The events whose `response` is the final answer of a streamed response. */
const FINAL_EVENTS = new Set(['response.completed', 'response.failed', 'response.incomplete']);

function recordResponse(span: AssaySpan, response: unknown, captureContent: boolean): void {
  if (!isJsonObject(response)) return;
  if (typeof response['model'] === 'string') span.setAttribute(GEN_AI_ATTRIBUTES.responseModel, response['model']);
  if (typeof response['id'] === 'string') span.setAttribute(GEN_AI_ATTRIBUTES.responseId, response['id']);
  if (typeof response['status'] === 'string' && span.isRecording) {
    span.openTelemetrySpan.setAttribute(GEN_AI_ATTRIBUTES.responseFinishReasons, [response['status']]);
  }
  recordUsage(span, response['usage'], RESPONSES_USAGE_KEYS);
  span.setJsonOutputs(captureContent ? response : redactContent(response));
}

/** Keeps the response of the stream's final event; notes the first text delta. */
class ResponseStreamRecorder implements StreamRecorder {
  private response: unknown;
  private sawToken = false;

  constructor(private readonly onFirstToken: () => void) {}

  onItem(event: unknown): boolean {
    if (!isJsonObject(event)) return true;
    const type = event['type'];
    if (!this.sawToken && (type === 'response.output_text.delta' || type === 'response.function_call_arguments.delta')) {
      this.sawToken = true;
      this.onFirstToken();
    }
    if (typeof type === 'string' && FINAL_EVENTS.has(type)) this.response = event['response'];
    return true;
  }

  result(): unknown {
    return this.response;
  }
}

/** `responses.create` (and `parse`, `stream`, which call it). */
export const responsesApi: OpenAIApi = {
  name: 'responses',
  operation: 'chat',
  spanType: 'CHAT_MODEL',

  prepareBody(body: JsonObject) {
    return { body, hideUsage: false };
  },

  requestAttributes(body) {
    return {
      [GEN_AI_ATTRIBUTES.requestTemperature]: body['temperature'],
      [GEN_AI_ATTRIBUTES.requestMaxTokens]: body['max_output_tokens'],
      [GEN_AI_ATTRIBUTES.requestTopP]: body['top_p'],
      [ASSAY_ATTRIBUTES.messageFormat]: 'openai',
    };
  },

  recordResult: recordResponse,

  createStreamRecorder(options) {
    return new ResponseStreamRecorder(options.onFirstToken);
  },
};
