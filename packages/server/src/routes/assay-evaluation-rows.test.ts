import { describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';
import { as, denied, useServerWithUsers } from '../__fixtures__/use-server-with-users.js';

describe("Assay's evaluation-row route", () => {
  const server = useTestServer();

  it("pages a run's evaluation rows by row index; 404 for an unknown run, 400 for bad paging", async () => {
    const run = await server.store.createRun({ experimentId: '0' });
    const runId = run.info.runId;
    await server.store.logEvaluationRows({
      runId,
      rows: Array.from({ length: 3 }, (_, rowIndex) => ({ rowIndex, inputs: { q: rowIndex }, output: `a${rowIndex}`, latencyMs: 5, metrics: { exact_match: rowIndex === 1 ? 1 : 0, bleu: null } })),
    });
    const path = `/api/assay/v1/runs/${runId}/evaluation-rows`;
    const first = await server.get(`${path}?max_results=2`);
    expect(first.body.rows).toEqual([
      { row_index: 0, inputs: { q: 0 }, output: 'a0', latency_ms: 5, metrics: { exact_match: 0, bleu: null } },
      { row_index: 1, inputs: { q: 1 }, output: 'a1', latency_ms: 5, metrics: { exact_match: 1, bleu: null } },
    ]);
    const second = await server.get(`${path}?max_results=2&page_token=${first.body.next_page_token}`);
    expect(second.body).toEqual({ rows: [{ row_index: 2, inputs: { q: 2 }, output: 'a2', latency_ms: 5, metrics: { exact_match: 0, bleu: null } }] });
    expect((await server.get(path)).body.rows).toHaveLength(3);
    expect((await server.get(`${path}?offset=1&max_results=1`)).body).toEqual({ rows: [first.body.rows[1]], next_page_token: expect.any(String) });

    const empty = await server.store.createRun({ experimentId: '0' });
    expect(await server.get(`/api/assay/v1/runs/${empty.info.runId}/evaluation-rows`)).toEqual({ status: 200, body: { rows: [] } });
    expect((await server.get(`/api/assay/v1/runs/${'f'.repeat(32)}/evaluation-rows`)).status).toBe(404);
    expect((await server.get(`${path}?max_results=0`)).status).toBe(400);
    expect((await server.get(`${path}?max_results=50001`)).status).toBe(400);
    expect((await server.get(`${path}?page_token=x`)).status).toBe(400);
  });
});

describe("Assay's evaluation-row route with auth: READ on the run's experiment", () => {
  const { server, shared } = useServerWithUsers({ auth: {} }, 'evaluations-auth');

  it('answers 401 without credentials, 403 without READ, the rows with it', async () => {
    await server.store.logEvaluationRows({ runId: shared.runId, rows: [{ rowIndex: 0, inputs: { q: 1 }, output: 'a', latencyMs: 1, metrics: {} }] });
    const path = `/api/assay/v1/runs/${shared.runId}/evaluation-rows`;
    expect((await server.get(path)).status).toBe(401);
    expect(await server.get(path, as('outsider'))).toEqual(denied);
    for (const username of ['reader', 'editor', 'admin']) expect((await server.get(path, as(username))).body.rows, username).toHaveLength(1);
    expect((await server.get(`/api/assay/v1/runs/${'f'.repeat(32)}/evaluation-rows`, as('reader'))).status).toBe(404);
    const operation = (await server.get('/api/assay/v1/openapi.json', as('reader'))).body.paths['/api/assay/v1/runs/{run_id}/evaluation-rows'].get;
    expect(operation['x-assay-access']).toBe("READ on the run's experiment (or an admin).");
  });
});
