import type { SpanType } from '../../entities/trace.js';
import { AI_SDK_ATTRIBUTES as AI, GEN_AI_ATTRIBUTES } from '../attribute-keys.js';
import { promptToOpenAiChatMessages, toOpenAiChatMessages, toOpenAiFinishReason, toOpenAiTool, toOpenAiToolCall } from './ai-sdk-chat-messages.js';

/** What a span of the Vercel AI SDK tells a stored row, read from its `ai.*` attributes. */
export interface AiSdkSpanFields {
  /** The type of its operation (see aiSdkSpanType). */
  spanType: SpanType;
  /** JSON text of the inputs; undefined when the span recorded none. */
  inputs?: string;
  /** JSON text of the outputs; undefined when the span recorded none. */
  outputs?: string;
  /** Token counts; undefined when the span has none. */
  usage?: { inputTokens: number; outputTokens: number; totalTokens: number };
  /** The model that answered, else the one asked for. */
  model?: string;
  /**
   * GenAI attributes the AI SDK's ones stand for and the span lacks (finish
   * reasons, time to first chunk in seconds), added to the stored attributes
   * so that readers find them where Assay's own spans put them.
   */
  derivedAttributes: [key: string, value: unknown][];
}

type Attributes = Readonly<Record<string, unknown>>;

// The span type of each operation (`ai.<function>` or `ai.<function>.<model call>`).
const FUNCTION_SPAN_TYPES: Readonly<Record<string, SpanType>> = {
  generateText: 'CHAIN',
  streamText: 'CHAIN',
  generateObject: 'CHAIN',
  streamObject: 'CHAIN',
  toolCall: 'TOOL',
  embed: 'EMBEDDING',
  embedMany: 'EMBEDDING',
  rerank: 'RERANKER',
};
const MODEL_CALL_SPAN_TYPES: Readonly<Record<string, SpanType>> = {
  doGenerate: 'LLM',
  doStream: 'LLM',
  doEmbed: 'EMBEDDING',
  doRerank: 'RERANKER',
};
const OBJECT_FUNCTIONS: ReadonlySet<string> = new Set(['generateObject', 'streamObject']);
const TEXT_FUNCTIONS: ReadonlySet<string> = new Set(['generateText', 'streamText', 'generateObject', 'streamObject']);

/** The operation's function (`generateText`) and model call (`doGenerate`, or undefined for the function's own span). */
function splitOperation(operationId: string): { fn: string; modelCall: string | undefined } | undefined {
  if (!operationId.startsWith('ai.')) return undefined;
  const [fn, modelCall, ...rest] = operationId.slice(3).split('.');
  if (fn === undefined || rest.length > 0) return undefined;
  return { fn, modelCall };
}

/**
 * The span type of an AI SDK operation (`ai.operationId`): its functions
 * (`generateText`, `streamText`, `generateObject`, `streamObject`) CHAIN, their
 * model calls (`doGenerate`, `doStream`) LLM, `toolCall` TOOL, `embed` and
 * `embedMany` EMBEDDING, `rerank` RERANKER; undefined for others.
 */
export function aiSdkSpanType(operationId: string): SpanType | undefined {
  const operation = splitOperation(operationId);
  if (operation === undefined) return undefined;
  const { fn, modelCall } = operation;
  if (!Object.hasOwn(FUNCTION_SPAN_TYPES, fn)) return undefined;
  if (modelCall === undefined) return FUNCTION_SPAN_TYPES[fn];
  return Object.hasOwn(MODEL_CALL_SPAN_TYPES, modelCall) ? MODEL_CALL_SPAN_TYPES[modelCall] : undefined;
}

/** A value set as JSON text (or arriving decoded), parsed; text that is not JSON as it is. */
function jsonValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** A list of JSON texts (`ai.values`, `ai.embeddings` ...), each parsed. */
function jsonList(value: unknown): unknown[] | undefined {
  const list = jsonValue(value);
  return Array.isArray(list) ? list.map(jsonValue) : undefined;
}

/** A text attribute; a value decoded on the way (a producer that parsed text holding JSON) as its JSON text again. */
function textValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function count(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

function usageOf(attributes: Attributes): AiSdkSpanFields['usage'] {
  const input = count(attributes[AI.usageInputTokens]) ?? count(attributes[AI.usagePromptTokens]) ?? count(attributes[AI.usageTokens]);
  const output = count(attributes[AI.usageOutputTokens]) ?? count(attributes[AI.usageCompletionTokens]);
  const total = count(attributes[AI.usageTotalTokens]);
  if (input === undefined && output === undefined && total === undefined) return undefined;
  const inputTokens = input ?? 0;
  const outputTokens = output ?? 0;
  return { inputTokens, outputTokens, totalTokens: total ?? inputTokens + outputTokens };
}

/** The model that answered, else the one asked for. */
function modelOf(attributes: Attributes): string | undefined {
  for (const key of [AI.responseModel, GEN_AI_ATTRIBUTES.responseModel, AI.modelId]) {
    const model = attributes[key];
    if (typeof model === 'string' && model !== '') return model;
  }
  return undefined;
}

/** A model call's request as Assay's OpenAI autolog records it: `{ model, messages, tools? }`. */
function modelCallInputs(attributes: Attributes): Record<string, unknown> | undefined {
  const messages = attributes[AI.promptMessages];
  if (messages === undefined) return undefined;
  const inputs: Record<string, unknown> = {};
  if (typeof attributes[AI.modelId] === 'string') inputs['model'] = attributes[AI.modelId];
  inputs['messages'] = toOpenAiChatMessages(jsonValue(messages));
  const tools = jsonList(attributes[AI.promptTools]);
  if (tools !== undefined && tools.length > 0) inputs['tools'] = tools.map(toOpenAiTool);
  return inputs;
}

/** A function's call (`ai.prompt`) as `{ model, messages }`. */
function functionInputs(attributes: Attributes): Record<string, unknown> | undefined {
  const prompt = attributes[AI.prompt];
  if (prompt === undefined) return undefined;
  const decoded = jsonValue(prompt);
  const messages = promptToOpenAiChatMessages(decoded);
  const inputs: Record<string, unknown> = {};
  if (typeof attributes[AI.modelId] === 'string') inputs['model'] = attributes[AI.modelId];
  if (messages === undefined) inputs['prompt'] = decoded;
  else inputs['messages'] = messages;
  return inputs;
}

/**
 * An answer as the `chat.completion` Assay's OpenAI autolog records: one
 * choice with the text (or the object's JSON text) and tool calls, the finish
 * reason as OpenAI spells it; undefined when the span recorded no answer.
 */
function chatCompletion(attributes: Attributes, content: string | undefined, usage: AiSdkSpanFields['usage']): Record<string, unknown> | undefined {
  const toolCalls = jsonValue(attributes[AI.responseToolCalls]);
  if (content === undefined && toolCalls === undefined) return undefined;
  const message: Record<string, unknown> = { role: 'assistant', content: content ?? null };
  if (Array.isArray(toolCalls) && toolCalls.length > 0) message['tool_calls'] = toolCalls.map(toOpenAiToolCall);
  else if (toolCalls !== undefined && !Array.isArray(toolCalls)) message['tool_calls'] = toolCalls;
  const completion: Record<string, unknown> = {};
  if (typeof attributes[AI.responseId] === 'string') completion['id'] = attributes[AI.responseId];
  completion['object'] = 'chat.completion';
  const model = modelOf(attributes);
  if (model !== undefined) completion['model'] = model;
  completion['choices'] = [{ index: 0, message, finish_reason: toOpenAiFinishReason(attributes[AI.responseFinishReason]) ?? null }];
  if (usage !== undefined) completion['usage'] = { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.totalTokens };
  return completion;
}

/** Embedding outputs as Assay's OpenAI autolog records them: each vector's index and dimensions, not the vector. */
function embeddingOutputs(vectors: unknown[] | undefined): Record<string, unknown> | undefined {
  if (vectors === undefined) return undefined;
  return { data: vectors.map((vector, index) => ({ index, dimensions: Array.isArray(vector) ? vector.length : undefined })) };
}

function embeddingInputs(attributes: Attributes): Record<string, unknown> | undefined {
  const single = attributes[AI.value];
  const input = single !== undefined ? jsonValue(single) : jsonList(attributes[AI.values]);
  if (input === undefined) return undefined;
  return typeof attributes[AI.modelId] === 'string' ? { model: attributes[AI.modelId], input } : { input };
}

function payloads(fn: string, modelCall: string | undefined, attributes: Attributes, usage: AiSdkSpanFields['usage']): { inputs: unknown; outputs: unknown } {
  if (fn === 'toolCall') {
    const args = attributes[AI.toolCallArgs];
    const result = attributes[AI.toolCallResult];
    return { inputs: args === undefined ? undefined : jsonValue(args), outputs: result === undefined ? undefined : jsonValue(result) };
  }
  if (fn === 'embed' || fn === 'embedMany') {
    const single = attributes[AI.embedding];
    const vectors = single !== undefined ? [jsonValue(single)] : jsonList(attributes[AI.embeddings]);
    return { inputs: embeddingInputs(attributes), outputs: embeddingOutputs(vectors) };
  }
  if (fn === 'rerank') {
    const documents = jsonList(attributes[AI.documents]);
    return { inputs: documents === undefined ? undefined : { documents }, outputs: jsonList(attributes[AI.ranking]) };
  }
  if (!TEXT_FUNCTIONS.has(fn)) return { inputs: undefined, outputs: undefined };
  const isObject = OBJECT_FUNCTIONS.has(fn);
  const object = attributes[AI.responseObject];
  if (modelCall === undefined) {
    // The function's answer: the object it returned (generateObject), else the text and tool calls of the last step.
    const outputs = isObject ? (object === undefined ? undefined : jsonValue(object)) : chatCompletion(attributes, textValue(attributes[AI.responseText]), usage);
    return { inputs: functionInputs(attributes), outputs };
  }
  const content = textValue(isObject ? object : attributes[AI.responseText]);
  return { inputs: modelCallInputs(attributes), outputs: chatCompletion(attributes, content, usage) };
}

/**
 * Reads a span of the Vercel AI SDK (`experimental_telemetry`), named by its
 * `ai.operationId`: its type, inputs and outputs in the shape Assay's OpenAI
 * autolog records (chat messages, a `chat.completion`; a tool's arguments and
 * result; a generated object), token usage and model. Undefined for an
 * operation it does not know.
 */
export function readAiSdkSpan(operationId: string, attributes: Attributes): AiSdkSpanFields | undefined {
  const spanType = aiSdkSpanType(operationId);
  if (spanType === undefined) return undefined;
  const { fn, modelCall } = splitOperation(operationId)!;
  const usage = usageOf(attributes);
  const fields: AiSdkSpanFields = { spanType, derivedAttributes: [] };
  try {
    const { inputs, outputs } = payloads(fn, modelCall, attributes, usage);
    if (inputs !== undefined) fields.inputs = JSON.stringify(inputs);
    if (outputs !== undefined) fields.outputs = JSON.stringify(outputs);
  } catch {
    // A payload nested past what JSON can write here (the stack) is left out of the row: the span and its attributes are kept.
    delete fields.inputs;
    delete fields.outputs;
  }
  if (usage !== undefined) fields.usage = usage;
  const model = modelOf(attributes);
  if (model !== undefined) fields.model = model;
  const finishReason = attributes[AI.responseFinishReason];
  if (typeof finishReason === 'string' && attributes[GEN_AI_ATTRIBUTES.responseFinishReasons] === undefined) {
    fields.derivedAttributes.push([GEN_AI_ATTRIBUTES.responseFinishReasons, [finishReason]]);
  }
  const msToFirstChunk = count(attributes[AI.responseMsToFirstChunk]);
  if (msToFirstChunk !== undefined && attributes[GEN_AI_ATTRIBUTES.timeToFirstChunk] === undefined) {
    fields.derivedAttributes.push([GEN_AI_ATTRIBUTES.timeToFirstChunk, msToFirstChunk / 1000]);
  }
  return fields;
}
