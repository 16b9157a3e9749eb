import { SPAN_TYPES, type Span, type SpanEvent, type SpanStatus, type SpanType } from '../entities/trace.js';
import { readAiSdkSpan, type AiSdkSpanFields } from './ai-sdk/read-ai-sdk-span.js';
import { AI_SDK_ATTRIBUTES, ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES, GEN_AI_EVENTS, OPENINFERENCE_ATTRIBUTES } from './attribute-keys.js';
import { decodeAttributeValue } from './decode-attribute-value.js';
import { unflattenAttributes } from './unflatten-attributes.js';
import { PACKED_FIELD_SEPARATOR, PACKED_ROW_SEPARATOR, packText, type PackedSpanRows } from './packed-span-rows.js';
import type { SpanEncoding } from './span-encoding.js';

/**
 * A span as its producer holds it, for PackedSpanRowsBuilder.append: ids and
 * times in Assay's form, and the attribute values as they were set.
 */
export interface PackableSpan {
  /** `tr-` + 32 hex characters. */
  readonly traceId: string;
  /** 16 hex characters. */
  readonly spanId: string;
  /** Absent for a span without a parent. */
  readonly parentSpanId?: string | undefined;
  readonly name: string;
  /** The type when the attributes name none (Assay's `mlflow.spanType`, OpenInference's span kind); default UNKNOWN. */
  readonly spanType?: SpanType | undefined;
  /** Nanoseconds since the epoch, decimal digits. */
  readonly startTimeUnixNano: string;
  /** Absent while the span is open. */
  readonly endTimeUnixNano?: string | undefined;
  readonly statusCode: SpanStatus['code'];
  readonly statusMessage?: string | undefined;
  /**
   * The attribute values: JSON text for the string values `isJsonText`
   * accepts (written into the row as they are), decoded values for the rest
   * (written as JSON). Keys with an undefined value are left out.
   */
  readonly attributes: Readonly<Record<string, unknown>>;
  /**
   * Which string values are JSON text (MLflow's JSON-encoded values); default
   * none. `'plain'` vouches that the text holds no control character (as
   * `JSON.stringify` writes it), which saves checking it.
   */
  readonly isJsonText?: ((key: string, value: string) => boolean | 'plain') | undefined;
  /** The events, their attributes decoded. */
  readonly events: readonly SpanEvent[];
  /**
   * Trace metadata from outside the attributes (OTLP ingest passes the
   * resource's attributes: `service.name` ...), written on a root span only
   * (the store reads a trace's metadata from its root); the keys of the
   * span's own `assay.trace.metadata` win.
   */
  readonly traceMetadata?: Readonly<Record<string, string>> | undefined;
}

// What an attribute key means to a row, beyond its place in the attributes.
const ROLE = {
  inputs: 1,
  outputs: 2,
  openInferenceInputs: 3,
  openInferenceOutputs: 4,
  spanType: 5,
  openInferenceKind: 6,
  usage: 7,
  genAiInputTokens: 8,
  genAiOutputTokens: 9,
  promptTokens: 10,
  completionTokens: 11,
  totalTokens: 12,
  responseModel: 13,
  requestModel: 14,
  modelName: 15,
  sessionId: 16,
  userId: 17,
  runId: 18,
  traceTags: 19,
  traceMetadata: 20,
  traceRoot: 21,
  genAiOperation: 22,
  genAiInputMessages: 23,
  genAiOutputMessages: 24,
  genAiPrompt: 25,
  genAiCompletion: 26,
  genAiPromptTokens: 27,
  genAiCompletionTokens: 28,
  aiSdkOperation: 29,
} as const;

const KEY_ROLES: ReadonlyMap<string, number> = new Map<string, number>([
  [ASSAY_ATTRIBUTES.spanInputs, ROLE.inputs],
  [ASSAY_ATTRIBUTES.spanOutputs, ROLE.outputs],
  [OPENINFERENCE_ATTRIBUTES.inputValue, ROLE.openInferenceInputs],
  [OPENINFERENCE_ATTRIBUTES.outputValue, ROLE.openInferenceOutputs],
  [ASSAY_ATTRIBUTES.spanType, ROLE.spanType],
  [OPENINFERENCE_ATTRIBUTES.spanKind, ROLE.openInferenceKind],
  [ASSAY_ATTRIBUTES.tokenUsage, ROLE.usage],
  [GEN_AI_ATTRIBUTES.usageInputTokens, ROLE.genAiInputTokens],
  [GEN_AI_ATTRIBUTES.usageOutputTokens, ROLE.genAiOutputTokens],
  [OPENINFERENCE_ATTRIBUTES.promptTokens, ROLE.promptTokens],
  [OPENINFERENCE_ATTRIBUTES.completionTokens, ROLE.completionTokens],
  [OPENINFERENCE_ATTRIBUTES.totalTokens, ROLE.totalTokens],
  [GEN_AI_ATTRIBUTES.responseModel, ROLE.responseModel],
  [GEN_AI_ATTRIBUTES.requestModel, ROLE.requestModel],
  [OPENINFERENCE_ATTRIBUTES.modelName, ROLE.modelName],
  [ASSAY_ATTRIBUTES.sessionId, ROLE.sessionId],
  [ASSAY_ATTRIBUTES.userId, ROLE.userId],
  [ASSAY_ATTRIBUTES.sourceRun, ROLE.runId],
  [ASSAY_ATTRIBUTES.traceTags, ROLE.traceTags],
  [ASSAY_ATTRIBUTES.traceMetadata, ROLE.traceMetadata],
  [ASSAY_ATTRIBUTES.traceRoot, ROLE.traceRoot],
  [GEN_AI_ATTRIBUTES.operationName, ROLE.genAiOperation],
  [GEN_AI_ATTRIBUTES.inputMessages, ROLE.genAiInputMessages],
  [GEN_AI_ATTRIBUTES.outputMessages, ROLE.genAiOutputMessages],
  [GEN_AI_ATTRIBUTES.prompt, ROLE.genAiPrompt],
  [GEN_AI_ATTRIBUTES.completion, ROLE.genAiCompletion],
  [GEN_AI_ATTRIBUTES.usagePromptTokens, ROLE.genAiPromptTokens],
  [GEN_AI_ATTRIBUTES.usageCompletionTokens, ROLE.genAiCompletionTokens],
  [AI_SDK_ATTRIBUTES.operationId, ROLE.aiSdkOperation],
]);

// Lists flattened into attributes (see unflattenAttributes), which become inputs or outputs when nothing else gives them.
const FLATTENED = {
  openInferenceInputs: 0,
  openInferenceOutputs: 1,
  genAiPrompt: 2,
  genAiCompletion: 3,
} as const;
const FLATTENED_PREFIXES: readonly string[] = [
  `${OPENINFERENCE_ATTRIBUTES.inputMessages}.`,
  `${OPENINFERENCE_ATTRIBUTES.outputMessages}.`,
  `${GEN_AI_ATTRIBUTES.prompt}.`,
  `${GEN_AI_ATTRIBUTES.completion}.`,
];

/** Which flattened list a key belongs to (FLATTENED), or -1: one character compared for most keys. */
function flattenedListOf(key: string): number {
  const first = key.charCodeAt(0);
  if (first !== 0x6c /* l */ && first !== 0x67 /* g */) return -1;
  for (let list = 0; list < FLATTENED_PREFIXES.length; list += 1) {
    const prefix = FLATTENED_PREFIXES[list]!;
    if (key.length > prefix.length && key.startsWith(prefix)) return list;
  }
  return -1;
}

// The span type of a GenAI operation (`gen_ai.operation.name`), as Assay's own integrations type them.
const GEN_AI_OPERATION_SPAN_TYPES: Readonly<Record<string, SpanType>> = {
  chat: 'CHAT_MODEL',
  generate_content: 'CHAT_MODEL',
  text_completion: 'LLM',
  embeddings: 'EMBEDDING',
  execute_tool: 'TOOL',
  invoke_agent: 'AGENT',
  create_agent: 'AGENT',
  retrieval: 'RETRIEVER',
};

/** A payload (inputs, outputs) found in an event's attributes: the GenAI conventions' prompt and completion events. */
function eventPayloads(events: readonly SpanEvent[]): { inputs?: string; outputs?: string } {
  const found: { inputs?: string; outputs?: string } = {};
  for (const event of events) {
    let inputs: unknown;
    let outputs: unknown;
    if (event.name === GEN_AI_EVENTS.inferenceOperationDetails) {
      inputs = event.attributes[GEN_AI_ATTRIBUTES.inputMessages];
      outputs = event.attributes[GEN_AI_ATTRIBUTES.outputMessages];
    } else if (event.name === GEN_AI_EVENTS.contentPrompt) {
      inputs = event.attributes[GEN_AI_ATTRIBUTES.prompt];
    } else if (event.name === GEN_AI_EVENTS.contentCompletion) {
      outputs = event.attributes[GEN_AI_ATTRIBUTES.completion];
    } else {
      continue;
    }
    // Event attributes come decoded (JSON text of messages already parsed); JSON.stringify writes no control character.
    if (inputs !== undefined && found.inputs === undefined) found.inputs = JSON.stringify(inputs);
    if (outputs !== undefined && found.outputs === undefined) found.outputs = JSON.stringify(outputs);
  }
  return found;
}

/** The trace metadata a root span carries: `extra` under the span's own (JSON text, or empty when there is none). */
function mergeTraceMetadata(extra: Readonly<Record<string, string>>, own: string): string {
  const merged: Record<string, string> = { ...extra };
  if (own !== '') Object.assign(merged, JSON.parse(own) as Record<string, string>);
  return Object.keys(merged).length === 0 ? own : JSON.stringify(merged);
}

const OPENINFERENCE_SPAN_TYPES: Readonly<Record<string, SpanType>> = {
  LLM: 'LLM',
  CHAIN: 'CHAIN',
  TOOL: 'TOOL',
  RETRIEVER: 'RETRIEVER',
  EMBEDDING: 'EMBEDDING',
  RERANKER: 'RERANKER',
  AGENT: 'AGENT',
};

const SPAN_TYPE_SET: ReadonlySet<string> = new Set(SPAN_TYPES);
// Every span of Assay's tracer carries its JSON-encoded type: read the known ones without parsing.
const ENCODED_SPAN_TYPES: ReadonlyMap<string, SpanType> = new Map(SPAN_TYPES.map((spanType) => [JSON.stringify(spanType), spanType]));

// Control characters: JSON text holding one other than tab, line feed and
// carriage return is not JSON (and may hold a separator), so it is written as a string.
// eslint-disable-next-line no-control-regex -- control characters are what these look for
const ANY_CONTROL = /[\u0000-\u001f]/u;
// eslint-disable-next-line no-control-regex -- control characters are what these look for
const NON_WHITESPACE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/u;

// JSON text of attribute keys, which repeat from span to span.
const keyTexts = new Map<string, string>();
function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (keyTexts.size < 10_000) keyTexts.set(key, text);
  }
  return text;
}

function toCount(value: unknown): number | undefined {
  const count = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof count === 'number' && Number.isFinite(count) ? count : undefined;
}

/** A decoded value as text, as a root attribute names a session, user or run. */
function asIdText(value: unknown): string | undefined {
  const decoded = decodeAttributeValue(value);
  return decoded === undefined || decoded === null ? undefined : String(decoded);
}

/** JSON text of a root attribute's record (trace tags, metadata), its values as strings. */
function stringRecordText(value: unknown): string {
  const object = decodeAttributeValue(value);
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return '{}';
  const record: Record<string, string> = {};
  for (const [key, item] of Object.entries(object as Record<string, unknown>)) {
    if (item !== undefined && item !== null) record[key] = typeof item === 'string' ? item : JSON.stringify(item);
  }
  return JSON.stringify(record);
}

function countText(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

const US = PACKED_FIELD_SEPARATOR;
// The fields before the attributes (ten), each followed by its separator.
const LEADING_SLOTS = 20;

/** packText for short texts (ids, times, names): a loop over the characters costs less than a regular expression. */
function packShortText(text: string): string {
  if (text.length > 64) return packText(text);
  for (let index = 0; index < text.length; index += 1) {
    if (text.charCodeAt(index) < 0x20) return packText(text);
  }
  return text === '' ? packText(text) : text;
}

/** A flattened list's payload: JSON of the list built back; undefined when the span has none. */
function flattenedPayload(flattened: readonly (readonly [string, unknown])[][] | undefined, list: number): string | undefined {
  const entries = flattened?.[list];
  if (entries === undefined || entries.length === 0) return undefined;
  const value = unflattenAttributes(entries);
  return value === undefined ? undefined : JSON.stringify(value);
}

/** A payload attribute (inputs, outputs) as its row field: JSON text, a string value written as a JSON string. */
function payloadField(value: unknown, text: string, jsonText: boolean, plain: boolean): string {
  let payload: string;
  if (jsonText || typeof value !== 'string') payload = text;
  else {
    const decoded = decodeAttributeValue(value);
    payload = decoded === value ? text : JSON.stringify(decoded);
  }
  return plain ? payload : packText(payload);
}

/**
 * One span as a packed row (see PackedSpanRows): its attributes walked once,
 * written as JSON text, with inputs, outputs, type, usage, model and the
 * root attributes read on the way.
 */
export function packSpanRow(span: PackableSpan): string {
  const { attributes, isJsonText } = span;
  // The row's pieces, joined once at the end (one copy of the text; concatenating would
  // build a rope that every later read flattens). The first ten fields and their
  // separators take the first slots, filled once the attributes are read.
  const parts = new Array<string>(LEADING_SLOTS);
  parts.push('{');
  let firstAttribute = true;
  let inputs: string | undefined;
  let outputs: string | undefined;
  let openInferenceInputs: string | undefined;
  let openInferenceOutputs: string | undefined;
  let spanType: SpanType | undefined;
  let openInferenceKind: unknown;
  let usage: unknown;
  let genAiInputTokens: unknown;
  let genAiOutputTokens: unknown;
  let promptTokens: unknown;
  let completionTokens: unknown;
  let totalTokens: unknown;
  let responseModel: unknown;
  let requestModel: unknown;
  let modelName: unknown;
  let sessionId: string | undefined;
  let userId: string | undefined;
  let runId: string | undefined;
  let traceTags = '';
  let traceMetadata = '';
  let root = false;
  let genAiOperation: unknown;
  let genAiInputs: string | undefined;
  let genAiOutputs: string | undefined;
  let genAiPrompt: string | undefined;
  let genAiCompletion: string | undefined;
  let genAiPromptTokens: unknown;
  let genAiCompletionTokens: unknown;
  let aiSdkOperation: unknown;
  let flattened: [string, unknown][][] | undefined;
  for (const key in attributes) {
    if (!Object.hasOwn(attributes, key)) continue;
    const value = attributes[key];
    if (value === undefined) continue;
    let text: string | undefined;
    // JSON text goes in as it is; `plain` when it also holds no control character (a text field can take it unescaped).
    let jsonText = false;
    let plain = true;
    if (typeof value === 'string' && isJsonText !== undefined) {
      const kind = isJsonText(key, value);
      if (kind === 'plain') {
        text = value;
        jsonText = true;
      } else if (kind) {
        plain = !ANY_CONTROL.test(value);
        if (plain || !NON_WHITESPACE_CONTROL.test(value)) {
          text = value;
          jsonText = true;
        }
      }
    }
    if (!jsonText) {
      plain = true;
      text = JSON.stringify(value);
      if (text === undefined) continue;
    }
    if (firstAttribute) firstAttribute = false;
    else parts.push(',');
    parts.push(keyText(key), ':', text!);
    const role = KEY_ROLES.get(key);
    if (role === undefined) {
      const list = flattenedListOf(key);
      if (list !== -1) {
        flattened ??= [[], [], [], []];
        flattened[list]!.push([key.slice(FLATTENED_PREFIXES[list]!.length), jsonText ? decodeAttributeValue(value) : value]);
      }
      continue;
    }
    // The value as a decoded span holds it; readers below decode it once more, as stores always have.
    switch (role) {
      case ROLE.inputs:
        inputs = payloadField(value, text!, jsonText, plain);
        break;
      case ROLE.outputs:
        outputs = payloadField(value, text!, jsonText, plain);
        break;
      case ROLE.genAiInputMessages:
        genAiInputs = payloadField(value, text!, jsonText, plain);
        break;
      case ROLE.genAiOutputMessages:
        genAiOutputs = payloadField(value, text!, jsonText, plain);
        break;
      case ROLE.genAiPrompt:
        genAiPrompt = payloadField(value, text!, jsonText, plain);
        break;
      case ROLE.genAiCompletion:
        genAiCompletion = payloadField(value, text!, jsonText, plain);
        break;
      case ROLE.openInferenceInputs:
      case ROLE.openInferenceOutputs: {
        const decoded = jsonText ? text! : typeof value === 'string' ? value : text!;
        const field = packText(decoded);
        if (role === ROLE.openInferenceInputs) openInferenceInputs = field;
        else openInferenceOutputs = field;
        break;
      }
      case ROLE.spanType: {
        const known = jsonText ? ENCODED_SPAN_TYPES.get(value as string) : SPAN_TYPE_SET.has(value as string) ? (value as SpanType) : undefined;
        if (known !== undefined) spanType = known;
        else {
          const decoded = decodeAttributeValue(jsonText ? decodeAttributeValue(value) : value);
          if (typeof decoded === 'string' && SPAN_TYPE_SET.has(decoded)) spanType = decoded as SpanType;
        }
        break;
      }
      default: {
        const decoded = jsonText ? decodeAttributeValue(value) : value;
        switch (role) {
          case ROLE.openInferenceKind:
            openInferenceKind = decoded;
            break;
          case ROLE.usage:
            usage = decodeAttributeValue(decoded);
            break;
          case ROLE.genAiInputTokens:
            genAiInputTokens = decoded;
            break;
          case ROLE.genAiOutputTokens:
            genAiOutputTokens = decoded;
            break;
          case ROLE.promptTokens:
            promptTokens = decoded;
            break;
          case ROLE.completionTokens:
            completionTokens = decoded;
            break;
          case ROLE.totalTokens:
            totalTokens = decoded;
            break;
          case ROLE.responseModel:
            responseModel = decoded;
            break;
          case ROLE.requestModel:
            requestModel = decoded;
            break;
          case ROLE.modelName:
            modelName = decoded;
            break;
          case ROLE.sessionId:
            sessionId = asIdText(decoded);
            break;
          case ROLE.userId:
            userId = asIdText(decoded);
            break;
          case ROLE.runId:
            runId = asIdText(decoded);
            break;
          case ROLE.traceTags:
            traceTags = stringRecordText(decoded);
            break;
          case ROLE.traceMetadata:
            traceMetadata = stringRecordText(decoded);
            break;
          case ROLE.traceRoot:
            root = decoded === true;
            break;
          case ROLE.genAiOperation:
            genAiOperation = decoded;
            break;
          case ROLE.genAiPromptTokens:
            genAiPromptTokens = decoded;
            break;
          case ROLE.genAiCompletionTokens:
            genAiCompletionTokens = decoded;
            break;
          case ROLE.aiSdkOperation:
            aiSdkOperation = decoded;
            break;
        }
      }
    }
  }
  // A span of the Vercel AI SDK: what its `ai.*` attributes say, and the GenAI attributes they stand for.
  const aiSdk: AiSdkSpanFields | undefined = typeof aiSdkOperation === 'string' ? readAiSdkSpan(aiSdkOperation, attributes) : undefined;
  if (aiSdk !== undefined) {
    for (const [key, value] of aiSdk.derivedAttributes) {
      if (firstAttribute) firstAttribute = false;
      else parts.push(',');
      parts.push(keyText(key), ':', JSON.stringify(value));
    }
  }
  parts.push('}');

  // The type: Assay's (MLflow's) attribute, else OpenInference's kind, else the producer's, else the AI SDK's or the GenAI operation's.
  if (spanType === undefined) {
    if (typeof openInferenceKind === 'string') spanType = OPENINFERENCE_SPAN_TYPES[openInferenceKind.toUpperCase()] ?? 'UNKNOWN';
    else if (span.spanType !== undefined && span.spanType !== 'UNKNOWN') spanType = span.spanType;
    else spanType = aiSdk?.spanType ?? (typeof genAiOperation === 'string' ? GEN_AI_OPERATION_SPAN_TYPES[genAiOperation] : undefined) ?? 'UNKNOWN';
  }

  // Token usage from the first convention the span carries: Assay's (MLflow's), GenAI's, OpenInference's, the AI SDK's.
  let inputCount: number | undefined;
  let outputCount: number | undefined;
  let totalCount: number | undefined;
  let hasUsage = false;
  if (usage !== null && typeof usage === 'object') {
    const record = usage as Record<string, unknown>;
    inputCount = toCount(record['input_tokens']) ?? 0;
    outputCount = toCount(record['output_tokens']) ?? 0;
    totalCount = toCount(record['total_tokens']) ?? inputCount + outputCount;
    hasUsage = true;
  } else {
    const genAiInput = toCount(genAiInputTokens) ?? toCount(genAiPromptTokens);
    const genAiOutput = toCount(genAiOutputTokens) ?? toCount(genAiCompletionTokens);
    if (genAiInput !== undefined || genAiOutput !== undefined) {
      inputCount = genAiInput ?? 0;
      outputCount = genAiOutput ?? 0;
      totalCount = inputCount + outputCount;
      hasUsage = true;
    } else {
      const prompt = toCount(promptTokens);
      const completion = toCount(completionTokens);
      const total = toCount(totalTokens);
      if (prompt !== undefined || completion !== undefined || total !== undefined) {
        inputCount = prompt ?? 0;
        outputCount = completion ?? 0;
        totalCount = total ?? inputCount + outputCount;
        hasUsage = true;
      } else if (aiSdk?.usage !== undefined) {
        ({ inputTokens: inputCount, outputTokens: outputCount, totalTokens: totalCount } = aiSdk.usage);
        hasUsage = true;
      }
    }
  }
  // The model prices usage: the one that answered, else the one asked for, else OpenInference's, else the AI SDK's.
  let model = '';
  if (hasUsage) {
    for (const candidate of [responseModel, requestModel, modelName, aiSdk?.model]) {
      if (typeof candidate === 'string' && candidate !== '') {
        model = packText(candidate);
        break;
      }
    }
  }

  // Read once: a producer's view may build its events on each read.
  const spanEvents = span.events;
  const events = spanEvents.length === 0 ? '[]' : JSON.stringify(spanEvents);
  const parentSpanId = span.parentSpanId === undefined ? '' : packShortText(span.parentSpanId);
  const endTime = span.endTimeUnixNano === undefined ? '' : packShortText(span.endTimeUnixNano);
  const statusMessage = span.statusMessage === undefined ? '' : packText(span.statusMessage);
  // Inputs and outputs from the first convention the span carries: Assay's (MLflow's), OpenInference's value,
  // GenAI's messages, OpenInference's flattened messages, GenAI's older prompt and completion, the AI SDK's, then the events.
  inputs ??=
    openInferenceInputs ?? genAiInputs ?? flattenedPayload(flattened, FLATTENED.openInferenceInputs) ?? genAiPrompt ?? flattenedPayload(flattened, FLATTENED.genAiPrompt) ?? aiSdk?.inputs;
  outputs ??=
    openInferenceOutputs ??
    genAiOutputs ??
    flattenedPayload(flattened, FLATTENED.openInferenceOutputs) ??
    genAiCompletion ??
    flattenedPayload(flattened, FLATTENED.genAiCompletion) ??
    aiSdk?.outputs;
  if ((inputs === undefined || outputs === undefined) && spanEvents.length > 0) {
    const found = eventPayloads(spanEvents);
    inputs ??= found.inputs;
    outputs ??= found.outputs;
  }
  inputs ??= '';
  outputs ??= '';
  const extraMetadata = span.traceMetadata;
  if (extraMetadata !== undefined && (root || span.parentSpanId === undefined)) traceMetadata = mergeTraceMetadata(extraMetadata, traceMetadata);
  const leading = [
    packShortText(span.traceId),
    packShortText(span.spanId),
    parentSpanId,
    root ? '1' : '',
    packShortText(span.name),
    spanType,
    packShortText(span.startTimeUnixNano),
    endTime,
    span.statusCode,
    statusMessage,
  ];
  for (let index = 0; index < leading.length; index += 1) {
    parts[index * 2] = leading[index]!;
    parts[index * 2 + 1] = US;
  }
  parts.push(
    US, events,
    US, inputs,
    US, outputs,
    US, countText(inputCount),
    US, countText(outputCount),
    US, countText(totalCount),
    US, model,
    US, sessionId === undefined ? '' : packText(sessionId),
    US, userId === undefined ? '' : packText(userId),
    US, runId === undefined ? '' : packText(runId),
    US, traceTags,
    US, traceMetadata,
  );
  return parts.join('');
}

/** A core `Span` as packSpanRow reads it, its attributes from its producer's encoding when given (see LogSpansInput.encodings). */
export function toPackableSpan(span: Span, encoding?: SpanEncoding | null): PackableSpan {
  const jsonKeys = encoding?.jsonKeys;
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    spanType: span.spanType,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    statusCode: span.status.code,
    statusMessage: span.status.message,
    // The encoding describes every attribute (the span's own may leave keys to it).
    attributes: encoding ? encoding.attributes : span.attributes,
    isJsonText: jsonKeys === undefined || jsonKeys.length === 0 ? undefined : (key) => jsonKeys.includes(key),
    events: span.events,
  };
}

// Small rows are kept as joined chunks of this many: few objects live in a
// builder, whatever its size, and each row dies young. Large rows (each a
// sizeable object already) are joined only when the batch is built, up to a
// bound, which saves copying their text twice.
const ROWS_PER_CHUNK = 256;
const LARGE_ROW_CHARACTERS = 1_024;
const MAX_PENDING_ROWS = 4_096;

/**
 * Appends spans to one packed batch (see PackedSpanRows). Each span is
 * packed when appended; the builder keeps the rows as a few long strings
 * (joined every few hundred rows), so holding many spans costs few objects.
 */
export class PackedSpanRowsBuilder {
  private chunks: string[] = [];
  private pending: string[] = [];
  private pendingCharacters = 0;
  private rowCount = 0;
  private characterCount = 0;

  /** Rows appended so far. */
  get count(): number {
    return this.rowCount;
  }

  /** Characters of the rows appended so far, separators included (the length of the built batch). */
  get characters(): number {
    return this.characterCount;
  }

  /** Packs and appends one span as its producer holds it. */
  append(span: PackableSpan): void {
    this.appendRow(packSpanRow(span));
  }

  /** Packs and appends a core `Span`, reading its attributes from its producer's encoding when given (see LogSpansInput.encodings). */
  appendSpan(span: Span, encoding?: SpanEncoding | null): void {
    this.appendRow(packSpanRow(toPackableSpan(span, encoding)));
  }

  /** Appends one row packed by packSpanRow (or read from another batch). */
  appendRow(row: string): void {
    this.pending.push(row);
    this.pendingCharacters += row.length;
    this.characterCount += row.length + (this.rowCount === 0 ? 0 : 1);
    this.rowCount += 1;
    const pending = this.pending.length;
    if (pending >= ROWS_PER_CHUNK && (pending >= MAX_PENDING_ROWS || this.pendingCharacters < pending * LARGE_ROW_CHARACTERS)) this.compact();
  }

  /** Appends every row of a packed batch. */
  appendRows(rows: PackedSpanRows): void {
    if (rows.count === 0) return;
    this.compact();
    this.chunks.push(rows.rows);
    this.characterCount += rows.rows.length + (this.rowCount === 0 ? 0 : 1);
    this.rowCount += rows.count;
  }

  /** The rows appended so far, as one batch; the builder keeps them (appending goes on after them). */
  build(): PackedSpanRows {
    if (this.chunks.length === 0) {
      // One join of the rows themselves: their text is copied once.
      if (this.pending.length > 0) this.chunks = [this.pending.join(PACKED_ROW_SEPARATOR)];
      this.pending = [];
      this.pendingCharacters = 0;
    } else {
      this.compact();
    }
    if (this.chunks.length > 1) this.chunks = [this.chunks.join(PACKED_ROW_SEPARATOR)];
    return { format: 1, count: this.rowCount, rows: this.chunks[0] ?? '' };
  }

  private compact(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(this.pending.join(PACKED_ROW_SEPARATOR));
    this.pending = [];
    this.pendingCharacters = 0;
  }
}

/** One batch of every span, in order. */
export function packSpans(spans: readonly Span[], encodings?: readonly (SpanEncoding | null | undefined)[]): PackedSpanRows {
  const builder = new PackedSpanRowsBuilder();
  for (let index = 0; index < spans.length; index += 1) builder.appendSpan(spans[index]!, encodings?.[index]);
  return builder.build();
}
