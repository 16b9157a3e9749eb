import { describe, expect, it } from 'vitest';
import { basicAuth, useTestServer } from '../__fixtures__/create-test-server.js';

describe('rejectCrossSiteWrites: a browser write from another site is refused (CSRF)', () => {
  const server = useTestServer();
  const create = (name: string, headers: Record<string, string>) => server.post('/api/2.0/mlflow/experiments/create', { name }, { host: 'assay.example:5000', ...headers });

  it('refuses a write whose Origin is another site, or that the browser marks cross-site, and stores nothing', async () => {
    const foreign = await create('from-evil', { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ error_code: 'PERMISSION_DENIED' });
    expect(foreign.body.message).toContain('CSRF');
    expect((await create('cross-site', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await create('same-site', { 'sec-fetch-site': 'same-site', origin: 'http://other.assay.example:5000' })).status).toBe(403);
    // A sandboxed frame or a data: URL sends Origin null.
    expect((await create('null-origin', { origin: 'null' })).status).toBe(403);
    const listed = await server.post('/api/2.0/mlflow/experiments/search', { max_results: 100 });
    const names: string[] = listed.body.experiments.map((experiment: { name: string }) => experiment.name);
    expect(names.filter((name) => ['from-evil', 'cross-site', 'same-site', 'null-origin'].includes(name))).toEqual([]);
  });

  it("accepts the dashboard's own writes (same origin) and clients that send no Origin (SDK, MLflow clients, curl)", async () => {
    expect((await create('same-origin', { origin: 'http://assay.example:5000', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await create('no-origin', {})).status).toBe(200);
  });

  it("refuses every cross-site POST (MLflow's searches are POSTs too) and lets GETs through (the browser keeps their answers from the other site)", async () => {
    const read = await server.post('/api/2.0/mlflow/experiments/search', { max_results: 1 }, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(read.status).toBe(403);
    const get = await server.get('/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default', { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(get.status).toBe(200);
  });
});

describe('GET /api/assay/v1/session: who is signed in', () => {
  const open = useTestServer();
  const withAuth = useTestServer({ auth: {} });

  it('answers auth off and no user without auth', async () => {
    expect(await open.get('/api/assay/v1/session')).toEqual({ status: 200, body: { auth: false, user: null } });
  });

  it('answers 401 with the Basic challenge without credentials, and the user with them', async () => {
    await withAuth.users.createUser({ username: 'alice', password: 'correct horse battery', isAdmin: true });
    const anonymous = await withAuth.app.request('/api/assay/v1/session');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await withAuth.get('/api/assay/v1/session', basicAuth('alice', 'wrong password!'))).toMatchObject({ status: 401 });
    expect(await withAuth.get('/api/assay/v1/session', basicAuth('alice', 'correct horse battery'))).toEqual({ status: 200, body: { auth: true, user: { username: 'alice', is_admin: true } } });
  });
});
