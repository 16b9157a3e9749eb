import { describe, expect, it } from 'vitest';
import type { Span } from '@assay/core';
import { useTestServer, type TestServer } from '../__fixtures__/create-test-server.js';
import { WIRE_TRACE_DATA, WIRE_TRACE_ID, wireStartTraceBody } from '../__fixtures__/mlflow-ts-sdk-wire.js';
import { parseTraceDataJson } from '../traces/parse-trace-data-json.js';

const V3 = '/api/3.0/mlflow/traces';
const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';

const traceDataPath = (experimentId: string, traceId: string) => `${ARTIFACTS}/${experimentId}/traces/${traceId}/artifacts/traces.json`;
const hexId = (n: number) => n.toString(16).padStart(32, '0');
const spanId = (n: number) => n.toString(16).padStart(16, '0');

/** A trace's info as MLflow's TypeScript client sends it when the trace ends. */
function startBody(experimentId: string, traceId: string, extra: Record<string, unknown> = {}) {
  return {
    trace: {
      trace_info: {
        trace_id: traceId,
        trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } },
        request_time: '2026-01-02T03:04:05.000Z',
        execution_duration: '1.5s',
        state: 'OK',
        trace_metadata: { 'mlflow.trace_schema.version': '3' },
        tags: {},
        assessments: [],
        ...extra,
      },
    },
  };
}

/** traces.json of a one-span trace (TypeScript's form), started at `startMs`. */
function oneSpanData(startMs: number, attributes: Record<string, unknown> = {}) {
  const start = BigInt(startMs) * 1_000_000n;
  return `{"spans":[{"trace_id":"x","span_id":"${Buffer.from(spanId(1), 'hex').toString('base64')}","parent_span_id":"","name":"root","start_time_unix_nano":${start},"end_time_unix_nano":${start + 5_000_000n},"status":{"code":"STATUS_CODE_OK","message":""},"attributes":${JSON.stringify({ 'mlflow.spanType': 'CHAIN', 'mlflow.spanInputs': { q: startMs }, 'mlflow.spanOutputs': 'a', ...attributes })},"events":[]}]}`;
}

/** Logs a one-span trace the way MLflow's TypeScript client does (info, then traces.json). */
async function logTrace(server: TestServer, experimentId: string, traceId: string, startMs: number, extra: Record<string, unknown> = {}): Promise<void> {
  expect((await server.post(V3, startBody(experimentId, traceId, extra))).status).toBe(200);
  expect((await server.send('PUT', traceDataPath(experimentId, traceId), oneSpanData(startMs))).status).toBe(200);
}

describe('MLflow traces API 3.0', () => {
  const server = useTestServer();
  const experiment = async (name: string) => server.store.createExperiment({ name });

  it("accepts MLflow's TypeScript client's traffic as captured: the trace info, then traces.json, read back through the Store", async () => {
    const experimentId = await experiment('wire');
    const started = await server.send('POST', V3, wireStartTraceBody(experimentId));
    expect(started.status).toBe(200);
    const info = started.body.trace.trace_info;
    // The client needs the artifact location, an mlflow-artifacts:/ URI, to upload the spans.
    expect(info.tags['mlflow.artifactLocation']).toBe(`mlflow-artifacts:/${experimentId}/traces/${WIRE_TRACE_ID}/artifacts`);
    expect(info).toMatchObject({ trace_id: WIRE_TRACE_ID, state: 'OK', request_time: '2026-11-22T19:16:01.571Z', execution_duration: '0.03s' });
    expect(JSON.parse(info.trace_metadata['mlflow.trace.tokenUsage'])).toEqual({ input_tokens: 11, output_tokens: 7, total_tokens: 18 });
    // Before its spans arrive, the info is there all the same.
    expect((await server.get(`${V3}/${WIRE_TRACE_ID}`)).body.trace.trace_info.trace_id).toBe(WIRE_TRACE_ID);

    const uploadPath = `${info.tags['mlflow.artifactLocation'].replace('mlflow-artifacts:', ARTIFACTS)}/traces.json`;
    expect(await server.send('PUT', uploadPath, WIRE_TRACE_DATA)).toEqual({ status: 200, body: {} });

    const trace = await server.store.getTrace({ traceId: WIRE_TRACE_ID });
    expect(trace.info).toMatchObject({
      experimentId,
      name: 'agent',
      state: 'OK',
      requestTime: 1795374961571,
      executionDurationMs: 30,
      tokenUsage: { inputTokens: 11, outputTokens: 7, totalTokens: 18 },
      requestPreview: '{"question":"hi there"}',
      responsePreview: '"HELLO FROM FAKE"',
    });
    const byName = Object.fromEntries(trace.spans.map((span) => [span.name, span]));
    const root = byName['agent']!;
    expect(root).toMatchObject({ spanId: 'c9e135130ab46ead', spanType: 'AGENT', startTimeUnixNano: '1795374961571000000', endTimeUnixNano: '1795374961601532200' });
    expect(root.parentSpanId).toBeUndefined();
    expect(byName['Completions']).toMatchObject({ spanType: 'LLM', parentSpanId: root.spanId, status: { code: 'OK' } });
    expect(byName['Completions']!.attributes['mlflow.spanInputs']).toEqual({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi there' }] });
    expect(byName['shout']).toMatchObject({ spanType: 'TOOL', parentSpanId: root.spanId, attributes: { 'mlflow.spanOutputs': 'HELLO FROM FAKE' } });
    const found = await server.store.searchTraces({ experimentIds: [experimentId], filter: "span.type = 'TOOL'" });
    expect(found.traces.map((summary) => summary.traceId)).toEqual([WIRE_TRACE_ID]);

    // Read back as MLflow's client does: the info, then traces.json at its artifact location.
    const read = (await server.get(`${V3}/${WIRE_TRACE_ID}`)).body.trace.trace_info;
    expect(read).toMatchObject({ state: 'OK', execution_duration: '0.03s', request_preview: '{"question":"hi there"}', response_preview: '"HELLO FROM FAKE"' });
    expect(read.tags).toEqual({ 'mlflow.traceName': 'agent', 'mlflow.artifactLocation': info.tags['mlflow.artifactLocation'] });
    const download = await server.app.request(uploadPath);
    expect(download.headers.get('content-type')).toContain('application/json');
    const text = await download.text();
    // Times are exact JSON integers, as MLflow writes them.
    expect(text).toContain('"start_time_unix_nano":1795374961571000000');
    expect(text).toContain('"end_time_unix_nano":1795374961601532200');
    const data = parseTraceDataJson(text) as { spans: Record<string, unknown>[] };
    const downloadedRoot = data.spans.find((span) => span['name'] === 'agent')!;
    expect(downloadedRoot).toMatchObject({
      trace_id: Buffer.from(WIRE_TRACE_ID.slice(3), 'hex').toString('base64'),
      span_id: 'yeE1Ewq0bq0=',
      parent_span_id: '',
      status: { code: 'STATUS_CODE_OK', message: '' },
    });
    // Attribute values are JSON-encoded, as MLflow's Python client writes them (its TypeScript client reads both forms).
    expect(downloadedRoot['attributes']).toMatchObject({
      'mlflow.traceRequestId': JSON.stringify(WIRE_TRACE_ID),
      'mlflow.spanType': '"AGENT"',
      'mlflow.spanInputs': '{"question":"hi there"}',
      'mlflow.spanOutputs': '"HELLO FROM FAKE"',
    });
    expect(data.spans.find((span) => span['name'] === 'shout')).toMatchObject({ parent_span_id: 'yeE1Ewq0bq0=' });

    // The same upload again changes nothing (spans are replaced, not added).
    expect((await server.send('PUT', uploadPath, WIRE_TRACE_DATA)).status).toBe(200);
    expect((await server.store.getTrace({ traceId: WIRE_TRACE_ID })).spans).toHaveLength(3);
  });

  it("keeps the info's tags, metadata, run, session, user and client request id on the stored trace", async () => {
    const experimentId = await experiment('info-fields');
    const run = await server.store.createRun({ experimentId });
    const traceId = `tr-${hexId(101)}`;
    await logTrace(server, experimentId, traceId, 1_700_000_000_000, {
      client_request_id: 'req-7',
      tags: { env: 'prod', 'mlflow.traceName': 'ignored', 'mlflow.artifactLocation': 'ignored' },
      trace_metadata: { 'mlflow.sourceRun': run.info.runId, 'mlflow.trace.session': 's-1', 'mlflow.trace.user': 'ada', app: 'v2', 'mlflow.traceInputs': 'x' },
    });
    const trace = await server.store.getTrace({ traceId });
    expect(trace.info).toMatchObject({ runId: run.info.runId, sessionId: 's-1', userId: 'ada', tags: { env: 'prod' }, metadata: { app: 'v2' } });
    const info = (await server.get(`${V3}/${traceId}`)).body.trace.trace_info;
    expect(info.client_request_id).toBe('req-7');
    expect(info.tags).toEqual({ env: 'prod', 'mlflow.traceName': 'root', 'mlflow.artifactLocation': `mlflow-artifacts:/${experimentId}/traces/${traceId}/artifacts` });
    expect(info.trace_metadata).toMatchObject({ app: 'v2', 'mlflow.sourceRun': run.info.runId, 'mlflow.trace.session': 's-1', 'mlflow.trace.user': 'ada', 'mlflow.trace_schema.version': '3' });
    expect(info.trace_metadata).not.toHaveProperty('assay.trace.client_request_id');
    // The stored trace's tags changed since tracing stay when its info is sent again.
    await server.send('PATCH', `${V3}/${traceId}/tags`, { key: 'env', value: 'dev' });
    const again = await server.post(V3, startBody(experimentId, traceId, { tags: { team: 'ml' }, trace_metadata: { extra: '1' } }));
    expect(again.body.trace.trace_info.tags).toMatchObject({ env: 'dev', team: 'ml' });
    expect(again.body.trace.trace_info.trace_metadata).toMatchObject({ app: 'v2', extra: '1' });
  });

  it("reads traces.json in Python's form (JSON-encoded values, null parents) and MLflow 2's (context, hex ids)", async () => {
    const experimentId = await experiment('python-form');
    const python = `tr-${hexId(201)}`;
    const encoded = {
      spans: [
        {
          trace_id: 'ignored',
          span_id: Buffer.from(spanId(7), 'hex').toString('base64'),
          parent_span_id: null,
          name: 'chain',
          start_time_unix_nano: 1_700_000_000_000_000_000n.toString(),
          end_time_unix_nano: 1_700_000_000_500_000_000n.toString(),
          status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
          attributes: { 'mlflow.spanType': '"CHAIN"', 'mlflow.spanInputs': '{"x": 1}', 'mlflow.spanOutputs': 'null', custom: '"text"' },
          events: [{ name: 'exception', time_unix_nano: 1_700_000_000_400_000_000, attributes: { 'exception.message': 'boom' } }],
        },
      ],
    };
    expect((await server.send('PUT', traceDataPath(experimentId, python), encoded)).status).toBe(200);
    const stored = await server.store.getTrace({ traceId: python });
    expect(stored.info.state).toBe('ERROR');
    expect(stored.spans[0]).toMatchObject({ spanId: spanId(7), spanType: 'CHAIN', status: { code: 'ERROR', message: 'boom' }, attributes: { 'mlflow.spanInputs': { x: 1 }, custom: 'text' } });
    expect(stored.spans[0]!.events).toEqual([{ name: 'exception', timeUnixNano: '1700000000400000000', attributes: { 'exception.message': 'boom' } }]);

    const legacy = `tr-${hexId(202)}`;
    const v2 = {
      spans: [
        { name: 'root', context: { span_id: `0x${spanId(8)}`, trace_id: '0x1' }, parent_id: null, start_time: 1_700_000_000_000_000_000, end_time: 1_700_000_001_000_000_000, status_code: 'OK', status_message: '', attributes: { 'mlflow.spanType': '"AGENT"' }, events: [] },
        { name: 'tool', context: { span_id: `0x${spanId(9)}` }, parent_id: `0x${spanId(8)}`, start_time: 1_700_000_000_100_000_000, end_time: null, status_code: 'UNSET', attributes: { 'mlflow.spanType': '"TOOL"' } },
      ],
    };
    expect((await server.send('PUT', traceDataPath(experimentId, legacy), v2)).status).toBe(200);
    const spans: Span[] = (await server.store.getTrace({ traceId: legacy })).spans;
    expect(spans.map((span) => [span.name, span.spanType, span.parentSpanId, span.endTimeUnixNano])).toEqual([
      ['root', 'AGENT', undefined, '1700000001000000000'],
      ['tool', 'TOOL', spanId(8), undefined],
    ]);
  });

  it('answers 400 naming the field for bad trace infos and traces.json, 404 for unknown experiments and traces', async () => {
    const experimentId = await experiment('errors');
    const bad = await server.post(V3, startBody(experimentId, 'trace-1'));
    expect(bad).toEqual({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining("'trace.trace_info.trace_id'") } });
    const noLocation = await server.post(V3, { trace: { trace_info: { trace_id: `tr-${hexId(1)}` } } });
    expect(noLocation.body.message).toContain('trace_location.mlflow_experiment.experiment_id');
    expect((await server.post(V3, startBody(experimentId, `tr-${hexId(1)}`, { request_time: 'yesterday' }))).body.message).toContain("'trace.trace_info.request_time'");
    expect((await server.post(V3, startBody(experimentId, `tr-${hexId(1)}`, { state: 'DONE' }))).status).toBe(400);
    expect((await server.post(V3, {})).body.message).toContain("'trace'");
    expect((await server.post(V3, startBody('424242', `tr-${hexId(1)}`))).status).toBe(404);

    expect((await server.get(`${V3}/tr-${hexId(999)}`)).body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await server.get(`${V3}/not-a-trace`)).status).toBe(400);

    const path = traceDataPath(experimentId, `tr-${hexId(2)}`);
    expect((await server.send('PUT', path, '{"spans": [')).body).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: 'Bad request: traces.json is not valid JSON.' });
    expect((await server.send('PUT', path, { spans: [{ name: 'x', span_id: 'nope', start_time_unix_nano: 1 }] })).body.message).toContain("'spans[0].span_id'");
    expect((await server.send('PUT', path, { spans: [{ span_id: 'yeE1Ewq0bq0=', start_time_unix_nano: 1 }] })).body.message).toContain("'spans[0].name'");
    expect((await server.send('PUT', path, { spans: [{ name: 'x', span_id: 'yeE1Ewq0bq0=' }] })).body.message).toContain("'spans[0].start_time_unix_nano'");
    expect((await server.send('PUT', path, { nothing: true })).body.message).toContain("'spans'");
    expect((await server.send('PUT', traceDataPath('424242', `tr-${hexId(2)}`), oneSpanData(1))).status).toBe(404);
    expect((await server.send('PUT', traceDataPath(experimentId, 'tr-short'), oneSpanData(1))).status).toBe(400);
    expect((await server.get(path)).status).toBe(404);
    // A trace is served only under its own experiment's path.
    await logTrace(server, experimentId, `tr-${hexId(3)}`, 5);
    expect((await server.get(traceDataPath('0', `tr-${hexId(3)}`))).status).toBe(404);
  });

  it('search: experiments by location or id, the filter grammar, order_by and paging; 400 for bad input', async () => {
    const experimentId = await experiment('search');
    const other = await experiment('search-other');
    for (let index = 1; index <= 5; index += 1) await logTrace(server, experimentId, `tr-${hexId(300 + index)}`, 1_700_000_000_000 + index * 1000, { tags: { n: String(index) } });
    await logTrace(server, other, `tr-${hexId(399)}`, 1_700_000_000_000);
    const location = { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } };

    const all = await server.post(`${V3}/search`, { locations: [location] });
    expect(all.body.traces.map((trace: { trace_id: string }) => trace.trace_id)).toEqual([5, 4, 3, 2, 1].map((index) => `tr-${hexId(300 + index)}`));
    expect(all.body.traces[0]).toMatchObject({ trace_location: location, state: 'OK', tags: { n: '5', 'mlflow.traceName': 'root' } });
    const both = await server.post(`${V3}/search`, { experiment_ids: [experimentId, other] });
    expect(both.body.traces).toHaveLength(6);

    const filtered = await server.post(`${V3}/search`, { locations: [location], filter: "tags.n = '2' OR tags.n = '4'", order_by: ['timestamp_ms ASC'] });
    expect(filtered.body.traces.map((trace: { tags: { n: string } }) => trace.tags.n)).toEqual(['2', '4']);

    const first = await server.post(`${V3}/search`, { locations: [location], max_results: 2, order_by: ['timestamp_ms ASC'] });
    expect(first.body.traces.map((trace: { tags: { n: string } }) => trace.tags.n)).toEqual(['1', '2']);
    const second = await server.post(`${V3}/search`, { locations: [location], max_results: 2, order_by: ['timestamp_ms ASC'], page_token: first.body.next_page_token });
    expect(second.body.traces.map((trace: { tags: { n: string } }) => trace.tags.n)).toEqual(['3', '4']);
    expect(await server.post(`${V3}/search`, { locations: [location], filter: "tags.n = 'none'" })).toEqual({ status: 200, body: {} });

    expect((await server.post(`${V3}/search`, {})).body.message).toContain("'locations'");
    expect((await server.post(`${V3}/search`, { locations: [location], filter: 'trace.status ==' })).status).toBe(400);
    expect((await server.post(`${V3}/search`, { locations: [location], order_by: ['nonsense DESC'] })).status).toBe(400);
    expect((await server.post(`${V3}/search`, { locations: [location], page_token: 'bogus' })).status).toBe(400);
    expect((await server.post(`${V3}/search`, { locations: [location], max_results: 'many' })).body.message).toContain("'max_results'");
  });

  it('delete-traces: by ids, by time with a count; 400 for both or neither', async () => {
    const experimentId = await experiment('delete');
    for (let index = 1; index <= 4; index += 1) await logTrace(server, experimentId, `tr-${hexId(400 + index)}`, 1_700_000_000_000 + index * 1000);
    const byIds = await server.post(`${V3}/delete-traces`, { experiment_id: experimentId, request_ids: [`tr-${hexId(404)}`, `tr-${hexId(999)}`] });
    expect(byIds).toEqual({ status: 200, body: { traces_deleted: 1 } });
    const byTime = await server.post(`${V3}/delete-traces`, { experiment_id: experimentId, max_timestamp_millis: 1_700_000_003_000, max_traces: 2 });
    expect(byTime.body).toEqual({ traces_deleted: 2 });
    const left = await server.store.searchTraces({ experimentIds: [experimentId] });
    expect(left.traces.map((trace) => trace.traceId)).toEqual([`tr-${hexId(403)}`]);

    expect((await server.post(`${V3}/delete-traces`, { experiment_id: experimentId })).status).toBe(400);
    expect((await server.post(`${V3}/delete-traces`, { experiment_id: experimentId, request_ids: [`tr-${hexId(403)}`], max_timestamp_millis: 5 })).status).toBe(400);
    expect((await server.post(`${V3}/delete-traces`, { request_ids: [`tr-${hexId(403)}`] })).body.message).toContain("'experiment_id'");
  });

  it('trace tags: set (PATCH) and delete (DELETE, key in the body or the query), also before the spans arrive', async () => {
    const experimentId = await experiment('tags');
    const traceId = `tr-${hexId(501)}`;
    await logTrace(server, experimentId, traceId, 1);
    expect(await server.send('PATCH', `${V3}/${traceId}/tags`, { key: 'reviewed', value: 'yes' })).toEqual({ status: 200, body: {} });
    await server.send('PATCH', `${V3}/${traceId}/tags`, { key: 'other', value: '1' });
    expect((await server.store.getTrace({ traceId })).info.tags).toEqual({ reviewed: 'yes', other: '1' });
    expect((await server.send('DELETE', `${V3}/${traceId}/tags`, { key: 'reviewed' })).status).toBe(200);
    expect((await server.send('DELETE', `${V3}/${traceId}/tags?key=other`)).status).toBe(200);
    expect((await server.store.getTrace({ traceId })).info.tags).toEqual({});

    const waiting = `tr-${hexId(502)}`;
    await server.post(V3, startBody(experimentId, waiting));
    await server.send('PATCH', `${V3}/${waiting}/tags`, { key: 'early', value: 'bird' });
    await server.send('PUT', traceDataPath(experimentId, waiting), oneSpanData(2));
    expect((await server.store.getTrace({ traceId: waiting })).info.tags).toEqual({ early: 'bird' });

    expect((await server.send('PATCH', `${V3}/tr-${hexId(998)}/tags`, { key: 'k', value: 'v' })).status).toBe(404);
    expect((await server.send('PATCH', `${V3}/${traceId}/tags`, { value: 'v' })).body.message).toContain("'key'");
    expect((await server.send('DELETE', `${V3}/${traceId}/tags`)).body.message).toContain("'key'");
    expect((await server.send('DELETE', `${V3}/tr-${hexId(998)}/tags?key=k`)).status).toBe(404);
  });

  it('link-to-run: the traces then belong to the run (trace.run_id, mlflow.sourceRun)', async () => {
    const experimentId = await experiment('link');
    const run = await server.store.createRun({ experimentId });
    const traceIds = [`tr-${hexId(601)}`, `tr-${hexId(602)}`];
    await logTrace(server, experimentId, traceIds[0]!, 1, { tags: { kept: 'yes' } });
    await server.post(V3, startBody(experimentId, traceIds[1]!));
    expect(await server.post('/api/2.0/mlflow/traces/link-to-run', { trace_ids: traceIds, run_id: run.info.runId })).toEqual({ status: 200, body: {} });
    await server.send('PUT', traceDataPath(experimentId, traceIds[1]!), oneSpanData(2));

    const linked = await server.store.searchTraces({ experimentIds: [experimentId], runId: run.info.runId });
    expect(linked.traces.map((trace) => trace.traceId).sort()).toEqual(traceIds);
    expect(linked.traces.find((trace) => trace.traceId === traceIds[0])!.tags).toEqual({ kept: 'yes' });
    expect((await server.get(`${V3}/${traceIds[0]}`)).body.trace.trace_info.trace_metadata['mlflow.sourceRun']).toBe(run.info.runId);

    expect((await server.post('/api/2.0/mlflow/traces/link-to-run', { trace_ids: traceIds, run_id: 'f'.repeat(32) })).status).toBe(404);
    expect((await server.post('/api/2.0/mlflow/traces/link-to-run', { trace_ids: [`tr-${hexId(997)}`], run_id: run.info.runId })).status).toBe(404);
    expect((await server.post('/api/2.0/mlflow/traces/link-to-run', { trace_ids: ['bad'], run_id: run.info.runId })).body.message).toContain("'trace_ids[0]'");
    const tooMany = Array.from({ length: 101 }, (_, index) => `tr-${hexId(index)}`);
    expect((await server.post('/api/2.0/mlflow/traces/link-to-run', { trace_ids: tooMany, run_id: run.info.runId })).body.message).toContain("'trace_ids'");
    expect((await server.post('/api/2.0/mlflow/traces/link-to-run', { trace_ids: traceIds })).body.message).toContain("'run_id'");
  });

  it('answers the ajax-api alias and documents every route', async () => {
    const experimentId = await experiment('alias');
    await logTrace(server, experimentId, `tr-${hexId(701)}`, 1);
    expect((await server.get(`/ajax-api/3.0/mlflow/traces/tr-${hexId(701)}`)).status).toBe(200);
    const document = (await server.get('/api/assay/v1/openapi.json')).body;
    for (const path of [
      '/api/3.0/mlflow/traces',
      '/api/3.0/mlflow/traces/{trace_id}',
      '/api/3.0/mlflow/traces/search',
      '/api/3.0/mlflow/traces/delete-traces',
      '/api/3.0/mlflow/traces/{trace_id}/tags',
      '/api/2.0/mlflow/traces/link-to-run',
      '/api/2.0/mlflow-artifacts/artifacts/{experiment_id}/traces/{trace_id}/artifacts/traces.json',
    ]) {
      expect(document.paths, path).toHaveProperty([path]);
    }
    expect(Object.keys(document.paths['/api/3.0/mlflow/traces/{trace_id}/tags'])).toEqual(['patch', 'delete']);
  });
});
