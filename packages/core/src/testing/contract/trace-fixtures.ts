// Spans and helpers shared by the contract's trace, assessment and cost tests.
import type { Span } from '../../entities/trace.js';
import type { Store } from '../../store/store.js';
import { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES } from '../../tracing/attribute-keys.js';

/** 2023-11-14T22:13:20Z in milliseconds. */
export const T = 1_700_000_000_000;
const MILLISECOND_NS = 1_000_000n;

/** Milliseconds since the epoch as a nanosecond digit string. */
export function nanoseconds(milliseconds: number): string {
  return (BigInt(milliseconds) * MILLISECOND_NS).toString();
}

/** The trace id numbered `index`. */
export function traceId(index: number): string {
  return `tr-${index.toString(16).padStart(32, '0')}`;
}

/** The span id numbered `index`. */
export function spanId(index: number): string {
  return index.toString(16).padStart(16, '0');
}

/** A span in few words: numbers for ids, milliseconds for times. */
export interface SpanSpec {
  /** The trace's number (see traceId). */
  trace: number;
  /** The span's number (see spanId). */
  span: number;
  /** The parent span's number; absent for a root. */
  parent?: number;
  /** Default `span-<number>`. */
  name?: string;
  /** Default UNKNOWN. */
  type?: Span['spanType'];
  /** Start, in milliseconds since the epoch. */
  start: number;
  /** End, in milliseconds since the epoch; absent while open. */
  end?: number;
  /** Default OK. */
  status?: Span['status'];
  /** Default none. */
  attributes?: Record<string, unknown>;
  /** Default none. */
  events?: Span['events'];
}

/** The Span a SpanSpec describes. */
export function makeSpan(spec: SpanSpec): Span {
  return {
    traceId: traceId(spec.trace),
    spanId: spanId(spec.span),
    ...(spec.parent !== undefined ? { parentSpanId: spanId(spec.parent) } : {}),
    name: spec.name ?? `span-${spec.span}`,
    spanType: spec.type ?? 'UNKNOWN',
    startTimeUnixNano: nanoseconds(spec.start),
    ...(spec.end !== undefined ? { endTimeUnixNano: nanoseconds(spec.end) } : {}),
    status: spec.status ?? { code: 'OK' },
    attributes: spec.attributes ?? {},
    events: spec.events ?? [],
  };
}

/** An agent trace: the LLM call and the tool carry usage; the LLM call's retry is inside it, so its usage is already counted. */
export function agentTrace(trace: number, start: number, options: { runId?: string; error?: boolean } = {}): Span[] {
  return [
    makeSpan({
      trace,
      span: 1,
      name: 'agent',
      type: 'AGENT',
      start,
      end: start + 250,
      status: options.error === true ? { code: 'ERROR', message: 'boom' } : { code: 'OK' },
      attributes: {
        [ASSAY_ATTRIBUTES.spanInputs]: { question: 'Where is my refund?' },
        [ASSAY_ATTRIBUTES.spanOutputs]: 'It is on its way.',
        [ASSAY_ATTRIBUTES.sessionId]: 'session-1',
        [ASSAY_ATTRIBUTES.userId]: 'ada',
        [ASSAY_ATTRIBUTES.traceTags]: { env: 'prod' },
        [ASSAY_ATTRIBUTES.traceMetadata]: { version: '2' },
        ...(options.runId !== undefined ? { [ASSAY_ATTRIBUTES.sourceRun]: options.runId } : {}),
      },
    }),
    makeSpan({
      trace,
      span: 2,
      parent: 1,
      name: 'chat gpt-4o',
      type: 'LLM',
      start: start + 10,
      end: start + 200,
      attributes: { [GEN_AI_ATTRIBUTES.usageInputTokens]: 10, [GEN_AI_ATTRIBUTES.usageOutputTokens]: 5, 'llm.model': 'gpt-4o' },
    }),
    makeSpan({
      trace,
      span: 3,
      parent: 1,
      name: 'lookup_order',
      type: 'TOOL',
      start: start + 200,
      end: start + 240,
      status: { code: 'ERROR', message: 'not found' },
      attributes: { [GEN_AI_ATTRIBUTES.usageInputTokens]: 3, [GEN_AI_ATTRIBUTES.usageOutputTokens]: 1 },
      events: [{ name: 'exception', timeUnixNano: nanoseconds(start + 239), attributes: { 'exception.message': 'not found' } }],
    }),
    makeSpan({
      trace,
      span: 4,
      parent: 2,
      name: 'retry',
      type: 'CHAT_MODEL',
      start: start + 20,
      end: start + 190,
      attributes: { [ASSAY_ATTRIBUTES.tokenUsage]: { input_tokens: 7, output_tokens: 7, total_tokens: 14 } },
    }),
  ];
}

/** Trace ids of a search, in order. */
export async function searchIds(store: Store, experimentId: string, filter?: string, orderBy?: string[]): Promise<string[]> {
  const { traces } = await store.searchTraces({ experimentIds: [experimentId], ...(filter !== undefined ? { filter } : {}), ...(orderBy ? { orderBy } : {}) });
  return traces.map((trace) => trace.traceId);
}
