import { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES, type SpanType } from '@assay/core';
import type { LLMResult } from '@langchain/core/outputs';
import { toOpenAiMessage } from './to-openai-message.js';

interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
}

/** What a chat model or LLM run's result records: its outputs and the span attributes read from it. */
export interface ModelResult {
  /** The generated message(s) (chat models) or text(s) (LLMs), one unwrapped when there is only one. */
  outputs: unknown;
  /** Response model and id, finish reasons and token usage, where the result carries them. */
  attributes: Record<string, unknown>;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function usageOf(output: LLMResult): TokenUsage | undefined {
  let input = 0;
  let outputTokens = 0;
  let total = 0;
  let found = false;
  for (const generation of output.generations.flat()) {
    const usage = (generation as { message?: { usage_metadata?: Record<string, unknown> } }).message?.usage_metadata;
    if (usage === undefined) continue;
    found = true;
    input += numberOrUndefined(usage.input_tokens) ?? 0;
    outputTokens += numberOrUndefined(usage.output_tokens) ?? 0;
    total += numberOrUndefined(usage.total_tokens) ?? 0;
  }
  if (found) return { input_tokens: input, output_tokens: outputTokens, total_tokens: total || input + outputTokens };
  const tokenUsage = (output.llmOutput?.tokenUsage ?? output.llmOutput?.estimatedTokenUsage) as Record<string, unknown> | undefined;
  if (tokenUsage === undefined) return undefined;
  const prompt = numberOrUndefined(tokenUsage.promptTokens) ?? 0;
  const completion = numberOrUndefined(tokenUsage.completionTokens) ?? 0;
  return { input_tokens: prompt, output_tokens: completion, total_tokens: numberOrUndefined(tokenUsage.totalTokens) ?? prompt + completion };
}

/** The request attributes (provider, model, temperature, max tokens, top p) of a chat model or LLM run, from its start event. */
export function modelRequestAttributes(options: { extraParams: Record<string, unknown> | undefined; metadata: Record<string, unknown> | undefined }): Record<string, unknown> {
  const { extraParams, metadata } = options;
  const invocation = (extraParams?.invocation_params ?? {}) as Record<string, unknown>;
  const model = invocation.model ?? invocation.model_name ?? invocation.modelName ?? metadata?.ls_model_name;
  return {
    [GEN_AI_ATTRIBUTES.providerName]: typeof metadata?.ls_provider === 'string' ? metadata.ls_provider : undefined,
    [GEN_AI_ATTRIBUTES.requestModel]: typeof model === 'string' ? model : undefined,
    [GEN_AI_ATTRIBUTES.requestTemperature]: numberOrUndefined(invocation.temperature ?? metadata?.ls_temperature),
    [GEN_AI_ATTRIBUTES.requestMaxTokens]: numberOrUndefined(
      invocation.max_tokens ?? invocation.max_completion_tokens ?? invocation.maxTokens ?? metadata?.ls_max_tokens,
    ),
    [GEN_AI_ATTRIBUTES.requestTopP]: numberOrUndefined(invocation.top_p ?? invocation.topP),
  };
}

/** Reads a chat model's or LLM's result (`handleLLMEnd`) into span outputs and attributes. */
export function readModelResult(options: { output: LLMResult; spanType: SpanType }): ModelResult {
  const { output, spanType } = options;
  const generations = output.generations.flat();
  const attributes: Record<string, unknown> = {};
  const finishReasons: string[] = [];
  let outputs: unknown;
  if (spanType === 'CHAT_MODEL') {
    const messages = generations.map((generation) => {
      const message = (generation as { message?: { response_metadata?: Record<string, unknown>; id?: unknown } }).message;
      const metadata = message?.response_metadata ?? {};
      const finishReason = generation.generationInfo?.finish_reason ?? metadata.finish_reason;
      if (typeof finishReason === 'string') finishReasons.push(finishReason);
      if (typeof metadata.model_name === 'string') attributes[GEN_AI_ATTRIBUTES.responseModel] = metadata.model_name;
      const responseId = metadata.id ?? message?.id;
      // LangChain names messages without a provider id `run-<uuid>`: not a response id.
      if (typeof responseId === 'string' && !responseId.startsWith('run-')) attributes[GEN_AI_ATTRIBUTES.responseId] = responseId;
      return message === undefined ? { role: 'assistant', content: generation.text } : toOpenAiMessage(message);
    });
    outputs = messages.length === 1 ? messages[0] : messages;
  } else {
    for (const generation of generations) {
      const finishReason = generation.generationInfo?.finish_reason ?? generation.generationInfo?.finishReason;
      if (typeof finishReason === 'string') finishReasons.push(finishReason);
    }
    const texts = generations.map((generation) => generation.text);
    outputs = texts.length === 1 ? texts[0] : texts;
  }
  if (finishReasons.length > 0) attributes[GEN_AI_ATTRIBUTES.responseFinishReasons] = finishReasons;
  const usage = usageOf(output);
  if (usage !== undefined) {
    attributes[ASSAY_ATTRIBUTES.tokenUsage] = usage;
    attributes[GEN_AI_ATTRIBUTES.usageInputTokens] = usage.input_tokens;
    attributes[GEN_AI_ATTRIBUTES.usageOutputTokens] = usage.output_tokens;
  }
  return { outputs, attributes };
}
