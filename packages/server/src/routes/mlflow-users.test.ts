import { beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, useTestServer } from '../__fixtures__/create-test-server.js';

const API = '/api/2.0/mlflow/users';
const PASSWORD = 'correct horse battery';
const admin = basicAuth('root', PASSWORD);

describe("MLflow's user routes (basic-auth app)", () => {
  const server = useTestServer({ auth: {} });
  beforeAll(async () => {
    await server.users.createUser({ username: 'root', password: PASSWORD, isAdmin: true });
  });

  it('create (admins only) and get (oneself or an admin), in MLflow\'s shapes', async () => {
    const created = await server.post(`${API}/create`, { username: 'ana', password: PASSWORD }, admin);
    expect(created).toEqual({
      status: 200,
      body: { user: { id: expect.any(Number), username: 'ana', is_admin: false, experiment_permissions: [], registered_model_permissions: [] } },
    });
    const ana = basicAuth('ana', PASSWORD);
    expect((await server.get(`${API}/get?username=ana`, ana)).body).toEqual(created.body);
    expect((await server.get(`${API}/get?username=root`, ana)).status).toBe(403);
    expect((await server.post(`${API}/create`, { username: 'ben', password: PASSWORD }, ana)).status).toBe(403);
    expect((await server.get(`${API}/get?username=nobody`, admin)).status).toBe(404);

    expect((await server.post(`${API}/create`, { username: 'ana', password: PASSWORD }, admin)).body.error_code).toBe('RESOURCE_ALREADY_EXISTS');
    expect((await server.post(`${API}/create`, { username: 'ben', password: 'short' }, admin)).body).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('at least 8') });
    expect((await server.post(`${API}/create`, { username: 'ben' }, admin)).body.message).toContain("'password'");
  });

  it('update-password: oneself (or an admin); the old password stops working', async () => {
    await server.post(`${API}/create`, { username: 'cy', password: PASSWORD }, admin);
    const cy = basicAuth('cy', PASSWORD);
    expect((await server.send('PATCH', `${API}/update-password`, { username: 'root', password: 'stolen password' }, cy)).status).toBe(403);
    expect(await server.send('PATCH', `${API}/update-password`, { username: 'cy', password: 'a new long password' }, cy)).toEqual({ status: 200, body: {} });
    expect((await server.get(`${API}/get?username=cy`, cy)).status).toBe(401);
    expect((await server.get(`${API}/get?username=cy`, basicAuth('cy', 'a new long password'))).status).toBe(200);
    expect((await server.send('PATCH', `${API}/update-password`, { username: 'cy', password: PASSWORD }, admin)).status).toBe(200);
  });

  it('update-admin and delete: admins only; the last admin stays', async () => {
    await server.post(`${API}/create`, { username: 'dee', password: PASSWORD }, admin);
    const dee = basicAuth('dee', PASSWORD);
    expect((await server.send('PATCH', `${API}/update-admin`, { username: 'dee', is_admin: true }, dee)).status).toBe(403);
    expect((await server.send('DELETE', `${API}/delete`, { username: 'root' }, dee)).status).toBe(403);
    expect((await server.send('PATCH', `${API}/update-admin`, { username: 'root', is_admin: false }, admin)).body).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('last admin') });
    expect((await server.send('PATCH', `${API}/update-admin`, { username: 'dee', is_admin: 'yes' }, admin)).body.message).toContain("'is_admin'");

    expect(await server.send('PATCH', `${API}/update-admin`, { username: 'dee', is_admin: true }, admin)).toEqual({ status: 200, body: {} });
    expect((await server.get(`${API}/get?username=root`, dee)).body.user.is_admin).toBe(true);
    expect(await server.send('DELETE', `${API}/delete`, { username: 'ana' }, dee)).toEqual({ status: 200, body: {} });
    expect((await server.get(`${API}/get?username=ana`, dee)).status).toBe(404);
    expect((await server.get(`${API}/get?username=ana`, basicAuth('ana', PASSWORD))).status).toBe(401);
    expect((await server.send('DELETE', `${API}/delete`, { username: 'ana' }, dee)).status).toBe(404);
  });
});

describe('user and permission routes without auth', () => {
  const server = useTestServer();

  it('answer NOT_IMPLEMENTED (501): the server has no users', async () => {
    expect(await server.post(`${API}/create`, { username: 'x', password: PASSWORD })).toEqual({
      status: 501,
      body: { error_code: 'NOT_IMPLEMENTED', message: expect.stringContaining('runs without authentication') },
    });
    expect((await server.get('/api/2.0/mlflow/experiments/permissions/get?experiment_id=0&username=x')).status).toBe(501);
  });
});
