import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Span, Trace } from '@assay/core';
import { useTestServer, type TestServer } from '../__fixtures__/create-test-server.js';
import { as, useServerWithUsers } from '../__fixtures__/use-server-with-users.js';
import {
  decodeStatus,
  decodeTraceResponse,
  encodeTraceRequest,
  encodeTraceRequestResourceLast,
  keyValues,
  toTraceRequestJson,
  type ProtoSpanInput,
} from '../__fixtures__/otlp-messages.js';

const OTLP = '/v1/traces';
const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const JSON_BODY = { 'content-type': 'application/json' };
const START = 1_767_225_600_000_000_000n; // 2026-01-01
const at = (ms: number) => (START + BigInt(ms) * 1_000_000n).toString();
const hex = (n: number, length: number) => n.toString(16).padStart(length, '0');
const traceIdOf = (n: number) => `4bf92f3577b34da6${hex(n, 16)}`;
const spanIdOf = (n: number) => hex(0xa0000 + n, 16);
let nextTrace = 1;
const newTraceId = () => traceIdOf(nextTrace++);

const RESOURCE = { 'service.name': 'checkout-bot', 'service.version': '1.2.0', 'deployment.replicas': 3 };
const INPUT_MESSAGES = '[{"role":"user","parts":[{"type":"text","content":"How do refunds work?"}]}]';
const OUTPUT_MESSAGES = '[{"role":"assistant","parts":[{"type":"text","content":"In 5 days."}],"finish_reason":"stop"}]';

/** A trace of three spans: an OpenInference chain, a GenAI chat call under it, an MLflow tool span that failed. */
function agentTrace(traceId: string): ProtoSpanInput[] {
  return [
    {
      traceId,
      spanId: spanIdOf(1),
      name: 'answer',
      start: at(0),
      end: at(100),
      attributes: { 'openinference.span.kind': 'CHAIN', 'input.value': 'How do refunds work?', 'output.value': 'In 5 days.' },
      status: { code: 1 },
    },
    {
      traceId,
      spanId: spanIdOf(2),
      parentSpanId: spanIdOf(1),
      name: 'chat acme-chat',
      kind: 3,
      start: at(10),
      end: at(90),
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'acme-chat',
        'gen_ai.response.model': 'acme-chat-2026-01',
        'gen_ai.request.temperature': 0.25,
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 5,
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.input.messages': INPUT_MESSAGES,
        'gen_ai.output.messages': OUTPUT_MESSAGES,
      },
    },
    {
      traceId,
      spanId: spanIdOf(3),
      parentSpanId: spanIdOf(1),
      name: 'lookup',
      start: at(20),
      end: at(30),
      attributes: {
        'mlflow.spanType': '"TOOL"',
        'mlflow.spanInputs': '{"order":42}',
        'mlflow.spanOutputs': '"shipped"',
        'order.id': 9_007_199_254_740_993n,
        'order.lines': { sku: { id: 'A-1', qty: 2 } },
        'order.blob': Uint8Array.of(1, 2, 255),
      },
      events: [{ name: 'exception', time: at(29), attributes: { 'exception.type': 'TimeoutError', 'exception.message': 'lookup timed out' } }],
      status: { code: 2, message: 'lookup timed out' },
    },
  ];
}

async function post(server: TestServer, body: Uint8Array | string, headers: Record<string, string>): Promise<Response> {
  return server.app.request(OTLP, { method: 'POST', headers, body });
}

/** A protobuf answer decoded: an ExportTraceServiceResponse (200) or a Status. */
type ProtobufAnswer = ReturnType<typeof decodeTraceResponse> & ReturnType<typeof decodeStatus>;

async function postProtobuf(server: TestServer, body: Uint8Array, headers: Record<string, string> = {}): Promise<{ status: number; contentType: string | null; body: ProtobufAnswer }> {
  const response = await post(server, body, { ...PROTOBUF, ...headers });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, contentType: response.headers.get('content-type'), body: response.status === 200 ? decodeTraceResponse(bytes) : decodeStatus(bytes) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON fields
async function postJson(server: TestServer, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; contentType: string | null; body: any }> {
  const response = await post(server, typeof body === 'string' ? body : JSON.stringify(body), { ...JSON_BODY, ...headers });
  return { status: response.status, contentType: response.headers.get('content-type'), body: JSON.parse(await response.text()) as unknown };
}

const byName = (trace: Trace, name: string): Span => trace.spans.find((span) => span.name === name)!;

/** The spans' `inputs` and `outputs` columns, as the store keeps them for search and previews. */
async function payloads(server: TestServer, traceId: string): Promise<Record<string, [unknown, unknown]>> {
  const { rows } = await server.store.sql({ query: `SELECT name, inputs, outputs FROM spans WHERE trace_id = 'tr-${traceId}' ORDER BY name` });
  return Object.fromEntries(rows.map(([name, inputs, outputs]) => [name as string, [inputs, outputs]]));
}

/** A stored span without what differs between two copies of a trace (its trace id). */
function comparable(span: Span): Omit<Span, 'traceId'> {
  const { traceId: _traceId, ...rest } = span;
  return rest;
}

/** Spans sent to another experiment than their trace's are rejected, the others of the batch stored. */
async function keepsTraceInItsExperiment(server: TestServer): Promise<void> {
  const home = await server.store.createExperiment({ name: 'otlp-home' });
  const elsewhere = await server.store.createExperiment({ name: 'otlp-elsewhere' });
  const traceId = newTraceId();
  const [root, chat] = agentTrace(traceId);
  expect((await postProtobuf(server, encodeTraceRequest(RESOURCE, [root!]), { 'x-mlflow-experiment-id': home })).status).toBe(200);
  const other = newTraceId();
  const answer = await postProtobuf(server, encodeTraceRequest(RESOURCE, [chat!, ...agentTrace(other).slice(0, 1)]), { 'x-mlflow-experiment-id': elsewhere });
  expect(answer.body.partial_success).toEqual({
    rejected_spans: '1',
    error_message: `1 of 2 spans rejected: a span of trace tr-${traceId}: the trace belongs to experiment '${home}', not '${elsewhere}', and cannot move. The other spans were stored.`,
  });
  expect((await server.store.getTrace({ traceId: `tr-${traceId}` })).spans.map((span) => span.name)).toEqual(['answer']);
  expect((await server.store.getTrace({ traceId: `tr-${other}` })).info.experimentId).toBe(elsewhere);
}

/** Two batches of one new trace sent at once to two experiments: one wins the trace, the other's span is rejected. */
async function keepsNewTraceInOneExperiment(server: TestServer): Promise<void> {
  const first = await server.store.createExperiment({ name: 'otlp-race-1' });
  const second = await server.store.createExperiment({ name: 'otlp-race-2' });
  const traceId = newTraceId();
  const [root, chat] = agentTrace(traceId);
  const answers = await Promise.all([
    postProtobuf(server, encodeTraceRequest(RESOURCE, [root!]), { 'x-mlflow-experiment-id': first }),
    postProtobuf(server, encodeTraceRequest(RESOURCE, [chat!]), { 'x-mlflow-experiment-id': second }),
  ]);
  const stored = await server.store.getTrace({ traceId: `tr-${traceId}` });
  const loser = stored.info.experimentId === first ? 1 : 0;
  expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
  expect(answers[1 - loser]!.body.partial_success).toBeUndefined();
  expect(answers[loser]!.body.partial_success?.rejected_spans).toBe('1');
  expect(stored.spans.map((span) => span.name)).toEqual([[root!.name, chat!.name][1 - loser]]);
}

describe('POST /v1/traces: OTLP/HTTP ingest', () => {
  const server = useTestServer();

  it('stores protobuf spans with type, inputs, outputs, model, usage, status, events and the resource on the trace', async () => {
    await server.store.setModelPrices({ prices: [{ model: 'acme-chat', inputPerMillionTokens: 1, outputPerMillionTokens: 1 }, { model: 'acme-chat-2026-01', inputPerMillionTokens: 1000, outputPerMillionTokens: 2000 }] });
    const traceId = newTraceId();
    const answer = await postProtobuf(server, encodeTraceRequest(RESOURCE, agentTrace(traceId)));
    expect(answer).toEqual({ status: 200, contentType: 'application/x-protobuf', body: {} });

    const trace = await server.store.getTrace({ traceId: `tr-${traceId}` });
    expect(trace.info).toMatchObject({
      experimentId: '0',
      name: 'answer',
      state: 'OK',
      executionDurationMs: 100,
      requestPreview: 'How do refunds work?',
      responsePreview: 'In 5 days.',
      tokenUsage: { inputTokens: 12, outputTokens: 5, totalTokens: 17 },
    });
    expect(trace.info.metadata).toMatchObject({ 'service.name': 'checkout-bot', 'service.version': '1.2.0', 'deployment.replicas': '3' });
    expect(trace.spans.map((span) => [span.name, span.spanType, span.parentSpanId])).toEqual([
      ['answer', 'CHAIN', undefined],
      ['chat acme-chat', 'CHAT_MODEL', spanIdOf(1)],
      ['lookup', 'TOOL', spanIdOf(1)],
    ]);

    const chat = byName(trace, 'chat acme-chat');
    // The model that answered prices the call: 12 input tokens at $1000/M, 5 output at $2000/M.
    expect(chat.cost).toEqual({ inputCost: 0.012, outputCost: 0.01, totalCost: 0.022 });
    expect(chat.attributes).toMatchObject({
      'gen_ai.request.temperature': 0.25,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.input.messages': JSON.parse(INPUT_MESSAGES),
    });
    expect(chat.startTimeUnixNano).toBe(at(10));
    expect(chat.endTimeUnixNano).toBe(at(90));

    const lookup = byName(trace, 'lookup');
    expect(lookup.status).toEqual({ code: 'ERROR', message: 'lookup timed out' });
    expect(lookup.events).toEqual([{ name: 'exception', timeUnixNano: at(29), attributes: { 'exception.type': 'TimeoutError', 'exception.message': 'lookup timed out' } }]);
    expect(lookup.attributes).toMatchObject({
      'mlflow.spanInputs': { order: 42 },
      'mlflow.spanOutputs': 'shipped',
      // Past 2^53 an int64 keeps its digits as text.
      'order.id': '9007199254740993',
      'order.lines': { sku: { id: 'A-1', qty: 2 } },
      'order.blob': 'AQL/',
    });

    expect(await payloads(server, traceId)).toEqual({
      answer: ['How do refunds work?', 'In 5 days.'],
      'chat acme-chat': [INPUT_MESSAGES, OUTPUT_MESSAGES],
      lookup: ['{"order":42}', '"shipped"'],
    });
  });

  it("serves OpenInference's and GenAI's spans in traces.json with the inputs and outputs mapped from them, beside their own attributes", async () => {
    const traceId = newTraceId();
    expect((await postProtobuf(server, encodeTraceRequest(RESOURCE, agentTrace(traceId)))).status).toBe(200);
    const data = await server.get(`/api/2.0/mlflow-artifacts/artifacts/0/traces/tr-${traceId}/artifacts/traces.json`);
    expect(data.status).toBe(200);
    // traces.json holds attribute values JSON-encoded, as MLflow's clients read them.
    const attributes = (name: string): Record<string, string> =>
      (data.body as { spans: { name: string; attributes: Record<string, string> }[] }).spans.find((span) => span.name === name)!.attributes;
    expect(attributes('answer')).toMatchObject({
      'input.value': '"How do refunds work?"',
      'mlflow.spanInputs': '"How do refunds work?"',
      'mlflow.spanOutputs': '"In 5 days."',
    });
    expect(attributes('chat acme-chat')).toMatchObject({
      'gen_ai.input.messages': INPUT_MESSAGES,
      'mlflow.spanInputs': INPUT_MESSAGES,
      'mlflow.spanOutputs': OUTPUT_MESSAGES,
    });
    // The span's own payloads as they were sent.
    expect(attributes('lookup')).toMatchObject({ 'mlflow.spanInputs': '{"order":42}', 'mlflow.spanOutputs': '"shipped"' });
  });

  it("keeps an OTLP trace's stored root as it was when MLflow's calls rewrite it (link-to-run): previews unchanged", async () => {
    const traceId = newTraceId();
    expect((await postProtobuf(server, encodeTraceRequest(RESOURCE, agentTrace(traceId)))).status).toBe(200);
    const before = await server.store.sql({ query: `SELECT attributes, inputs, outputs FROM spans WHERE trace_id = 'tr-${traceId}' AND span_id = '${spanIdOf(1)}'` });
    const run = await server.store.createRun({ experimentId: '0' });
    expect((await server.post('/api/2.0/mlflow/traces/link-to-run', { trace_ids: [`tr-${traceId}`], run_id: run.info.runId })).status).toBe(200);
    const trace = await server.store.getTrace({ traceId: `tr-${traceId}` });
    expect(trace.info).toMatchObject({ runId: run.info.runId, requestPreview: 'How do refunds work?', responsePreview: 'In 5 days.' });
    // The payload columns as ingest mapped them; the attributes as sent, with the run and the trace's tags (none).
    const [[attributes, inputs, outputs]] = before.rows as [[string, string, string]];
    const after = await server.store.sql({ query: `SELECT attributes, inputs, outputs FROM spans WHERE trace_id = 'tr-${traceId}' AND span_id = '${spanIdOf(1)}'` });
    const [[attributesAfter, ...payloadsAfter]] = after.rows as [[string, string, string]];
    expect(payloadsAfter).toEqual([inputs, outputs]);
    expect(JSON.parse(attributesAfter)).toEqual({ ...JSON.parse(attributes), 'assay.trace.tags': {}, 'mlflow.sourceRun': run.info.runId });
  });

  it('stores the same spans from JSON (hex ids in any case, int64 as strings or exact numbers) as from protobuf, and answers in JSON', async () => {
    const fromProtobuf = newTraceId();
    const fromJson = newTraceId();
    expect((await postProtobuf(server, encodeTraceRequest(RESOURCE, agentTrace(fromProtobuf)))).status).toBe(200);
    // One time as a JSON number beyond 2^53: it must keep every digit.
    const text = JSON.stringify(toTraceRequestJson(RESOURCE, agentTrace(fromJson))).replace(`"startTimeUnixNano":"${at(20)}"`, `"startTimeUnixNano":${at(20)}`);
    expect(text).toContain(`"startTimeUnixNano":${at(20)},`);
    expect(await postJson(server, text)).toEqual({ status: 200, contentType: 'application/json', body: {} });

    const [a, b] = await Promise.all([fromProtobuf, fromJson].map((traceId) => server.store.getTrace({ traceId: `tr-${traceId}` })));
    expect(b!.spans.map(comparable)).toEqual(a!.spans.map(comparable));
    expect(b!.info.metadata).toEqual(a!.info.metadata);
    expect(byName(b!, 'lookup').startTimeUnixNano).toBe(at(20));
    expect(await payloads(server, fromJson)).toEqual(await payloads(server, fromProtobuf));
  });

  it('reads a resource sent after its spans', async () => {
    const traceId = newTraceId();
    expect((await postProtobuf(server, encodeTraceRequestResourceLast({ 'service.name': 'late-resource' }, agentTrace(traceId).slice(0, 1)))).status).toBe(200);
    expect((await server.store.getTrace({ traceId: `tr-${traceId}` })).info.metadata['service.name']).toBe('late-resource');
  });

  it('takes gzip bodies, protobuf and JSON', async () => {
    const viaProtobuf = newTraceId();
    const viaJson = newTraceId();
    expect((await postProtobuf(server, gzipSync(encodeTraceRequest(RESOURCE, agentTrace(viaProtobuf))), { 'content-encoding': 'gzip' })).status).toBe(200);
    const response = await post(server, gzipSync(JSON.stringify(toTraceRequestJson(RESOURCE, agentTrace(viaJson)))), { ...JSON_BODY, 'content-encoding': 'GZIP' });
    expect(response.status).toBe(200);
    for (const traceId of [viaProtobuf, viaJson]) expect((await server.store.getTrace({ traceId: `tr-${traceId}` })).spans).toHaveLength(3);
  });

  it('answers an empty request (no spans) with success', async () => {
    expect(await postProtobuf(server, new Uint8Array(0))).toEqual({ status: 200, contentType: 'application/x-protobuf', body: {} });
    expect(await postJson(server, {})).toEqual({ status: 200, contentType: 'application/json', body: {} });
    expect(await postJson(server, { resourceSpans: [{ scopeSpans: [] }] })).toEqual({ status: 200, contentType: 'application/json', body: {} });
  });

  it('refuses other content types and encodings with 415, as a Status', async () => {
    const plain = await post(server, 'hello', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(await plain.text())).toEqual({ code: 3, message: "Content-Type 'text/plain' is not OTLP: send application/x-protobuf or application/json." });
    expect((await post(server, '{}', {})).status).toBe(415);
    const brotli = await postProtobuf(server, new Uint8Array(0), { 'content-encoding': 'br' });
    expect(brotli).toMatchObject({ status: 415, contentType: 'application/x-protobuf', body: { code: 3, message: expect.stringContaining("Content-Encoding 'br' is not supported") } });
  });

  it('refuses an undecodable body with 400 and a Status in the request encoding, storing nothing', async () => {
    const before = (await server.store.searchTraces({ experimentIds: ['0'], maxResults: 500 })).traces.length;
    const valid = encodeTraceRequest(RESOURCE, agentTrace(newTraceId()));
    // The valid request cut short: its first span is whole, the message is not.
    const truncated = await postProtobuf(server, valid.subarray(0, valid.length - 3));
    expect(truncated).toMatchObject({ status: 400, contentType: 'application/x-protobuf', body: { code: 3, message: expect.stringMatching(/^The body is not a valid OTLP ExportTraceServiceRequest \(protobuf\): /) } });
    expect((await postProtobuf(server, Uint8Array.of(0x0f, 0x01))).body.message).toMatch(/invalid wire type 7/);
    expect(await postJson(server, '{"resourceSpans": [')).toMatchObject({ status: 400, contentType: 'application/json', body: { code: 3, message: expect.stringMatching(/^The body is not valid JSON: /) } });
    expect((await postJson(server, { resourceSpans: {} })).body.message).toBe('The body is not a valid OTLP ExportTraceServiceRequest (JSON): resourceSpans must be a list.');
    expect((await postJson(server, [])).status).toBe(400);
    expect((await postProtobuf(server, valid, { 'content-encoding': 'gzip' })).body).toEqual({ code: 3, message: 'The body says Content-Encoding: gzip but is not valid gzip data.' });
    expect((await server.store.searchTraces({ experimentIds: ['0'], maxResults: 500 })).traces.length).toBe(before);
  });

  it('stores the valid spans of a batch and reports the others as a partial success (protobuf)', async () => {
    const traceId = newTraceId();
    const span = (n: number, overrides: Partial<ProtoSpanInput>): ProtoSpanInput => ({ traceId, spanId: spanIdOf(n), name: `span-${n}`, start: at(n), end: at(n + 1), ...overrides });
    const answer = await postProtobuf(
      server,
      encodeTraceRequest(RESOURCE, [
        span(1, {}),
        span(2, { traceId: 'ab'.repeat(8) }),
        span(3, { spanId: '0'.repeat(16) }),
        span(4, { start: at(50), end: at(40) }),
        span(5, { name: '' }),
        span(6, { start: '0' }),
        span(7, { parentSpanId: 'abcd' }),
        // Not ended: stored as open.
        span(8, { end: '0' }),
      ]),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.partial_success?.rejected_spans).toBe('6');
    const message = answer.body.partial_success!.error_message;
    expect(message).toMatch(/^6 of 8 spans rejected: /);
    expect(message).toContain(`span 'span-2' (span_id ${spanIdOf(2)}): trace_id 'abababababababab' is not 16 bytes`);
    expect(message).toContain("span 'span-3' (span_id 0000000000000000): span_id '0000000000000000' is not 8 bytes (16 hex characters), not all zero");
    expect(message).toContain(`span 'span-4' (span_id ${spanIdOf(4)}): end_time_unix_nano (${at(40)}) is before start_time_unix_nano (${at(50)})`);
    expect(message).toContain(`span '${spanIdOf(5)}': the span has no name`);
    expect(message).toContain("span 'span-6'");
    expect(message).toContain('start_time_unix_nano is missing');
    expect(message).toContain("parent_span_id 'abcd' is not 8 bytes");
    const stored = await server.store.getTrace({ traceId: `tr-${traceId}` });
    expect(stored.spans.map((stored) => [stored.name, stored.endTimeUnixNano])).toEqual([
      ['span-1', at(2)],
      ['span-8', undefined],
    ]);
  });

  it('rejects JSON spans whose fields have the wrong types, storing the rest', async () => {
    const traceId = newTraceId();
    const good = { traceId, spanId: spanIdOf(1), name: 'good', startTimeUnixNano: at(0), endTimeUnixNano: at(1) };
    const answer = await postJson(server, {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                good,
                { ...good, spanId: spanIdOf(2), name: 7 },
                { ...good, spanId: spanIdOf(3), name: 'attributes', attributes: 'x' },
                { ...good, spanId: spanIdOf(4), name: 'time', startTimeUnixNano: 'soon' },
                { ...good, spanId: spanIdOf(5), name: 'status', status: { code: 9 } },
                { ...good, name: 'base64 ids', traceId: Buffer.from(traceId, 'hex').toString('base64'), spanId: Buffer.from(spanIdOf(6), 'hex').toString('base64') },
                'not a span',
              ],
            },
          ],
        },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.partialSuccess.rejectedSpans).toBe('5');
    expect(answer.body.partialSuccess.errorMessage).toBe(
      "5 of 7 spans rejected: a span: name must be a string; span 'attributes': attributes must be a list; span 'time': startTimeUnixNano must be a whole number of nanoseconds; " +
        "span 'status': status.code must be 0, 1 or 2, got 9; a span: a span must be an object. The other spans were stored.",
    );
    expect((await server.store.getTrace({ traceId: `tr-${traceId}` })).spans.map((span) => span.name)).toEqual(['good', 'base64 ids']);
  });

  it('sends spans to the experiment a header names: by id, by name (created when missing), else the Default experiment', async () => {
    const experimentId = await server.store.createExperiment({ name: 'otlp-by-id' });
    const byId = newTraceId();
    expect((await postProtobuf(server, encodeTraceRequest(RESOURCE, agentTrace(byId)), { 'x-mlflow-experiment-id': experimentId })).status).toBe(200);
    expect((await server.store.getTrace({ traceId: `tr-${byId}` })).info.experimentId).toBe(experimentId);

    expect(await server.store.getExperimentByName({ name: 'otlp-new' })).toBeUndefined();
    const byName1 = newTraceId();
    const byName2 = newTraceId();
    expect((await postJson(server, toTraceRequestJson(RESOURCE, agentTrace(byName1)), { 'x-assay-experiment': 'otlp-new' })).status).toBe(200);
    expect((await postJson(server, toTraceRequestJson(RESOURCE, agentTrace(byName2)), { 'x-assay-experiment': 'otlp-new' })).status).toBe(200);
    const created = await server.store.getExperimentByName({ name: 'otlp-new' });
    expect(created).toBeDefined();
    for (const traceId of [byName1, byName2]) expect((await server.store.getTrace({ traceId: `tr-${traceId}` })).info.experimentId).toBe(created!.experimentId);

    // Nothing valid to store: no experiment is created.
    expect((await postJson(server, { resourceSpans: [] }, { 'x-assay-experiment': 'otlp-empty' })).status).toBe(200);
    expect(await server.store.getExperimentByName({ name: 'otlp-empty' })).toBeUndefined();
  });

  it('answers an unknown or deleted experiment, or both headers, with an error Status', async () => {
    const body = encodeTraceRequest(RESOURCE, agentTrace(newTraceId()));
    expect(await postProtobuf(server, body, { 'x-mlflow-experiment-id': '987654' })).toMatchObject({
      status: 404,
      contentType: 'application/x-protobuf',
      body: { code: 5, message: expect.stringMatching(/^RESOURCE_DOES_NOT_EXIST: /) },
    });
    const deleted = await server.store.createExperiment({ name: 'otlp-deleted' });
    await server.store.deleteExperiment({ experimentId: deleted });
    expect((await postProtobuf(server, body, { 'x-mlflow-experiment-id': deleted })).body.message).toBe(
      "INVALID_PARAMETER_VALUE: Experiment 'otlp-deleted' (id " + deleted + ') is deleted; restore it before sending traces to it.',
    );
    expect((await postJson(server, {}, { 'x-assay-experiment': 'otlp-deleted' })).status).toBe(400);
    expect((await postJson(server, {}, { 'x-mlflow-experiment-id': '0', 'x-assay-experiment': 'x' })).body).toEqual({
      code: 3,
      message: 'INVALID_PARAMETER_VALUE: Send x-mlflow-experiment-id or x-assay-experiment, not both.',
    });
  });

  it('keeps a trace in its experiment: spans of it sent to another are rejected', async () => keepsTraceInItsExperiment(server));

  it('sees an experiment renamed, deleted or restored through the server at the next batch (experiments are kept between batches)', async () => {
    const api = '/api/2.0/mlflow/experiments';
    const send = async (name: string) => postProtobuf(server, encodeTraceRequest(RESOURCE, agentTrace(newTraceId()).slice(0, 1)), { 'x-assay-experiment': name });
    expect((await send('otlp-kept')).status).toBe(200);
    const kept = (await server.store.getExperimentByName({ name: 'otlp-kept' }))!.experimentId;
    expect((await send('otlp-kept')).status).toBe(200);

    expect((await server.post(`${api}/delete`, { experiment_id: kept })).status).toBe(200);
    expect((await send('otlp-kept')).body.message).toBe(`INVALID_PARAMETER_VALUE: Experiment 'otlp-kept' (id ${kept}) is deleted; restore it before sending traces to it.`);
    expect((await server.post(`${api}/restore`, { experiment_id: kept })).status).toBe(200);
    expect((await send('otlp-kept')).status).toBe(200);

    expect((await server.post(`${api}/update`, { experiment_id: kept, new_name: 'otlp-kept-renamed' })).status).toBe(200);
    const afterRename = newTraceId();
    expect((await postProtobuf(server, encodeTraceRequest(RESOURCE, agentTrace(afterRename).slice(0, 1)), { 'x-assay-experiment': 'otlp-kept' })).status).toBe(200);
    // The old name is free again: a new experiment takes it and the trace.
    const reborn = (await server.store.getExperimentByName({ name: 'otlp-kept' }))!.experimentId;
    expect(reborn).not.toBe(kept);
    expect((await server.store.getTrace({ traceId: `tr-${afterRename}` })).info.experimentId).toBe(reborn);
    const inRenamed = await server.store.searchTraces({ experimentIds: [kept] });
    expect(inRenamed.traces).toHaveLength(3);
  });

  it('refuses spans for an experiment deleted outside the server even while it is kept, and reads it again after', async () => {
    const experimentId = await server.store.createExperiment({ name: 'otlp-deleted-outside' });
    const send = async (traceId: string) => postProtobuf(server, encodeTraceRequest(RESOURCE, agentTrace(traceId).slice(0, 1)), { 'x-mlflow-experiment-id': experimentId });
    expect((await send(newTraceId())).status).toBe(200);
    await server.store.deleteExperiment({ experimentId });
    const refused = newTraceId();
    // The store's write checks the experiment itself.
    expect(await send(refused)).toMatchObject({ status: 404, body: { message: expect.stringMatching(/^RESOURCE_DOES_NOT_EXIST: Experiment '.+' does not exist or is deleted/) } });
    await expect(server.store.getTrace({ traceId: `tr-${refused}` })).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    expect((await send(newTraceId())).body.message).toBe(
      `INVALID_PARAMETER_VALUE: Experiment 'otlp-deleted-outside' (id ${experimentId}) is deleted; restore it before sending traces to it.`,
    );
    // The refused batch did not claim its trace: it may go to another experiment.
    expect((await postProtobuf(server, encodeTraceRequest(RESOURCE, agentTrace(refused).slice(0, 1)))).body.partial_success).toBeUndefined();
    expect((await server.store.getTrace({ traceId: `tr-${refused}` })).info.experimentId).toBe('0');
  });

  it('keeps a new trace in one experiment when two batches of it go to two experiments at once', async () => keepsNewTraceInOneExperiment(server));

  it('is in the OpenAPI document with its encodings, headers and access', async () => {
    const document = (await server.get('/api/assay/v1/openapi.json')).body;
    const route = document.paths['/v1/traces'].post;
    expect(route['x-assay-access']).toBe('EDIT on the experiment (or an admin).');
    expect(Object.keys(route.requestBody.content)).toEqual(['application/x-protobuf', 'application/json']);
    expect(route.requestBody.content['application/x-protobuf'].schema).toMatchObject({ type: 'string', format: 'binary' });
    expect(route.parameters.map((parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`)).toEqual([
      'header:x-mlflow-experiment-id',
      'header:x-assay-experiment',
      'header:content-encoding',
    ]);
    expect(Object.keys(route.responses)).toEqual(['200', '400', '401', '403', '404', '413', '415', '500']);
  });
});

describe('POST /v1/traces over a store that does not check traces in its write (the route looks them up first)', () => {
  // A Store without `rejectsOtherExperimentTraces` (e.g. the HTTP client): the route claims the batch's traces before writing.
  const server = useTestServer({
    serve: (store) =>
      new Proxy(store, {
        get: (target, property) => (property === 'rejectsOtherExperimentTraces' ? undefined : (Reflect.get(target, property, target) as unknown)),
      }),
  });

  it('keeps a trace in its experiment: spans of it sent to another are rejected', async () => keepsTraceInItsExperiment(server));

  it('keeps a new trace in one experiment when two batches of it go to two experiments at once', async () => keepsNewTraceInOneExperiment(server));
});

describe('POST /v1/traces: body limits', () => {
  const server = useTestServer({ maxOtlpBodyBytes: 100_000 });

  it('refuses a body over the limit, as declared or as read', async () => {
    const big = encodeTraceRequest(RESOURCE, [{ traceId: newTraceId(), spanId: spanIdOf(1), name: 'big', start: at(0), end: at(1), attributes: { text: 'x'.repeat(150_000) } }]);
    const read = await postProtobuf(server, big);
    expect(read).toMatchObject({ status: 413, contentType: 'application/x-protobuf', body: { code: 8, message: expect.stringContaining('exceeds the limit of 100000 bytes') } });
    const declared = await postJson(server, '{}'.padEnd(10, ' '), { 'content-length': '250000' });
    expect(declared).toMatchObject({ status: 413, body: { message: expect.stringContaining('(250000 bytes) exceeds the limit of 100000 bytes') } });
  });

  it('stops decompressing a gzip bomb at the limit', async () => {
    // 20 MB of zeros compress to about 20 KB: under the limit on the wire, 200 times over it decompressed.
    const bomb = gzipSync(Buffer.alloc(20_000_000));
    expect(bomb.length).toBeLessThan(100_000);
    const answer = await postProtobuf(server, bomb, { 'content-encoding': 'gzip' });
    expect(answer).toMatchObject({ status: 413, body: { message: expect.stringContaining('decompresses to more than the limit of 100000 bytes') } });
  });

  it('takes a gzip body whose decompressed size is within the limit', async () => {
    const traceId = newTraceId();
    const body = gzipSync(encodeTraceRequest(RESOURCE, [{ traceId, spanId: spanIdOf(1), name: 'fits', start: at(0), end: at(1), attributes: { text: 'x'.repeat(50_000) } }]));
    expect((await postProtobuf(server, body, { 'content-encoding': 'gzip' })).status).toBe(200);
    expect((await server.store.getTrace({ traceId: `tr-${traceId}` })).spans[0]!.attributes['text']).toHaveLength(50_000);
  });
});

describe('POST /v1/traces: auth', () => {
  const { server, shared } = useServerWithUsers({ auth: {} }, 'otlp-shared');
  const body = () => encodeTraceRequest(RESOURCE, agentTrace(newTraceId()));

  it('answers a request without credentials with 401 and a Status in its encoding, with the challenge', async () => {
    const response = await post(server, body(), { ...PROTOBUF, 'x-mlflow-experiment-id': shared.experimentId });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(decodeStatus(new Uint8Array(await response.arrayBuffer()))).toEqual({ code: 16, message: expect.stringMatching(/^UNAUTHENTICATED: Authentication required/) });
  });

  it('needs EDIT on the experiment: READ and no permission are refused with 403', async () => {
    for (const username of ['reader', 'outsider']) {
      expect(await postProtobuf(server, body(), { ...as(username), 'x-mlflow-experiment-id': shared.experimentId })).toMatchObject({
        status: 403,
        body: { code: 7, message: expect.stringMatching(/^PERMISSION_DENIED: Permission denied: this needs EDIT on experiment/) },
      });
    }
    // The Default experiment too: the default permission is READ.
    expect((await postJson(server, toTraceRequestJson(RESOURCE, agentTrace(newTraceId())), as('reader'))).status).toBe(403);
  });

  it('stores the spans of a user with EDIT or MANAGE, and of an admin', async () => {
    for (const username of ['editor', 'manager', 'admin']) {
      const traceId = newTraceId();
      expect((await postProtobuf(server, encodeTraceRequest(RESOURCE, agentTrace(traceId)), { ...as(username), 'x-mlflow-experiment-id': shared.experimentId })).status).toBe(200);
      expect((await server.store.getTrace({ traceId: `tr-${traceId}` })).info.experimentId).toBe(shared.experimentId);
    }
  });

  it("lets any signed-in user create an experiment by name, which they then manage; others need EDIT on it", async () => {
    expect((await postProtobuf(server, body(), { ...as('reader'), 'x-assay-experiment': 'readers-own' })).status).toBe(200);
    const created = await server.store.getExperimentByName({ name: 'readers-own' });
    expect(created).toBeDefined();
    expect((await server.users.getUser('reader'))?.experimentPermissions[created!.experimentId]).toBe('MANAGE');
    expect((await postProtobuf(server, body(), { ...as('reader'), 'x-assay-experiment': 'readers-own' })).status).toBe(200);
    expect((await postProtobuf(server, body(), { ...as('outsider'), 'x-assay-experiment': 'readers-own' })).status).toBe(403);
  });
});

// The protobufjs helpers encode what the tests mean: a self-check of the fixture.
describe('OTLP test fixture', () => {
  it('encodes attribute values as their AnyValue kinds', () => {
    expect(keyValues({ s: 'a', b: true, i: 3, d: 0.5, l: [1], o: { k: 'v' } }).map((entry) => Object.keys(entry.value)[0])).toEqual([
      'string_value',
      'bool_value',
      'int_value',
      'double_value',
      'array_value',
      'kvlist_value',
    ]);
  });
});
