import { completionText } from './chat-completions-route.js';
import { countWords } from './count-words.js';
import { isPlainObject } from './parse-mock-reply.js';
import { readResponsesConversation } from './read-conversation.js';
import { invalidField, requireModel } from './require-field.js';
import { CREATED_AT } from './route-result.js';
import type { RouteContext, RouteResult, SseEvent } from './route-result.js';
import { splitEvenly, splitIntoChunks } from './split-into-chunks.js';

interface OutputText {
  type: 'output_text';
  text: string;
  annotations: never[];
  logprobs: never[];
}

type OutputItem =
  | { type: 'message'; id: string; status: 'in_progress' | 'completed'; role: 'assistant'; content: OutputText[] }
  | { type: 'function_call'; id: string; call_id: string; name: string; arguments: string; status: 'in_progress' | 'completed' };

/**
 * `POST /v1/responses`: a `response` object, or with `stream: true` the
 * typed events OpenAI sends (`response.created` ... `response.completed`,
 * each with a `sequence_number`), which the openai SDK's
 * `responses.stream()` accumulates into the same response.
 */
export function responsesRoute({ body, sequence, selector }: RouteContext): RouteResult {
  const model = requireModel(body);
  const input = body.input;
  if (!(typeof input === 'string' || (Array.isArray(input) && input.length > 0 && input.every(isPlainObject)))) {
    throw invalidField(body, 'input', 'a string or a non-empty array of input items');
  }
  const conversation = readResponsesConversation(body);
  const answer = selector.answer(conversation);
  const id = `resp_mock_${sequence}`;
  const inputTokens = countWords(conversation.promptText);
  const outputTokens = countWords(completionText(answer));

  const output: OutputItem[] = [];
  if (answer.content !== '' || answer.toolCalls.length === 0) {
    output.push({
      type: 'message',
      id: `msg_mock_${sequence}`,
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: answer.content, annotations: [], logprobs: [] }],
    });
  }
  answer.toolCalls.forEach((call, index) => {
    output.push({
      type: 'function_call',
      id: `fc_mock_${sequence}_${index}`,
      call_id: `call_mock_${sequence}_${index}`,
      name: call.name,
      arguments: call.arguments,
      status: 'completed',
    });
  });

  const response = (status: 'in_progress' | 'completed', items: OutputItem[]) => ({
    id,
    object: 'response',
    created_at: CREATED_AT,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: typeof body.instructions === 'string' ? body.instructions : null,
    max_output_tokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : null,
    model,
    output: items,
    parallel_tool_calls: true,
    previous_response_id: typeof body.previous_response_id === 'string' ? body.previous_response_id : null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: false,
    temperature: typeof body.temperature === 'number' ? body.temperature : 1,
    text: isPlainObject(body.text) ? body.text : { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: Array.isArray(body.tools) ? body.tools : [],
    top_p: typeof body.top_p === 'number' ? body.top_p : 1,
    truncation: 'disabled',
    usage:
      status === 'completed'
        ? {
            input_tokens: inputTokens,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: outputTokens,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: inputTokens + outputTokens,
          }
        : null,
    user: null,
    metadata: {},
  });

  if (body.stream !== true) return { kind: 'json', body: response('completed', output) };

  const events: SseEvent[] = [];
  const emit = (type: string, payload: Record<string, unknown>) => {
    events.push({ event: type, data: JSON.stringify({ type, sequence_number: events.length, ...payload }) });
  };
  emit('response.created', { response: response('in_progress', []) });
  emit('response.in_progress', { response: response('in_progress', []) });
  output.forEach((item, outputIndex) => {
    if (item.type === 'message') {
      const text = item.content[0]?.text ?? '';
      const location = { item_id: item.id, output_index: outputIndex, content_index: 0 };
      emit('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
      emit('response.content_part.added', { ...location, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
      for (const delta of splitIntoChunks(text)) emit('response.output_text.delta', { ...location, delta, logprobs: [] });
      emit('response.output_text.done', { ...location, text, logprobs: [] });
      emit('response.content_part.done', { ...location, part: item.content[0] });
    } else {
      emit('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } });
      for (const delta of splitEvenly(item.arguments, 3)) {
        emit('response.function_call_arguments.delta', { item_id: item.id, output_index: outputIndex, delta });
      }
      emit('response.function_call_arguments.done', { item_id: item.id, output_index: outputIndex, name: item.name, arguments: item.arguments });
    }
    emit('response.output_item.done', { output_index: outputIndex, item });
  });
  emit('response.completed', { response: response('completed', output) });
  return { kind: 'sse', events };
}
