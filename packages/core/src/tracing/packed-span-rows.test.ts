import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Span } from '../entities/trace.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import { validateLogSpans } from '../validation/validate-log-spans.js';
import { validatePackedSpanRows } from '../validation/validate-packed-span-rows.js';
import { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES, GEN_AI_EVENTS, OPENINFERENCE_ATTRIBUTES } from './attribute-keys.js';
import { PACKED_FIELD_SEPARATOR, PACKED_ROW_SEPARATOR, PACKED_SPAN_FIELD as F, packText, unpackText, type PackedSpanRows } from './packed-span-rows.js';
import { PackedSpanRowsBuilder, packSpans, toPackableSpan } from './packed-span-rows-builder.js';
import { testSpan } from '../testing/span-fixture.js';
import { PackedSpanRowsReader, concatPackedSpanRows, splitPackedSpanRows, unpackSpanRows } from './packed-span-rows-reader.js';

const span = (id: string, overrides: Partial<Span> = {}): Span => testSpan(id, { status: { code: 'OK' }, ...overrides });

// Every character JSON and the format care about: separators, the escape mark, quotes, backslashes, lone surrogates, astral characters.
const HOSTILE = `a\u001eb\u001fc\u0001d\u0000e\n"f\\g\u2028h\ud800i😀j${PACKED_ROW_SEPARATOR}${PACKED_FIELD_SEPARATOR}`;

describe('packed span rows', () => {
  it('round-trips spans through pack and unpack, hostile text included', () => {
    const spans: Span[] = [
      span('1', {
        name: HOSTILE,
        status: { code: 'ERROR', message: HOSTILE },
        attributes: { [HOSTILE]: HOSTILE, [ASSAY_ATTRIBUTES.spanInputs]: { text: HOSTILE, list: [1, null, true] }, count: 3, flag: false, tags: ['x', HOSTILE] },
        events: [{ name: HOSTILE, timeUnixNano: '1700000000100000000', attributes: { 'exception.message': HOSTILE } }],
      }),
      span('2', { parentSpanId: '1'.padStart(16, '0'), name: '', status: { code: 'UNSET', message: '' }, endTimeUnixNano: undefined }),
      span('3', { name: '"quoted"', attributes: { [ASSAY_ATTRIBUTES.spanOutputs]: '"done"' } }),
    ];
    delete spans[1]!.endTimeUnixNano;
    const packed = packSpans(spans);
    expect(packed.count).toBe(3);
    expect(packed.rows.split(PACKED_ROW_SEPARATOR)).toHaveLength(3);
    for (const row of packed.rows.split(PACKED_ROW_SEPARATOR)) expect(row.split(PACKED_FIELD_SEPARATOR)).toHaveLength(23);
    expect(() => validatePackedSpanRows(packed)).not.toThrow();
    const unpacked = unpackSpanRows(packed);
    // JSON values keep lone surrogates; text fields hold them as UTF-8 text does, replaced by U+FFFD.
    const wellFormed = HOSTILE.replace('\ud800', '\ufffd');
    expect(unpacked).toEqual(spans.map((entry, index) => (index === 0 ? { ...entry, name: wellFormed, status: { code: 'ERROR', message: wellFormed } } : entry)));
  });

  it('round-trips a huge payload and survives JSON (a spool line) and structured cloning (a worker)', () => {
    const big = 'x'.repeat(2_000_000) + HOSTILE;
    const packed = packSpans([span('1', { attributes: { [ASSAY_ATTRIBUTES.spanInputs]: big } })]);
    const reader = PackedSpanRowsReader.read(JSON.parse(JSON.stringify(packed)) as PackedSpanRows);
    expect(reader.textOf(0, F.inputs)).toBe(JSON.stringify(big));
    expect(unpackSpanRows(structuredClone(packed))[0]!.attributes[ASSAY_ATTRIBUTES.spanInputs]).toBe(big);
  });

  it('escapes exactly the text fields that need it', () => {
    expect(packText('plain text, "quotes" too')).toBe('plain text, "quotes" too');
    expect(packText('')).toBe('\u0001""');
    expect(packText('line\nbreak')).toBe('\u0001"line\\nbreak"');
    for (const text of ['', 'a', HOSTILE.replace('\ud800', ''), '\u0001', '\u0001"x"']) expect(unpackText(packText(text))).toBe(text);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const field = packText(text);
        expect(field.includes(PACKED_ROW_SEPARATOR) || field.includes(PACKED_FIELD_SEPARATOR)).toBe(false);
        expect(unpackText(field)).toBe(field === text ? text : text.replace(/[\ud800-\udfff]/gu, '\ufffd'));
      }),
    );
  });

  it('carries what summaries need: type, usage from any convention, model, root marker, inputs and root attributes', () => {
    const packed = packSpans([
      span('1', {
        parentSpanId: 'f'.repeat(16),
        attributes: {
          [ASSAY_ATTRIBUTES.traceRoot]: true,
          [ASSAY_ATTRIBUTES.spanType]: '"AGENT"',
          [ASSAY_ATTRIBUTES.spanInputs]: { q: 'refund?' },
          [ASSAY_ATTRIBUTES.spanOutputs]: 'It is on its way.',
          [ASSAY_ATTRIBUTES.sessionId]: 's-1',
          [ASSAY_ATTRIBUTES.userId]: 42,
          [ASSAY_ATTRIBUTES.sourceRun]: 'run-1',
          [ASSAY_ATTRIBUTES.traceTags]: '{"env":"prod"}',
          [ASSAY_ATTRIBUTES.traceMetadata]: { version: 2 },
        },
      }),
      span('2', { attributes: { [GEN_AI_ATTRIBUTES.usageInputTokens]: 10, [GEN_AI_ATTRIBUTES.usageOutputTokens]: '5', [GEN_AI_ATTRIBUTES.responseModel]: 'gpt-4o' } }),
      span('3', { attributes: { [ASSAY_ATTRIBUTES.tokenUsage]: { input_tokens: 7, output_tokens: 7, total_tokens: 15 }, [OPENINFERENCE_ATTRIBUTES.modelName]: 'claude' } }),
      span('4', { attributes: { [OPENINFERENCE_ATTRIBUTES.spanKind]: 'retriever', [OPENINFERENCE_ATTRIBUTES.inputValue]: 'plain\ttext', [OPENINFERENCE_ATTRIBUTES.promptTokens]: 2 } }),
      span('5', { spanType: 'TOOL', attributes: { [OPENINFERENCE_ATTRIBUTES.spanKind]: 'GUARDRAIL' } }),
      span('6', { spanType: 'TOOL' }),
    ]);
    const reader = PackedSpanRowsReader.read(packed, { validate: true });
    const fields = (row: number): Record<string, string | undefined> => ({
      root: reader.raw(row, F.root),
      spanType: reader.raw(row, F.spanType),
      inputs: reader.textOf(row, F.inputs),
      outputs: reader.textOf(row, F.outputs),
      usage: reader.isEmpty(row, F.totalTokens) ? undefined : [F.inputTokens, F.outputTokens, F.totalTokens].map((field) => reader.raw(row, field)).join('/'),
      model: reader.textOf(row, F.model),
      sessionId: reader.textOf(row, F.sessionId),
      userId: reader.textOf(row, F.userId),
      runId: reader.textOf(row, F.runId),
      traceTags: reader.jsonOf(row, F.traceTags),
      traceMetadata: reader.jsonOf(row, F.traceMetadata),
    });
    const none = { inputs: undefined, outputs: undefined, usage: undefined, model: undefined, sessionId: undefined, userId: undefined, runId: undefined, traceTags: undefined, traceMetadata: undefined };
    expect(fields(0)).toEqual({
      ...none,
      root: '1',
      spanType: 'AGENT',
      inputs: '{"q":"refund?"}',
      outputs: '"It is on its way."',
      sessionId: 's-1',
      userId: '42',
      runId: 'run-1',
      traceTags: '{"env":"prod"}',
      traceMetadata: '{"version":"2"}',
    });
    expect(fields(1)).toEqual({ ...none, root: '', spanType: 'UNKNOWN', usage: '10/5/15', model: 'gpt-4o' });
    expect(fields(2)).toEqual({ ...none, root: '', spanType: 'UNKNOWN', usage: '7/7/15', model: 'claude' });
    expect(fields(3)).toEqual({ ...none, root: '', spanType: 'RETRIEVER', inputs: 'plain\ttext', usage: '2/0/2' });
    expect(fields(4)).toMatchObject({ spanType: 'UNKNOWN' });
    expect(fields(5)).toMatchObject({ spanType: 'TOOL' });
  });

  it('reads the GenAI conventions: operation type, messages, older prompt and usage keys, prompt and completion events', () => {
    const messages = '[{"role":"user","parts":[{"type":"text","content":"Hi"}]}]';
    const packed = packSpans([
      span('1', {
        attributes: {
          [GEN_AI_ATTRIBUTES.operationName]: 'chat',
          [GEN_AI_ATTRIBUTES.inputMessages]: messages,
          [GEN_AI_ATTRIBUTES.outputMessages]: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] }],
          [GEN_AI_ATTRIBUTES.usagePromptTokens]: 3,
          [GEN_AI_ATTRIBUTES.usageCompletionTokens]: 4,
          [GEN_AI_ATTRIBUTES.requestModel]: 'gpt-4o-mini',
        },
      }),
      span('2', {
        attributes: { [GEN_AI_ATTRIBUTES.operationName]: 'embeddings', [`${GEN_AI_ATTRIBUTES.prompt}.0.role`]: 'user', [`${GEN_AI_ATTRIBUTES.prompt}.0.content`]: 'Hi' },
      }),
      span('3', {
        attributes: { [GEN_AI_ATTRIBUTES.operationName]: 'execute_tool' },
        events: [
          { name: GEN_AI_EVENTS.contentPrompt, timeUnixNano: '1700000000100000000', attributes: { [GEN_AI_ATTRIBUTES.prompt]: 'What time is it?' } },
          { name: GEN_AI_EVENTS.contentCompletion, timeUnixNano: '1700000000200000000', attributes: { [GEN_AI_ATTRIBUTES.completion]: [{ text: 'Noon' }] } },
        ],
      }),
      span('4', {
        attributes: { [GEN_AI_ATTRIBUTES.operationName]: 'invoke_agent' },
        events: [{ name: GEN_AI_EVENTS.inferenceOperationDetails, timeUnixNano: '1700000000100000000', attributes: { [GEN_AI_ATTRIBUTES.inputMessages]: [{ role: 'user' }] } }],
      }),
      // Assay's own type and payloads come first; an unknown operation leaves the type unknown.
      span('5', { attributes: { [ASSAY_ATTRIBUTES.spanType]: '"TOOL"', [GEN_AI_ATTRIBUTES.operationName]: 'chat', [ASSAY_ATTRIBUTES.spanInputs]: '{"a":1}', [GEN_AI_ATTRIBUTES.inputMessages]: messages } }),
      span('6', { attributes: { [GEN_AI_ATTRIBUTES.operationName]: 'dance' } }),
    ]);
    const reader = PackedSpanRowsReader.read(packed, { validate: true });
    const usage = (row: number) => [F.inputTokens, F.outputTokens, F.totalTokens].map((field) => reader.raw(row, field)).join('/');
    expect([0, 1, 2, 3, 4, 5].map((row) => reader.raw(row, F.spanType))).toEqual(['CHAT_MODEL', 'EMBEDDING', 'TOOL', 'AGENT', 'TOOL', 'UNKNOWN']);
    expect(reader.textOf(0, F.inputs)).toBe(messages);
    expect(JSON.parse(reader.textOf(0, F.outputs)!)).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] }]);
    expect(usage(0)).toBe('3/4/7');
    expect(reader.textOf(0, F.model)).toBe('gpt-4o-mini');
    expect(reader.textOf(1, F.inputs)).toBe('[{"role":"user","content":"Hi"}]');
    expect(reader.textOf(2, F.inputs)).toBe('"What time is it?"');
    expect(reader.textOf(2, F.outputs)).toBe('[{"text":"Noon"}]');
    expect(reader.textOf(3, F.inputs)).toBe('[{"role":"user"}]');
    expect(reader.textOf(3, F.outputs)).toBeUndefined();
    expect(reader.textOf(4, F.inputs)).toBe('{"a":1}');
  });

  it("reads OpenInference's flattened messages when input.value and output.value are absent", () => {
    const packed = packSpans([
      span('1', {
        attributes: {
          [OPENINFERENCE_ATTRIBUTES.spanKind]: 'LLM',
          [`${OPENINFERENCE_ATTRIBUTES.inputMessages}.0.message.role`]: 'user',
          [`${OPENINFERENCE_ATTRIBUTES.inputMessages}.0.message.content`]: 'Hi',
          [`${OPENINFERENCE_ATTRIBUTES.outputMessages}.0.message.role`]: 'assistant',
          [`${OPENINFERENCE_ATTRIBUTES.outputMessages}.0.message.content`]: 'Hello',
        },
      }),
      span('2', { attributes: { [OPENINFERENCE_ATTRIBUTES.inputValue]: 'raw', [`${OPENINFERENCE_ATTRIBUTES.inputMessages}.0.message.role`]: 'user' } }),
    ]);
    const reader = PackedSpanRowsReader.read(packed, { validate: true });
    expect(reader.raw(0, F.spanType)).toBe('LLM');
    expect(reader.textOf(0, F.inputs)).toBe('[{"role":"user","content":"Hi"}]');
    expect(reader.textOf(0, F.outputs)).toBe('[{"role":"assistant","content":"Hello"}]');
    expect(reader.textOf(1, F.inputs)).toBe('raw');
  });

  it("reads the Vercel AI SDK's spans: type, inputs, outputs, usage and model, and the GenAI attributes they stand for; other conventions first", () => {
    const packed = packSpans([
      span('1', {
        name: 'ai.streamText',
        attributes: {
          'ai.operationId': 'ai.streamText',
          'ai.model.id': 'gpt-4o-mini',
          'ai.prompt': '{"prompt":"Hi"}',
          'ai.response.text': 'Hello!',
          'ai.response.finishReason': 'stop',
          'ai.usage.inputTokens': 2,
          'ai.usage.outputTokens': 3,
          'ai.usage.totalTokens': 5,
        },
      }),
      span('2', {
        parentSpanId: '1'.padStart(16, '0'),
        attributes: {
          'ai.operationId': 'ai.streamText.doStream',
          'ai.model.id': 'gpt-4o-mini',
          'ai.prompt.messages': '[{"role":"user","content":[{"type":"text","text":"Hi"}]}]',
          'ai.response.text': 'Hello!',
          'ai.response.msToFirstChunk': 120,
          [GEN_AI_ATTRIBUTES.responseFinishReasons]: ['stop'],
          [GEN_AI_ATTRIBUTES.responseModel]: 'gpt-4o-mini-2024-07-18',
          [GEN_AI_ATTRIBUTES.usageInputTokens]: 2,
          [GEN_AI_ATTRIBUTES.usageOutputTokens]: 3,
          // A span that also names its own type and inputs keeps them.
          [ASSAY_ATTRIBUTES.spanType]: '"CHAT_MODEL"',
          [ASSAY_ATTRIBUTES.spanInputs]: '{"mine":true}',
        },
      }),
      span('3', { attributes: { 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'lookup', 'ai.toolCall.args': '{"q":"x"}', 'ai.toolCall.result': '[1,2]' } }),
    ]);
    const reader = PackedSpanRowsReader.read(packed, { validate: true });
    const usage = (row: number) => [F.inputTokens, F.outputTokens, F.totalTokens].map((field) => reader.raw(row, field)).join('/');
    expect(reader.raw(0, F.spanType)).toBe('CHAIN');
    expect(reader.textOf(0, F.inputs)).toBe('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}');
    expect(JSON.parse(reader.textOf(0, F.outputs)!)).toMatchObject({ choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!' }, finish_reason: 'stop' }] });
    expect(usage(0)).toBe('2/3/5');
    expect(reader.textOf(0, F.model)).toBe('gpt-4o-mini');
    const [outer, inner, tool] = unpackSpanRows(packed);
    expect(outer!.attributes).toMatchObject({ 'ai.response.text': 'Hello!', [GEN_AI_ATTRIBUTES.responseFinishReasons]: ['stop'] });
    expect(reader.raw(1, F.spanType)).toBe('CHAT_MODEL');
    expect(reader.textOf(1, F.inputs)).toBe('{"mine":true}');
    expect(JSON.parse(reader.textOf(1, F.outputs)!)).toMatchObject({ model: 'gpt-4o-mini-2024-07-18', choices: [{ message: { content: 'Hello!' } }] });
    expect(usage(1)).toBe('2/3/5');
    expect(reader.textOf(1, F.model)).toBe('gpt-4o-mini-2024-07-18');
    // Seconds, beside the AI SDK's milliseconds; the span's own finish reasons are not repeated.
    expect(inner!.attributes[GEN_AI_ATTRIBUTES.timeToFirstChunk]).toBe(0.12);
    expect(inner!.attributes['ai.response.msToFirstChunk']).toBe(120);
    expect(Object.keys(inner!.attributes).filter((key) => key === GEN_AI_ATTRIBUTES.responseFinishReasons)).toHaveLength(1);
    expect(reader.raw(2, F.spanType)).toBe('TOOL');
    expect([reader.textOf(2, F.inputs), reader.textOf(2, F.outputs)]).toEqual(['{"q":"x"}', '[1,2]']);
    expect(reader.isEmpty(2, F.totalTokens)).toBe(true);
    // Nothing to derive: the attributes stay as they came.
    expect(tool!.attributes).toEqual({ 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'lookup', 'ai.toolCall.args': '{"q":"x"}', 'ai.toolCall.result': '[1,2]' });
  });

  it('writes trace metadata from outside the attributes on root spans only, under the span\'s own', () => {
    const traceMetadata = { 'service.name': 'checkout', version: '1' };
    const packed = new PackedSpanRowsBuilder();
    packed.append({ ...toPackableSpan(span('1', { attributes: { [ASSAY_ATTRIBUTES.traceMetadata]: { version: 2 } } })), traceMetadata });
    packed.append({ ...toPackableSpan(span('2', { parentSpanId: '1'.padStart(16, '0') })), traceMetadata });
    packed.append({ ...toPackableSpan(span('3', { parentSpanId: 'f'.repeat(16), attributes: { [ASSAY_ATTRIBUTES.traceRoot]: true } })), traceMetadata });
    const reader = PackedSpanRowsReader.read(packed.build(), { validate: true });
    expect(JSON.parse(reader.jsonOf(0, F.traceMetadata)!)).toEqual({ 'service.name': 'checkout', version: '2' });
    expect(reader.jsonOf(1, F.traceMetadata)).toBeUndefined();
    expect(JSON.parse(reader.jsonOf(2, F.traceMetadata)!)).toEqual(traceMetadata);
  });

  it("writes a producer's JSON text as it is, and the rest as JSON", () => {
    const decoded = span('1', { attributes: { [ASSAY_ATTRIBUTES.spanInputs]: { q: 'refund?' }, [ASSAY_ATTRIBUTES.spanType]: 'TOOL', count: 2 } });
    const encoding = {
      // Spaced text tells it apart from what JSON.stringify of the decoded value gives.
      attributes: { [ASSAY_ATTRIBUTES.spanInputs]: '{ "q": "refund?" }', [ASSAY_ATTRIBUTES.spanType]: '"TOOL"', count: 2 },
      jsonKeys: [ASSAY_ATTRIBUTES.spanInputs, ASSAY_ATTRIBUTES.spanType],
    };
    const reader = PackedSpanRowsReader.read(packSpans([decoded, decoded], [encoding, undefined]));
    expect(reader.textOf(0, F.inputs)).toBe('{ "q": "refund?" }');
    expect(reader.raw(0, F.attributes)).toBe(`{"${ASSAY_ATTRIBUTES.spanInputs}":{ "q": "refund?" },"${ASSAY_ATTRIBUTES.spanType}":"TOOL","count":2}`);
    expect(reader.raw(0, F.spanType)).toBe('TOOL');
    expect(reader.textOf(1, F.inputs)).toBe('{"q":"refund?"}');
    expect(JSON.parse(reader.raw(0, F.attributes))).toEqual(JSON.parse(reader.raw(1, F.attributes)));
    // JSON text that is not JSON (a raw separator in it) is written as a string instead.
    const broken = PackedSpanRowsReader.read(
      packSpans([decoded], [{ attributes: { [ASSAY_ATTRIBUTES.spanInputs]: '{"a":"\u001e"}' }, jsonKeys: [ASSAY_ATTRIBUTES.spanInputs] }]),
    );
    expect(JSON.parse(broken.raw(0, F.attributes))).toEqual({ [ASSAY_ATTRIBUTES.spanInputs]: '{"a":"\u001e"}' });
  });

  it('builds, concatenates and splits batches without looking at fields', () => {
    const builder = new PackedSpanRowsBuilder();
    for (let index = 1; index <= 600; index += 1) builder.appendSpan(span(String(index)));
    const built = builder.build();
    expect(built.count).toBe(600);
    builder.appendRows(packSpans([span('601')]));
    expect(builder.build().count).toBe(601);
    const [head, tail] = splitPackedSpanRows(built, 250);
    expect([head.count, tail.count]).toEqual([250, 350]);
    expect(unpackSpanRows(tail)[0]!.spanId).toBe('251'.padStart(16, '0'));
    expect(concatPackedSpanRows([head, { format: 1, count: 0, rows: '' }, tail])).toEqual(built);
    expect(unpackSpanRows({ format: 1, count: 0, rows: '' })).toEqual([]);
  });
});

describe('validatePackedSpanRows', () => {
  const valid = packSpans([span('1'), span('2', { parentSpanId: '1'.padStart(16, '0') })]);
  const rows = valid.rows.split(PACKED_ROW_SEPARATOR).map((row) => row.split(PACKED_FIELD_SEPARATOR));
  const withField = (row: number, field: number, value: string): PackedSpanRows => {
    const changed = rows.map((fields) => [...fields]);
    changed[row]![field] = value;
    return { format: 1, count: 2, rows: changed.map((fields) => fields.join(PACKED_FIELD_SEPARATOR)).join(PACKED_ROW_SEPARATOR) };
  };
  const rejection = (packed: unknown): string => {
    try {
      validatePackedSpanRows(packed as PackedSpanRows);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidParameterError);
      return (error as Error).message;
    }
    throw new Error('expected a rejection');
  };

  it('accepts valid rows, and logSpans passes them on without spans', () => {
    expect(() => validatePackedSpanRows(valid)).not.toThrow();
    expect(validateLogSpans({ experimentId: '1', packed: valid })).toEqual({ op: 'logSpans', experimentId: '1', spans: [], packed: valid });
  });

  it.each([
    [{ ...valid, format: 2 }, 'packed.format must be 1'],
    [{ ...valid, count: 3 }, 'packed.count is 3, but packed.rows holds 2 rows.'],
    [{ ...valid, count: 1 }, 'packed.count is 1, but packed.rows holds more rows.'],
    [{ format: 1, count: 0, rows: 'x' }, 'packed.rows must be empty'],
    [withField(1, F.spanId, 'xyz'), "packed.rows[1].spanId must be 16 lowercase hex characters, got 'xyz'."],
    [withField(0, F.traceId, 'tr-XYZ'), 'packed.rows[0].traceId'],
    [withField(1, F.parentSpanId, '12'), 'packed.rows[1].parentSpanId'],
    [withField(0, F.spanType, 'BOGUS'), 'packed.rows[0].spanType must be one of'],
    [withField(0, F.startTimeUnixNano, '1.5e18'), 'packed.rows[0].startTimeUnixNano'],
    [withField(0, F.endTimeUnixNano, '9999999999999999999'), 'packed.rows[0].endTimeUnixNano'],
    [withField(0, F.statusCode, 'FINE'), 'packed.rows[0].statusCode'],
    [withField(0, F.attributes, '[]'), 'packed.rows[0].attributes must be a JSON object'],
    [withField(0, F.events, '{}'), 'packed.rows[0].events must be a JSON array'],
    [withField(0, F.root, 'yes'), 'packed.rows[0].root'],
    [withField(0, F.inputTokens, '3'), 'packed.rows[0] must give inputTokens, outputTokens and totalTokens together'],
    [withField(0, F.inputTokens, 'many'), 'packed.rows[0].inputTokens must be a number'],
  ])('rejects malformed rows %#', (packed, message) => {
    expect(rejection(packed)).toContain(message);
  });

  it('rejects a row with a field missing', () => {
    const short = rows.map((fields) => fields.slice(0, 22).join(PACKED_FIELD_SEPARATOR)).join(PACKED_ROW_SEPARATOR);
    expect(rejection({ format: 1, count: 2, rows: short })).toBe('packed.rows[0] has 22 fields, expected 23.');
  });
});
