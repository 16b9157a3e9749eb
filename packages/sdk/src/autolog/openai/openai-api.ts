import type { SpanType } from '@assay/core';
import type { AssaySpan } from '../../tracing/assay-span.js';
import type { JsonObject } from './openai-types.js';

/** What one instrumented call records as its answer arrives. */
export interface StreamRecorder {
  /** Called with each chunk or event; returns false to hide it from the app (Assay's own usage chunk). */
  onItem(item: unknown): boolean;
  /** The answer as one object, when the stream ends (the outputs, usage and response attributes come from it). */
  result(): unknown;
}

/** How one OpenAI API is traced: its span's name, type and attributes, and how its answers are read. */
export interface OpenAIApi {
  /** `chat.completions`, `responses` or `embeddings`. */
  name: string;
  /** The GenAI operation name (`chat`, `embeddings`). */
  operation: string;
  spanType: SpanType;
  /** The request actually sent: the app's body, or a copy that also asks for what tracing needs (streamed usage). */
  prepareBody(body: JsonObject): { body: JsonObject; hideUsage: boolean };
  /** Request attributes (model, temperature, limits). */
  requestAttributes(body: JsonObject): Record<string, unknown>;
  /** Records a parsed answer: outputs (unless content is off), response attributes and usage. */
  recordResult(span: AssaySpan, result: unknown, captureContent: boolean): void;
  /** A recorder for a streamed answer. */
  createStreamRecorder(options: { hideUsage: boolean; onFirstToken: () => void }): StreamRecorder;
}
