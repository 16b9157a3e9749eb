/**
 * Span attribute keys, defined once. Assay writes MLflow's keys (so MLflow
 * tools read Assay traces) and the OpenTelemetry GenAI semantic conventions;
 * it also reads OpenInference keys from other instrumentations.
 */
export const ASSAY_ATTRIBUTES = {
  spanType: 'mlflow.spanType',
  spanInputs: 'mlflow.spanInputs',
  spanOutputs: 'mlflow.spanOutputs',
  /** JSON `{input_tokens, output_tokens, total_tokens}`. */
  tokenUsage: 'mlflow.chat.tokenUsage',
  traceRequestId: 'mlflow.traceRequestId',
  experimentId: 'mlflow.experimentId',
  /** The run a trace belongs to. */
  sourceRun: 'mlflow.sourceRun',
  messageFormat: 'mlflow.message.format',
  /** On the root span: JSON object of trace tags set while tracing. */
  traceTags: 'assay.trace.tags',
  /** On the root span: JSON object of trace metadata. */
  traceMetadata: 'assay.trace.metadata',
  /**
   * `true` on the topmost span of a trace that has a parent nonetheless (an
   * application's own span Assay joined, or another service's): the store
   * takes it as the trace's root and keeps its parent id.
   */
  traceRoot: 'assay.trace.root',
  sessionId: 'mlflow.trace.session',
  userId: 'mlflow.trace.user',
  /** On the span of one row's model call in `evaluate()`: the row's index in the data. */
  evaluationRow: 'assay.evaluation.row',
} as const;

/** OpenTelemetry GenAI semantic conventions (gen_ai.*). */
export const GEN_AI_ATTRIBUTES = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  requestTemperature: 'gen_ai.request.temperature',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTopP: 'gen_ai.request.top_p',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  /** Older name of `gen_ai.usage.input_tokens` (semantic conventions before 1.27, OpenLLMetry); read when the new one is absent. */
  usagePromptTokens: 'gen_ai.usage.prompt_tokens',
  /** Older name of `gen_ai.usage.output_tokens`; read when the new one is absent. */
  usageCompletionTokens: 'gen_ai.usage.completion_tokens',
  /** The chat history sent to the model: JSON text of `[{ role, parts }]` (or the structured value). */
  inputMessages: 'gen_ai.input.messages',
  /** The messages the model answered with: JSON text of `[{ role, parts, finish_reason }]` (or the structured value). */
  outputMessages: 'gen_ai.output.messages',
  /**
   * The prompt before `gen_ai.input.messages` existed: an attribute (JSON or
   * text), or flattened as `gen_ai.prompt.<i>.role` / `.content` (OpenLLMetry).
   */
  prompt: 'gen_ai.prompt',
  /** The completion before `gen_ai.output.messages`; like `gen_ai.prompt`. */
  completion: 'gen_ai.completion',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  responseId: 'gen_ai.response.id',
  /** Seconds from the request to the first streamed chunk. */
  timeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  toolCallId: 'gen_ai.tool.call.id',
  /** The embedding length of an embeddings call. */
  embeddingsDimensionCount: 'gen_ai.embeddings.dimension.count',
} as const;

/** Span events of the OTel GenAI conventions that carry a call's prompt and completion. */
export const GEN_AI_EVENTS = {
  /** Holds `gen_ai.prompt` (conventions before 1.28). */
  contentPrompt: 'gen_ai.content.prompt',
  /** Holds `gen_ai.completion` (conventions before 1.28). */
  contentCompletion: 'gen_ai.content.completion',
  /** Holds `gen_ai.input.messages` and `gen_ai.output.messages` (conventions from 1.37). */
  inferenceOperationDetails: 'gen_ai.client.inference.operation.details',
} as const;

/** General OpenTelemetry semantic-convention keys Assay's integrations set. */
export const SEMCONV_ATTRIBUTES = {
  /** An error's class (e.g. `RateLimitError`) or HTTP status, on failed operations. */
  errorType: 'error.type',
  httpResponseStatusCode: 'http.response.status_code',
  serverAddress: 'server.address',
  /** A resource attribute: the service that produced the spans (OTLP ingest keeps it on the trace). */
  serviceName: 'service.name',
} as const;

/** Keys of Assay's OpenAI integration beyond the GenAI conventions. */
export const OPENAI_ATTRIBUTES = {
  /** Which OpenAI API a span called: `chat.completions`, `responses` or `embeddings`. */
  api: 'openai.api',
  /** True when the call streamed its answer. */
  stream: 'openai.request.stream',
  /** How the app received the answer when not as parsed data (`raw-response`). */
  responseMode: 'openai.response.mode',
} as const;

/** OpenInference keys, read when traces come from OpenInference instrumentations. */
export const OPENINFERENCE_ATTRIBUTES = {
  spanKind: 'openinference.span.kind',
  inputValue: 'input.value',
  outputValue: 'output.value',
  promptTokens: 'llm.token_count.prompt',
  completionTokens: 'llm.token_count.completion',
  totalTokens: 'llm.token_count.total',
  modelName: 'llm.model_name',
  /** Prefix of the flattened input messages: `llm.input_messages.<i>.message.role`, `.content`, `.tool_calls.<j>.tool_call.function.name` ... */
  inputMessages: 'llm.input_messages',
  /** Prefix of the flattened output messages, as `llm.input_messages`. */
  outputMessages: 'llm.output_messages',
} as const;

/** Attributes of spans recorded from LangChain runs (`langchain.*`). */
export const LANGCHAIN_ATTRIBUTES = {
  /** The run's tags (JSON array); LangChain tags are span attributes, not trace tags. */
  tags: 'langchain.tags',
  /** The run's metadata (JSON object). */
  metadata: 'langchain.metadata',
  /** On `agent_action` events: the tool the agent chose. */
  agentTool: 'langchain.agent.tool',
  /** On `agent_action` events: the tool input (JSON). */
  agentToolInput: 'langchain.agent.tool_input',
  /** On agent events: the agent's log text. */
  agentLog: 'langchain.agent.log',
  /** On `agent_finish` events: the return values (JSON). */
  agentReturnValues: 'langchain.agent.return_values',
} as const;

/**
 * Keys of the Vercel AI SDK's own OpenTelemetry spans (`experimental_telemetry`):
 * read at ingest to type its spans and give them inputs, outputs, usage and model.
 * String values marked JSON are JSON text as the AI SDK sets them.
 */
export const AI_SDK_ATTRIBUTES = {
  /** The operation: `ai.generateText`, `ai.generateText.doGenerate`, `ai.toolCall`, `ai.embed` ... */
  operationId: 'ai.operationId',
  functionId: 'ai.telemetry.functionId',
  modelId: 'ai.model.id',
  modelProvider: 'ai.model.provider',
  /** JSON `{ system?, prompt?, messages? }` of a top-level call. */
  prompt: 'ai.prompt',
  /** JSON list of the messages sent to the model (its prompt format: `{ role, content: string | parts }`). */
  promptMessages: 'ai.prompt.messages',
  responseText: 'ai.response.text',
  /** JSON list of `{ toolCallId, toolName, input }`. */
  responseToolCalls: 'ai.response.toolCalls',
  /** JSON text of the generated object (`generateObject`, `streamObject`). */
  responseObject: 'ai.response.object',
  responseFinishReason: 'ai.response.finishReason',
  responseModel: 'ai.response.model',
  responseId: 'ai.response.id',
  /** Milliseconds from the call to the first streamed chunk. */
  responseMsToFirstChunk: 'ai.response.msToFirstChunk',
  usageInputTokens: 'ai.usage.inputTokens',
  usageOutputTokens: 'ai.usage.outputTokens',
  usageTotalTokens: 'ai.usage.totalTokens',
  /** Older name of `ai.usage.inputTokens` (still set by `generateObject`). */
  usagePromptTokens: 'ai.usage.promptTokens',
  /** Older name of `ai.usage.outputTokens` (still set by `generateObject`). */
  usageCompletionTokens: 'ai.usage.completionTokens',
  /** The tokens of an embedding call. */
  usageTokens: 'ai.usage.tokens',
  toolCallName: 'ai.toolCall.name',
  toolCallId: 'ai.toolCall.id',
  /** JSON of the tool's input. */
  toolCallArgs: 'ai.toolCall.args',
  /** JSON of the tool's output. */
  toolCallResult: 'ai.toolCall.result',
  /** JSON of the value `embed` embeds. */
  value: 'ai.value',
  /** List of JSON texts of the values `embedMany` (and `doEmbed`) embed. */
  values: 'ai.values',
  /** JSON of the vector `embed` returned. */
  embedding: 'ai.embedding',
  /** List of JSON texts of the vectors `embedMany` (and `doEmbed`) returned. */
  embeddings: 'ai.embeddings',
  /** List of JSON texts of the documents `rerank` ranks. */
  documents: 'ai.documents',
  /** List of JSON texts of the ranking `rerank` returned. */
  ranking: 'ai.ranking',
  /** List of JSON texts of the tools offered to the model (`{ type, name, description, inputSchema }`). */
  promptTools: 'ai.prompt.tools',
} as const;
