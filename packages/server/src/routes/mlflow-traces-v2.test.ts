import { describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';

const V2 = '/api/2.0/mlflow/traces';
const spanId = (n: number) => n.toString(16).padStart(16, '0');

describe("MLflow 2's traces API (legacy)", () => {
  const server = useTestServer();

  it('start, end, then traces.json in MLflow 2 form: the server names the trace; info, search, tags and delete answer in MLflow 2 shapes', async () => {
    const experimentId = await server.store.createExperiment({ name: 'v2' });
    const started = await server.post(V2, {
      experiment_id: experimentId,
      timestamp_ms: 1_700_000_000_000,
      request_metadata: [{ key: 'app', value: 'legacy' }],
      tags: [{ key: 'env', value: 'prod' }],
    });
    expect(started.status).toBe(200);
    const requestId = started.body.trace_info.request_id as string;
    expect(requestId).toMatch(/^tr-[0-9a-f]{32}$/);
    expect(started.body.trace_info).toMatchObject({ experiment_id: experimentId, timestamp_ms: 1_700_000_000_000, status: 'IN_PROGRESS' });
    const tags = Object.fromEntries(started.body.trace_info.tags.map(({ key, value }: { key: string; value: string }) => [key, value]));
    expect(tags).toEqual({ env: 'prod', 'mlflow.artifactLocation': `mlflow-artifacts:/${experimentId}/traces/${requestId}/artifacts` });

    const ended = await server.send('PATCH', `${V2}/${requestId}`, { timestamp_ms: 1_700_000_002_000, status: 'OK', request_metadata: [{ key: 'more', value: '1' }] });
    expect(ended.body.trace_info).toMatchObject({ status: 'OK', execution_time_ms: 2000 });

    const data = {
      spans: [
        {
          name: 'predict',
          context: { span_id: `0x${spanId(1)}`, trace_id: '0xabc' },
          parent_id: null,
          start_time: 1_700_000_000_000_000_000,
          end_time: 1_700_000_002_000_000_000,
          status_code: 'OK',
          status_message: '',
          attributes: { 'mlflow.traceRequestId': JSON.stringify(requestId), 'mlflow.spanType': '"CHAIN"', 'mlflow.spanInputs': '{"x": 2}' },
          events: [],
        },
      ],
    };
    expect((await server.send('PUT', `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/traces/${requestId}/artifacts/traces.json`, data)).status).toBe(200);
    const trace = await server.store.getTrace({ traceId: requestId });
    expect(trace.info).toMatchObject({ name: 'predict', state: 'OK', executionDurationMs: 2000, tags: { env: 'prod' }, metadata: { app: 'legacy', more: '1' } });

    const info = await server.get(`${V2}/${requestId}/info`);
    expect(info.body.trace_info).toMatchObject({ request_id: requestId, status: 'OK', execution_time_ms: 2000 });
    expect(info.body.trace_info.request_metadata).toEqual(expect.arrayContaining([{ key: 'app', value: 'legacy' }, { key: 'mlflow.traceInputs', value: '{"x":2}' }]));

    const found = await server.get(`${V2}?experiment_ids=${experimentId}&filter=${encodeURIComponent("tags.env = 'prod'")}&max_results=10`);
    expect(found.body.traces.map((item: { request_id: string }) => item.request_id)).toEqual([requestId]);

    expect((await server.send('PATCH', `${V2}/${requestId}/tags`, { key: 'checked', value: 'yes' })).status).toBe(200);
    expect((await server.send('DELETE', `${V2}/${requestId}/tags?key=env`)).status).toBe(200);
    expect((await server.store.getTrace({ traceId: requestId })).info.tags).toEqual({ checked: 'yes' });

    expect(await server.post(`${V2}/delete-traces`, { experiment_id: experimentId, request_ids: [requestId] })).toEqual({ status: 200, body: { traces_deleted: 1 } });
    expect((await server.get(`${V2}/${requestId}/info`)).status).toBe(404);
  });

  it('answers 404 for unknown experiments and traces, 400 for bad fields', async () => {
    expect((await server.post(V2, { experiment_id: '424242' })).status).toBe(404);
    expect((await server.post(V2, { timestamp_ms: 1 })).body.message).toContain("'experiment_id'");
    expect((await server.post(V2, { experiment_id: '0', timestamp_ms: 'soon' })).body.message).toContain("'timestamp_ms'");
    const unknown = `tr-${'e'.repeat(32)}`;
    expect((await server.send('PATCH', `${V2}/${unknown}`, { status: 'OK' })).status).toBe(404);
    expect((await server.get(`${V2}/${unknown}/info`)).status).toBe(404);
    expect((await server.get(`${V2}/nope/info`)).body.message).toContain("'request_id'");
    const started = await server.post(V2, { experiment_id: '0', timestamp_ms: 5000 });
    const requestId = started.body.trace_info.request_id as string;
    expect((await server.send('PATCH', `${V2}/${requestId}`, { status: 'FINISHED' })).body.message).toContain("'status'");
    expect((await server.send('PATCH', `${V2}/${requestId}`, { timestamp_ms: 10 })).body.message).toContain("'timestamp_ms'");
    expect((await server.get(`${V2}`)).status).toBe(400);
  });
});
