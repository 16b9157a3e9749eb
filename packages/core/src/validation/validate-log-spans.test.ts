import { describe, expect, it } from 'vitest';
import type { Span } from '../entities/trace.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import type { SpanEncoding } from '../tracing/span-encoding.js';
import { validateLogSpans } from './validate-log-spans.js';

const traceId = `tr-${'a'.repeat(32)}`;

function span(overrides: Partial<Span> = {}): Span {
  return {
    traceId,
    spanId: '1'.repeat(16),
    name: 'root',
    spanType: 'CHAIN',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000100000000',
    status: { code: 'OK' },
    attributes: {},
    events: [],
    ...overrides,
  };
}

function rejection(spans: unknown[], encodings?: unknown): string {
  try {
    validateLogSpans({ experimentId: '1', spans: spans as Span[], ...(encodings !== undefined ? { encodings: encodings as SpanEncoding[] } : {}) });
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidParameterError);
    return (error as Error).message;
  }
  throw new Error('expected validateLogSpans to throw');
}

describe('validateLogSpans', () => {
  it('passes the very span objects on, without copying them', () => {
    const spans = [span(), span({ spanId: '2'.repeat(16), parentSpanId: '1'.repeat(16), endTimeUnixNano: undefined })];
    const operation = validateLogSpans({ experimentId: '1', spans });
    expect(operation).toEqual({ op: 'logSpans', experimentId: '1', spans });
    expect(operation.spans).toBe(spans);
    expect(operation).not.toHaveProperty('encodings');
  });

  it('keeps encodings that are index-aligned with the spans', () => {
    const encodings = [{ attributes: { 'mlflow.spanInputs': '{"q":1}' }, jsonKeys: ['mlflow.spanInputs'] }, undefined];
    const operation = validateLogSpans({ experimentId: '1', spans: [span(), span({ spanId: '2'.repeat(16) })], encodings });
    expect(operation.encodings).toBe(encodings);
  });

  it('accepts the largest int64 nanosecond time and refuses one above it', () => {
    expect(() => validateLogSpans({ experimentId: '1', spans: [span({ startTimeUnixNano: '9223372036854775807' })] })).not.toThrow();
    expect(rejection([span({ startTimeUnixNano: '9223372036854775808' })])).toBe(
      "spans[0].startTimeUnixNano must be nanoseconds since the epoch as a decimal digit string, got '9223372036854775808'.",
    );
  });

  it('rejects a missing experiment id and a spans value that is not a list', () => {
    expect(() => validateLogSpans({ experimentId: '', spans: [] })).toThrow("experimentId must be a non-empty string, got ''.");
    expect(() => validateLogSpans({ experimentId: '1', spans: {} as Span[] })).toThrow('spans must be a list of spans.');
  });

  it.each([
    [[null], 'spans[0] must be a span object.'],
    [[span(), span({ traceId: 'tr-XYZ' })], "spans[1].traceId must be 'tr-' followed by 32 lowercase hex characters, got 'tr-XYZ'."],
    [[span({ spanId: 'ABCDEF0123456789' })], "spans[0].spanId must be 16 lowercase hex characters, got 'ABCDEF0123456789'."],
    [[span({ parentSpanId: '12' })], "spans[0].parentSpanId must be 16 lowercase hex characters or absent, got '12'."],
    [[span({ name: 3 as unknown as string })], 'spans[0].name must be a string, got number.'],
    [[span({ spanType: 'WORKFLOW' as Span['spanType'] })], "spans[0].spanType must be one of LLM, CHAT_MODEL, CHAIN, AGENT, TOOL, RETRIEVER, EMBEDDING, RERANKER, PARSER, MEMORY, UNKNOWN, got 'WORKFLOW'."],
    [[span({ startTimeUnixNano: '1.5' })], "spans[0].startTimeUnixNano must be nanoseconds since the epoch as a decimal digit string, got '1.5'."],
    [[span({ endTimeUnixNano: 5 as unknown as string })], 'spans[0].endTimeUnixNano must be nanoseconds since the epoch as a decimal digit string, got number.'],
    [[span({ status: { code: 'FINE' as 'OK' } })], 'spans[0].status.code must be one of UNSET, OK, ERROR.'],
    [[span({ status: { code: 'ERROR', message: 4 as unknown as string } })], 'spans[0].status.message must be a string or absent.'],
    [[span({ attributes: [] as unknown as Record<string, unknown> })], 'spans[0].attributes must be an object.'],
    [[span({ events: {} as Span['events'] })], 'spans[0].events must be a list.'],
    [[span({ events: [{ name: 'e', timeUnixNano: 'x', attributes: {} }] })], "spans[0].events[0].timeUnixNano must be nanoseconds since the epoch as a decimal digit string, got 'x'."],
    [[span({ events: [{ name: 'e', timeUnixNano: '1', attributes: null as unknown as Record<string, unknown> }] })], 'spans[0].events[0].attributes must be an object.'],
  ])('names the bad field of %#', (spans, message) => {
    expect(rejection(spans)).toBe(message);
  });

  it.each([
    [[], 'encodings must be a list as long as spans (1), one entry per span, or left out.'],
    [[{ attributes: 'x', jsonKeys: [] }], 'encodings[0].attributes must be an object.'],
    [[{ attributes: {}, jsonKeys: 'k' }], 'encodings[0].jsonKeys must be a list of attribute keys.'],
    [[{ attributes: { k: 1 }, jsonKeys: ['k'] }], "encodings[0].jsonKeys names 'k', which must hold JSON text."],
  ])('rejects bad encodings %#', (encodings, message) => {
    expect(rejection([span()], encodings)).toBe(message);
  });
});
