import { describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';

const API = '/api/2.0/mlflow';

describe('MLflow metric history', () => {
  const server = useTestServer();

  it('returns every point by step, paged with max_results and page_token', async () => {
    const runId = (await server.post(`${API}/runs/create`, { run_name: 'history' })).body.run.info.run_id as string;
    const points = Array.from({ length: 5 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1), timestamp: 1000 + step, step }));
    await server.post(`${API}/runs/log-batch`, { run_id: runId, metrics: [...points].reverse() });

    const all = await server.get(`${API}/metrics/get-history?run_id=${runId}&metric_key=loss`);
    expect(all).toEqual({ status: 200, body: { metrics: points } });

    const first = await server.get(`${API}/metrics/get-history?run_id=${runId}&metric_key=loss&max_results=2`);
    expect(first.body.metrics).toEqual(points.slice(0, 2));
    const second = await server.get(`${API}/metrics/get-history?run_id=${runId}&metric_key=loss&max_results=2&page_token=${first.body.next_page_token}`);
    expect(second.body.metrics).toEqual(points.slice(2, 4));
    const last = await server.get(`${API}/metrics/get-history?run_id=${runId}&metric_key=loss&max_results=2&page_token=${second.body.next_page_token}`);
    expect(last.body).toEqual({ metrics: points.slice(4) });

    expect(await server.get(`${API}/metrics/get-history?run_uuid=${runId}&metric_key=never`)).toEqual({ status: 200, body: {} });
  });

  it('answers 404 for an unknown run and 400 for a bad page token, max_results or a missing key', async () => {
    expect((await server.get(`${API}/metrics/get-history?run_id=${'f'.repeat(32)}&metric_key=loss`)).status).toBe(404);
    const runId = (await server.post(`${API}/runs/create`, {})).body.run.info.run_id as string;
    expect((await server.get(`${API}/metrics/get-history?run_id=${runId}&metric_key=loss&page_token=nope`)).body).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: expect.stringContaining('Invalid page token'),
    });
    expect((await server.get(`${API}/metrics/get-history?run_id=${runId}&metric_key=loss&max_results=0`)).body.message).toContain("'max_results'");
    expect((await server.get(`${API}/metrics/get-history?run_id=${runId}&metric_key=loss&max_results=25001`)).status).toBe(400);
    expect((await server.get(`${API}/metrics/get-history?run_id=${runId}`)).body.message).toContain("'metric_key'");
  });
});
