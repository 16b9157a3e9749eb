import { describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';
import { as, useServerWithUsers } from '../__fixtures__/use-server-with-users.js';

describe("Assay's run-inputs route", () => {
  const server = useTestServer();

  it('records dataset versions by name and version, which runs/get answers with the version', async () => {
    // Versions 1 and 3 share their digest: only the version tells them apart.
    for (const rows of [[{ n: 1 }], [{ n: 2 }], [{ n: 1 }]]) await server.store.createDatasetVersion({ name: 'shared-digest', rows });
    const run = await server.store.createRun({ experimentId: '0' });
    const path = `/api/assay/v1/runs/${run.info.runId}/inputs`;
    expect((await server.post(path, { inputs: [{ dataset_name: 'shared-digest', dataset_version: 3, context: 'eval' }] })).status).toBe(200);
    expect((await server.store.getRun({ runId: run.info.runId })).inputs?.datasetInputs.map((input) => input.dataset.version)).toEqual([3]);
    const mlflowRun = await server.get(`/api/2.0/mlflow/runs/get?run_id=${run.info.runId}`);
    expect(mlflowRun.body.run.inputs.dataset_inputs[0]).toMatchObject({ dataset: { name: 'shared-digest', version: 3 }, tags: [{ key: 'mlflow.data.context', value: 'eval' }] });
    expect((await server.post(path, { inputs: [{ dataset_name: 'shared-digest', dataset_version: 9 }] })).body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await server.post(`/api/assay/v1/runs/${'f'.repeat(32)}/inputs`, { inputs: [] })).status).toBe(404);
  });
});

describe("Assay's run-inputs route with auth: EDIT on the run's experiment", () => {
  const { server, shared } = useServerWithUsers({ auth: {} }, 'inputs-auth');

  it('refuses readers', async () => {
    await server.store.createDatasetVersion({ name: 'auth-inputs', rows: [{ a: 1 }] });
    const body = { inputs: [{ dataset_name: 'auth-inputs', dataset_version: 1 }] };
    const path = `/api/assay/v1/runs/${shared.runId}/inputs`;
    expect((await server.post(path, body, as('reader'))).status).toBe(403);
    expect((await server.post(path, body, as('editor'))).status).toBe(200);
  });
});
