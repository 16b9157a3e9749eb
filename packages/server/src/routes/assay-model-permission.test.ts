import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';
import { addUsers, as, denied } from '../__fixtures__/use-server-with-users.js';

const API = '/api/2.0/mlflow';
const PERMISSION = '/api/assay/v1/registered-models/my-permission';

describe('GET /api/assay/v1/registered-models/my-permission (auth on, default READ)', () => {
  const server = useTestServer({ auth: {} });
  beforeAll(async () => {
    await addUsers(server);
    expect((await server.post(`${API}/registered-models/create`, { name: 'bot' }, as('admin'))).status).toBe(200);
    for (const [username, permission] of [['editor', 'EDIT'], ['manager', 'MANAGE'], ['outsider', 'NO_PERMISSIONS']]) {
      expect((await server.post(`${API}/registered-models/permissions/create`, { name: 'bot', username, permission }, as('admin'))).status).toBe(200);
    }
  });

  it("answers each user's permission, the default for those without a grant, MANAGE for admins", async () => {
    const permissions: Record<string, unknown> = {};
    for (const username of ['admin', 'reader', 'editor', 'manager']) permissions[username] = (await server.get(`${PERMISSION}?name=bot`, as(username))).body;
    expect(permissions).toEqual({
      admin: { name: 'bot', permission: 'MANAGE' },
      reader: { name: 'bot', permission: 'READ' },
      editor: { name: 'bot', permission: 'EDIT' },
      manager: { name: 'bot', permission: 'MANAGE' },
    });
  });

  it('refuses who may not read the model (403), nobody signed in (401), and answers 404 for an unknown model', async () => {
    expect(await server.get(`${PERMISSION}?name=bot`, as('outsider'))).toEqual(denied);
    expect((await server.get(`${PERMISSION}?name=bot`)).status).toBe(401);
    expect(await server.get(`${PERMISSION}?name=nope`, as('admin'))).toMatchObject({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
  });
});

describe('GET /api/assay/v1/registered-models/my-permission (auth off)', () => {
  const server = useTestServer();

  it('answers MANAGE: every change is allowed', async () => {
    expect((await server.post(`${API}/registered-models/create`, { name: 'open' })).status).toBe(200);
    expect((await server.get(`${PERMISSION}?name=open`)).body).toEqual({ name: 'open', permission: 'MANAGE' });
  });
});
