import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { unpackSpanRows, validateLogSpans, type Span } from '@assay/core';
import { encodeTraceRequest, toTraceRequestJson, type ProtoSpanInput } from '../__fixtures__/otlp-messages.js';
import { decodeOtlpJson } from './decode-otlp-json.js';
import { decodeOtlpProtobuf } from './decode-otlp-protobuf.js';
import { OtlpRequestError } from './otlp-request-error.js';
import { OtlpSpanBatch } from './otlp-span-batch.js';

const START = 1_767_225_600_000_000_000n;

function decodeProtobuf(body: Uint8Array): { spans: Span[]; batch: OtlpSpanBatch } {
  const batch = new OtlpSpanBatch();
  decodeOtlpProtobuf(body, batch);
  return { spans: unpackSpanRows(batch.rows()), batch };
}

function decodeJson(body: unknown): { spans: Span[]; batch: OtlpSpanBatch } {
  const batch = new OtlpSpanBatch();
  decodeOtlpJson(JSON.stringify(body), batch);
  return { spans: unpackSpanRows(batch.rows()), batch };
}

// Attribute values of every AnyValue kind; strings of whole code points (protobuf carries UTF-8, which has no lone surrogates).
const text = fc.string({ unit: 'binary', maxLength: 12 });
const scalar = fc.oneof(text, fc.boolean(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((value) => !Number.isInteger(value)));
const attributeValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie('value'), { maxKeys: 3 })),
})).value;
const hexOf = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((array) => Buffer.from(array).toString('hex'));

const spanInput: fc.Arbitrary<ProtoSpanInput> = fc.record({
  traceId: hexOf(16),
  spanId: hexOf(8),
  parentSpanId: fc.option(hexOf(8), { nil: undefined }),
  name: text,
  kind: fc.integer({ min: 0, max: 5 }),
  start: fc.bigInt({ min: 0n, max: START }).map(String),
  end: fc.bigInt({ min: 0n, max: START * 2n }).map(String),
  attributes: fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), attributeValue, { maxKeys: 5 }),
  events: fc.array(fc.record({ name: text, time: fc.bigInt({ min: 0n, max: START }).map(String), attributes: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), scalar, { maxKeys: 2 }) }), { maxLength: 2 }),
  status: fc.record({ code: fc.integer({ min: 0, max: 2 }), message: fc.option(text, { nil: undefined }) }),
}) as fc.Arbitrary<ProtoSpanInput>;

/** What a decoded attribute value is: int64 as a number when exact, else its digits. */
function expected(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(expected);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expected(item)]));
  return value;
}

describe('decodeOtlpProtobuf and decodeOtlpJson', () => {
  it('decode any batch alike, each span as its producer sent it or rejected alike', () => {
    let stored = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), scalar, { maxKeys: 3 }), fc.array(spanInput, { maxLength: 4 }), (resource, spans) => {
        const fromProtobuf = decodeProtobuf(encodeTraceRequest(resource, spans));
        const fromJson = decodeJson(toTraceRequestJson(resource, spans));
        expect(fromJson.spans).toEqual(fromProtobuf.spans);
        expect(fromJson.batch.rejected).toBe(fromProtobuf.batch.rejected);
        expect(fromProtobuf.batch.received).toBe(spans.length);
        // Every row packed is one the store takes (its own validation of logSpans).
        expect(() => validateLogSpans({ experimentId: '0', packed: fromProtobuf.batch.rows() })).not.toThrow();
        stored += fromProtobuf.spans.length;
        rejected += fromProtobuf.batch.rejected;
        for (const span of fromProtobuf.spans) {
          const input = spans.find((candidate) => `tr-${candidate.traceId}` === span.traceId && candidate.spanId === span.spanId)!;
          expect(span.name).toBe(input.name);
          expect(span.startTimeUnixNano).toBe(input.start);
          expect(span.endTimeUnixNano).toBe(input.end === '0' ? undefined : input.end);
          // Stored attributes: the values as sent (strings that hold JSON objects or lists decoded, as for every producer).
          for (const [key, value] of Object.entries(input.attributes ?? {})) {
            if (typeof value === 'string' && /^[[{]/u.test(value)) continue;
            expect(span.attributes[key]).toEqual(expected(value));
          }
        }
      }),
      { numRuns: 300 },
    );
    // Both kinds of outcome were exercised.
    expect(stored).toBeGreaterThan(50);
    expect(rejected).toBeGreaterThan(50);
  });

  it('skips unknown fields and known fields of another wire type, as protobuf readers do', () => {
    const span = protobuf.Writer.create()
      .uint32(0x0a).bytes(Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex'))
      .uint32(0x12).bytes(Buffer.from('b7ad6b7169203331', 'hex'))
      .uint32((99 << 3) | 0).uint64(12345)
      .uint32((98 << 3) | 2).string('a field from the future')
      // name (5) sent as a varint: not the string it should be, so skipped
      .uint32((5 << 3) | 0).uint32(7)
      .uint32(0x2a).string('named')
      .uint32(0x39).fixed64(START.toString())
      .finish();
    const scopeSpans = protobuf.Writer.create().uint32((77 << 3) | 5).fixed32(1).uint32(0x12).bytes(span).finish();
    const resourceSpans = protobuf.Writer.create().uint32(0x12).bytes(scopeSpans).uint32((4 << 3) | 1).fixed64(1).finish();
    const request = protobuf.Writer.create().uint32((2 << 3) | 2).string('unknown top-level field').uint32(0x0a).bytes(resourceSpans).finish();
    const { spans } = decodeProtobuf(request);
    expect(spans).toEqual([
      { traceId: 'tr-0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'named', spanType: 'UNKNOWN', startTimeUnixNano: START.toString(), status: { code: 'UNSET' }, attributes: {}, events: [] },
    ]);
  });

  it('keeps an attribute named __proto__ as an attribute, and refuses values nested past 32 levels', () => {
    const base: ProtoSpanInput = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'x', start: START.toString(), end: '0' };
    const { spans } = decodeJson({
      resourceSpans: [{ scopeSpans: [{ spans: [{ ...toTraceRequestJsonSpan(base), attributes: [{ key: '__proto__', value: { stringValue: 'p' } }] }] }] }],
    });
    expect(Object.keys(spans[0]!.attributes)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(spans[0]!.attributes)).toBe(Object.prototype);

    let deep: unknown = 'bottom';
    for (let level = 0; level < 40; level += 1) deep = [deep];
    expect(() => decodeProtobuf(encodeTraceRequest({}, [{ ...base, attributes: { deep } }]))).toThrow(OtlpRequestError);
    // In JSON the span is rejected, the request is not.
    const json = toTraceRequestJson({}, [{ ...base, attributes: { deep } }]);
    expect(decodeJson(json).batch.rejected).toBe(1);
  });
});

/** One span of toTraceRequestJson's request. */
function toTraceRequestJsonSpan(span: ProtoSpanInput): Record<string, unknown> {
  const request = toTraceRequestJson({}, [span]) as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
  return request.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
}
