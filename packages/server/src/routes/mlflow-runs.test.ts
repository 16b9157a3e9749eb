import { describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';

const API = '/api/2.0/mlflow';

describe('MLflow run routes', () => {
  const server = useTestServer();

  async function createExperiment(name: string): Promise<string> {
    return (await server.post(`${API}/experiments/create`, { name })).body.experiment_id as string;
  }

  async function createRun(body: Record<string, unknown>): Promise<string> {
    const created = await server.post(`${API}/runs/create`, body);
    expect(created.status).toBe(200);
    return created.body.run.info.run_id as string;
  }

  it('create and get: run {info, data, inputs} as MLflow returns it, names and users from system tags too', async () => {
    const experimentId = await createExperiment('runs-create');
    const created = await server.post(`${API}/runs/create`, {
      experiment_id: experimentId,
      run_name: 'first',
      user_id: 'ada',
      start_time: '1700000000000',
      tags: [{ key: 'stage', value: 'dev' }],
    });
    expect(created.status).toBe(200);
    const runId = created.body.run.info.run_id as string;
    expect(created.body).toEqual({
      run: {
        info: {
          run_id: runId,
          run_uuid: runId,
          run_name: 'first',
          experiment_id: experimentId,
          user_id: 'ada',
          status: 'RUNNING',
          start_time: 1700000000000,
          artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
          lifecycle_stage: 'active',
        },
        data: {
          tags: [
            { key: 'mlflow.runName', value: 'first' },
            { key: 'mlflow.user', value: 'ada' },
            { key: 'stage', value: 'dev' },
          ],
        },
        inputs: {},
      },
    });
    expect((await server.get(`${API}/runs/get?run_id=${runId}`)).body).toEqual(created.body);
    // Older clients send run_uuid.
    expect((await server.get(`${API}/runs/get?run_uuid=${runId}`)).body).toEqual(created.body);

    // MLflow's Python client names the run by the mlflow.runName tag; without experiment_id the run goes to Default.
    const byTag = await server.post(`${API}/runs/create`, { tags: [{ key: 'mlflow.runName', value: 'tagged-name' }, { key: 'mlflow.user', value: 'bob' }] });
    expect(byTag.body.run.info).toMatchObject({ run_name: 'tagged-name', user_id: 'bob', experiment_id: '0' });
  });

  it('create: RESOURCE_DOES_NOT_EXIST for an unknown experiment or parent run, INVALID_PARAMETER_VALUE for bad fields', async () => {
    expect(await server.post(`${API}/runs/create`, { experiment_id: '987654' })).toEqual({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: expect.any(String) } });
    const orphan = await server.post(`${API}/runs/create`, { tags: [{ key: 'mlflow.parentRunId', value: 'f'.repeat(32) }] });
    expect(orphan.status).toBe(404);
    expect((await server.post(`${API}/runs/create`, { start_time: 1.5 })).body.message).toMatch(/^Invalid value 1\.5 for parameter 'start_time' supplied/);
    expect((await server.post(`${API}/runs/create`, { run_name: 'x'.repeat(300) })).body).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('exceeds the limit') });
    expect((await server.get(`${API}/runs/get?run_id=${'0'.repeat(32)}`)).status).toBe(404);
    expect((await server.get(`${API}/runs/get`)).body.message).toContain("'run_id'");
  });

  it('update, delete and restore', async () => {
    const runId = await createRun({ run_name: 'lifecycle' });
    const updated = await server.post(`${API}/runs/update`, { run_id: runId, status: 'FINISHED', end_time: 1700000001000, run_name: 'renamed' });
    expect(updated.status).toBe(200);
    expect(updated.body.run_info).toMatchObject({ run_id: runId, status: 'FINISHED', end_time: 1700000001000, run_name: 'renamed' });
    expect((await server.post(`${API}/runs/update`, { run_id: runId, status: 'DONE' })).body.message).toContain("'status'");
    expect((await server.post(`${API}/runs/update`, { run_id: 'f'.repeat(32), status: 'FINISHED' })).status).toBe(404);

    expect(await server.post(`${API}/runs/delete`, { run_id: runId })).toEqual({ status: 200, body: {} });
    expect((await server.get(`${API}/runs/get?run_id=${runId}`)).body.run.info.lifecycle_stage).toBe('deleted');
    // Writes to a deleted run are refused.
    expect((await server.post(`${API}/runs/set-tag`, { run_id: runId, key: 'k', value: 'v' })).body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(await server.post(`${API}/runs/restore`, { run_uuid: runId })).toEqual({ status: 200, body: {} });
    expect((await server.get(`${API}/runs/get?run_id=${runId}`)).body.run.info.lifecycle_stage).toBe('active');
    expect((await server.post(`${API}/runs/delete`, { run_id: 'f'.repeat(32) })).status).toBe(404);
    expect((await server.post(`${API}/runs/restore`, { run_id: 'f'.repeat(32) })).status).toBe(404);
    expect((await server.post(`${API}/runs/delete`, {})).body.message).toContain("'run_id'");
  });

  it('log-metric, log-parameter, set-tag, delete-tag and log-batch land in the run; NaN and Infinity travel as protobuf JSON strings', async () => {
    const runId = await createRun({ run_name: 'logging' });
    expect(await server.post(`${API}/runs/log-metric`, { run_id: runId, key: 'loss', value: 0.5, timestamp: 1000, step: 1 })).toEqual({ status: 200, body: {} });
    expect(await server.post(`${API}/runs/log-metric`, { run_id: runId, key: 'loss', value: '0.25', timestamp: '2000', step: '2' })).toEqual({ status: 200, body: {} });
    expect(await server.post(`${API}/runs/log-metric`, { run_id: runId, key: 'odd', value: 'NaN', timestamp: 1000 })).toEqual({ status: 200, body: {} });
    expect(await server.post(`${API}/runs/log-parameter`, { run_id: runId, key: 'lr', value: '0.01' })).toEqual({ status: 200, body: {} });
    expect(await server.post(`${API}/runs/set-tag`, { run_id: runId, key: 'note', value: 'hi' })).toEqual({ status: 200, body: {} });
    expect(
      await server.post(`${API}/runs/log-batch`, {
        run_id: runId,
        metrics: [{ key: 'acc', value: 'Infinity', timestamp: 3000, step: 0 }],
        params: [{ key: 'model', value: 'gpt' }],
        tags: [{ key: 'gone', value: 'soon' }],
      }),
    ).toEqual({ status: 200, body: {} });
    expect(await server.post(`${API}/runs/delete-tag`, { run_id: runId, key: 'gone' })).toEqual({ status: 200, body: {} });

    const data = (await server.get(`${API}/runs/get?run_id=${runId}`)).body.run.data;
    expect(data.metrics).toEqual([
      { key: 'acc', value: 'Infinity' },
      { key: 'loss', value: 0.25 },
      { key: 'odd', value: 'NaN' },
    ]);
    expect(data.params).toEqual([
      { key: 'lr', value: '0.01' },
      { key: 'model', value: 'gpt' },
    ]);
    expect(data.tags).toEqual(expect.arrayContaining([{ key: 'note', value: 'hi' }]));
    expect(data.tags).not.toEqual(expect.arrayContaining([{ key: 'gone', value: 'soon' }]));
  });

  it('logging errors: missing timestamp, bad values, param changes, batch limits, unknown runs', async () => {
    const runId = await createRun({ run_name: 'log-errors' });
    expect((await server.post(`${API}/runs/log-metric`, { run_id: runId, key: 'm', value: 1 })).body).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: "Missing value for required parameter 'timestamp'. See the API docs for more information about request parameters.",
    });
    expect((await server.post(`${API}/runs/log-metric`, { run_id: runId, key: 'm', value: 'high', timestamp: 1 })).body.message).toContain("'value'");
    await server.post(`${API}/runs/log-parameter`, { run_id: runId, key: 'p', value: 'a' });
    expect((await server.post(`${API}/runs/log-parameter`, { run_id: runId, key: 'p', value: 'b' })).body.error_code).toBe('INVALID_PARAMETER_VALUE');
    const tooMany = await server.post(`${API}/runs/log-batch`, { run_id: runId, params: Array.from({ length: 101 }, (_, index) => ({ key: `p${index}`, value: 'v' })) });
    expect(tooMany).toEqual({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('at most 100 params; got 101') } });
    const tooManyMetrics = await server.post(`${API}/runs/log-batch`, { run_id: runId, metrics: Array.from({ length: 1001 }, () => ({ key: 'm', value: 1, timestamp: 1 })) });
    expect(tooManyMetrics.body.message).toContain('at most 1000 metrics');
    expect((await server.post(`${API}/runs/log-batch`, { run_id: runId, metrics: [{ key: 'm', value: 1 }] })).body.message).toContain("'metrics[0].timestamp'");
    expect((await server.post(`${API}/runs/log-metric`, { run_id: 'f'.repeat(32), key: 'm', value: 1, timestamp: 1 })).status).toBe(404);
    expect((await server.post(`${API}/runs/log-parameter`, { run_id: 'f'.repeat(32), key: 'm', value: '1' })).status).toBe(404);
    expect((await server.post(`${API}/runs/set-tag`, { run_id: 'f'.repeat(32), key: 'm', value: '1' })).status).toBe(404);
    expect((await server.post(`${API}/runs/delete-tag`, { run_id: 'f'.repeat(32), key: 'm' })).status).toBe(404);
    expect((await server.post(`${API}/runs/log-batch`, { run_id: 'f'.repeat(32) })).status).toBe(404);
    expect((await server.post(`${API}/runs/set-tag`, { run_id: runId, key: '../bad', value: '1' })).body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('search: a filter with thousands of metric comparisons is a 400 naming the limit, not a 500 from DuckDB', async () => {
    const filter = Array.from({ length: 5000 }, () => 'metrics.a > 1').join(' AND ');
    expect(await server.post(`${API}/runs/search`, { experiment_ids: ['0'], filter })).toEqual({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'Invalid filter: it compares more than 100 metrics, params or tags. Simplify it (IN takes a list of values).' },
    });
  });

  it('search: filter, order_by, paging, run_view_type; a bad filter or no experiment ids is INVALID_PARAMETER_VALUE', async () => {
    const experimentId = await createExperiment('runs-search');
    for (const [name, accuracy] of [['low', 0.2], ['mid', 0.5], ['high', 0.9]] as const) {
      const runId = await createRun({ experiment_id: experimentId, run_name: name });
      await server.post(`${API}/runs/log-metric`, { run_id: runId, key: 'accuracy', value: accuracy, timestamp: 1 });
    }
    const first = await server.post(`${API}/runs/search`, { experiment_ids: [experimentId], filter: 'metrics.accuracy > 0.3', order_by: ['metrics.accuracy DESC'], max_results: 1 });
    expect(first.status).toBe(200);
    expect(first.body.runs.map((run: { info: { run_name: string } }) => run.info.run_name)).toEqual(['high']);
    const second = await server.post(`${API}/runs/search`, {
      experiment_ids: [experimentId],
      filter: 'metrics.accuracy > 0.3',
      order_by: ['metrics.accuracy DESC'],
      max_results: 1,
      page_token: first.body.next_page_token,
    });
    expect(second.body.runs.map((run: { info: { run_name: string } }) => run.info.run_name)).toEqual(['mid']);
    const all = await server.post(`${API}/runs/search`, { experiment_ids: [experimentId], run_view_type: 'ALL' });
    expect(all.body.runs).toHaveLength(3);
    expect(await server.post(`${API}/runs/search`, { experiment_ids: [experimentId], filter: "params.model = 'none'" })).toEqual({ status: 200, body: {} });

    const badFilter = await server.post(`${API}/runs/search`, { experiment_ids: [experimentId], filter: 'metrics.accuracy >>> 1' });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect((await server.post(`${API}/runs/search`, {})).body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect((await server.post(`${API}/runs/search`, { experiment_ids: [experimentId], page_token: 'garbage' })).body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('log-inputs: datasets stored in Assay, named by name and digest (or an 8-character prefix), with their context', async () => {
    const dataset = await server.store.createDatasetVersion({ name: 'qa', rows: [{ question: 'q1', answer: 'a1' }, { question: 'q2', answer: 'a2' }] });
    const runId = await createRun({ run_name: 'with-inputs' });
    const logged = await server.post(`${API}/runs/log-inputs`, {
      run_id: runId,
      datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'eval' }], dataset: { name: 'qa', digest: dataset.digest.slice(0, 8), source_type: 'code', source: '{}' } }],
    });
    expect(logged).toEqual({ status: 200, body: {} });
    const inputs = (await server.get(`${API}/runs/get?run_id=${runId}`)).body.run.inputs;
    expect(inputs).toEqual({
      dataset_inputs: [
        {
          tags: [{ key: 'mlflow.data.context', value: 'eval' }],
          dataset: {
            name: 'qa',
            digest: dataset.digest,
            version: 1,
            source_type: 'inline',
            source: 'inline',
            schema: expect.stringContaining('"mlflow_colspec"'),
            profile: '{"num_rows":2}',
          },
        },
      ],
    });

    const unknownDigest = await server.post(`${API}/runs/log-inputs`, { run_id: runId, datasets: [{ dataset: { name: 'qa', digest: '00000000' } }] });
    expect(unknownDigest).toEqual({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: expect.stringContaining("no version with digest '00000000'") } });
    expect((await server.post(`${API}/runs/log-inputs`, { run_id: runId, datasets: [{ dataset: { name: 'nope', digest: '00000000' } }] })).status).toBe(404);
    expect((await server.post(`${API}/runs/log-inputs`, { run_id: 'f'.repeat(32), datasets: [] })).status).toBe(404);
    expect((await server.post(`${API}/runs/log-inputs`, { run_id: runId, datasets: [{ dataset: { name: 'qa' } }] })).body.message).toContain("'datasets[0].dataset.digest'");
    expect(await server.post(`${API}/runs/log-inputs`, { run_id: runId, models: [{ model_id: 'm-1' }] })).toEqual({
      status: 501,
      body: { error_code: 'NOT_IMPLEMENTED', message: expect.stringContaining('Model inputs') },
    });
  });
});
