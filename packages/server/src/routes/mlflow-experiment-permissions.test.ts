import { beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, useTestServer } from '../__fixtures__/create-test-server.js';

const API = '/api/2.0/mlflow/experiments/permissions';
const PASSWORD = 'correct horse battery';
const admin = basicAuth('root', PASSWORD);

describe("MLflow's experiment permission routes (basic-auth app)", () => {
  const server = useTestServer({ auth: {} });
  let experimentId: string;
  beforeAll(async () => {
    await server.users.createUser({ username: 'root', password: PASSWORD, isAdmin: true });
    await server.users.createUser({ username: 'eve', password: PASSWORD });
    experimentId = (await server.post('/api/2.0/mlflow/experiments/create', { name: 'granted' }, admin)).body.experiment_id as string;
  });

  it('create, get, update, delete: MLflow shapes and errors', async () => {
    expect(await server.post(`${API}/create`, { experiment_id: experimentId, username: 'eve', permission: 'READ' }, admin)).toEqual({
      status: 200,
      body: { experiment_permission: { experiment_id: experimentId, user_id: expect.any(Number), permission: 'READ' } },
    });
    expect((await server.post(`${API}/create`, { experiment_id: experimentId, username: 'eve', permission: 'EDIT' }, admin)).body.error_code).toBe('RESOURCE_ALREADY_EXISTS');
    expect((await server.get(`${API}/get?experiment_id=${experimentId}&username=eve`, admin)).body.experiment_permission.permission).toBe('READ');

    expect(await server.send('PATCH', `${API}/update`, { experiment_id: experimentId, username: 'eve', permission: 'EDIT' }, admin)).toEqual({ status: 200, body: {} });
    expect((await server.get(`/api/2.0/mlflow/users/get?username=eve`, basicAuth('eve', PASSWORD))).body.user.experiment_permissions).toEqual([
      { experiment_id: experimentId, user_id: expect.any(Number), permission: 'EDIT' },
    ]);
    expect(await server.send('DELETE', `${API}/delete`, { experiment_id: experimentId, username: 'eve' }, admin)).toEqual({ status: 200, body: {} });
    expect((await server.get(`${API}/get?experiment_id=${experimentId}&username=eve`, admin)).status).toBe(404);
    expect((await server.send('PATCH', `${API}/update`, { experiment_id: experimentId, username: 'eve', permission: 'EDIT' }, admin)).status).toBe(404);
    expect((await server.send('DELETE', `${API}/delete`, { experiment_id: experimentId, username: 'eve' }, admin)).status).toBe(404);
  });

  it('answers 404 for an unknown user or experiment, 400 naming the field for a bad permission', async () => {
    expect((await server.post(`${API}/create`, { experiment_id: experimentId, username: 'nobody', permission: 'READ' }, admin)).body).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: "User 'nobody' does not exist.",
    });
    expect((await server.post(`${API}/create`, { experiment_id: '987654', username: 'eve', permission: 'READ' }, admin)).status).toBe(404);
    const bad = await server.post(`${API}/create`, { experiment_id: experimentId, username: 'eve', permission: 'OWNER' }, admin);
    expect([bad.status, bad.body.message]).toEqual([400, expect.stringContaining("parameter 'permission'")]);
  });

  it('needs MANAGE on the experiment', async () => {
    const eve = basicAuth('eve', PASSWORD);
    expect((await server.post(`${API}/create`, { experiment_id: experimentId, username: 'eve', permission: 'MANAGE' }, eve)).status).toBe(403);
    await server.users.setExperimentPermission({ username: 'eve', experimentId, permission: 'MANAGE', mode: 'upsert' });
    expect((await server.get(`${API}/get?experiment_id=${experimentId}&username=eve`, eve)).body.experiment_permission.permission).toBe('MANAGE');
  });
});
