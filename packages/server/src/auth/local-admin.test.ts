import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';
import { addUsers } from '../__fixtures__/use-server-with-users.js';

const API = '/api/2.0/mlflow';
const LOCAL_TOKEN = 'local-token-of-this-server-start-0123456789';
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

describe("auth: the server's local token", () => {
  const server = useTestServer({ auth: { localToken: LOCAL_TOKEN } });
  beforeAll(() => addUsers(server));

  it('is accepted as an admin: it creates experiments and runs (no permission grant for a user the users file lacks) and reaches admin routes', async () => {
    const created = await server.post(`${API}/experiments/create`, { name: 'by-local-process' }, bearer(LOCAL_TOKEN));
    expect(created.status).toBe(200);
    const run = await server.post(`${API}/runs/create`, { experiment_id: created.body.experiment_id, run_name: 'r' }, bearer(LOCAL_TOKEN));
    expect(run.status).toBe(200);
    const userCreated = await server.post(`${API}/users/create`, { username: 'added-locally', password: 'a long enough password' }, bearer(LOCAL_TOKEN));
    expect(userCreated.status).toBe(200);
    expect((await server.users.getUser('added-locally'))?.isAdmin).toBe(false);
  });

  it('is refused when it differs, even by one character or as a prefix, and is no password', async () => {
    for (const token of [`${LOCAL_TOKEN.slice(0, -1)}X`, LOCAL_TOKEN.slice(0, -1), `${LOCAL_TOKEN}0`]) {
      expect((await server.get(`${API}/experiments/search?max_results=1`, bearer(token))).status, token).toBe(401);
    }
    const basic = { authorization: `Basic ${Buffer.from(`assay-local:${LOCAL_TOKEN}`).toString('base64')}` };
    expect((await server.get(`${API}/experiments/search?max_results=1`, basic)).status).toBe(401);
  });
});
