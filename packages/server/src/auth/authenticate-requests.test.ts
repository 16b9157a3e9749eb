import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@assay/core';
import { basicAuth, useTestServer } from '../__fixtures__/create-test-server.js';
import { addUsers, as, denied, PASSWORD, useServerWithUsers } from '../__fixtures__/use-server-with-users.js';
import { createAssayServer } from '../create-assay-server.js';
import { UsersFile } from './users-file.js';
import { authenticateRequests, parseAuthorization, WWW_AUTHENTICATE } from './authenticate-requests.js';
import { guardHandler } from './guard-handler.js';
import { Authorizer } from './request-access.js';

const API = '/api/2.0/mlflow';
const PROXY = '/api/2.0/mlflow-artifacts/artifacts';

describe('auth: authentication', () => {
  const server = useTestServer({ auth: {}, logRequests: true });
  beforeAll(() => addUsers(server));

  it('answers 401 UNAUTHENTICATED with a Basic challenge and MLflow\'s body without credentials; /health stays public', async () => {
    for (const path of [`${API}/experiments/search`, '/version', '/api/assay/v1/openapi.json', `${API}/nothing-here`, `${PROXY}/0/x/artifacts/a.txt`]) {
      const response = await server.app.request(path);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('www-authenticate'), path).toBe(WWW_AUTHENTICATE);
      expect(await response.json(), path).toEqual({ error_code: 'UNAUTHENTICATED', message: expect.stringContaining('Authentication required') });
    }
    const health = await server.app.request('/health');
    expect([health.status, await health.text()]).toEqual([200, 'OK']);
    // The ajax-api aliases are protected the same way.
    expect((await server.get(`/ajax-api/2.0/mlflow/experiments/search`)).status).toBe(401);
  });

  it('answers 401 for a wrong password, an unknown user, malformed or unsupported credentials', async () => {
    expect(await server.get(`${API}/experiments/search`, basicAuth('reader', 'wrong password'))).toEqual({
      status: 401,
      body: { error_code: 'UNAUTHENTICATED', message: 'Wrong username or password.' },
    });
    expect((await server.get(`${API}/experiments/search`, basicAuth('nobody', PASSWORD))).body.message).toBe('Wrong username or password.');
    expect((await server.get(`${API}/experiments/search`, { authorization: 'Basic !!!' })).body.message).toContain('Malformed basic credentials');
    expect((await server.get(`${API}/experiments/search`, { authorization: 'Digest abc' })).body.message).toContain('Unsupported Authorization scheme');
    expect((await server.get(`${API}/experiments/search`, as('reader'))).status).toBe(200);
    expect((await server.get('/version', as('reader'))).status).toBe(200);
    expect((await server.get(`${API}/nothing-here`, as('reader'))).status).toBe(404);
  });

  it('accepts an API token as a bearer token until it is revoked', async () => {
    const created = await server.users.createToken({ username: 'reader', name: 'ci' });
    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await server.get(`${API}/experiments/search`, bearer)).status).toBe(200);
    // Acts as its user: no more than READ.
    expect((await server.post(`${API}/experiments/set-experiment-tag`, { experiment_id: '0', key: 'k', value: 'v' }, bearer)).status).toBe(403);

    const tampered = `${created.token.slice(0, -1)}${created.token.endsWith('A') ? 'B' : 'A'}`;
    expect(await server.get(`${API}/experiments/search`, { authorization: `Bearer ${tampered}` })).toEqual({
      status: 401,
      body: { error_code: 'UNAUTHENTICATED', message: 'The API token is invalid or has been revoked.' },
    });
    await server.users.revokeToken(created.id);
    expect((await server.get(`${API}/experiments/search`, bearer)).status).toBe(401);
  });

  it('logs the user of each request (and the token id), never the password or token', async () => {
    const { token, id } = await server.users.createToken({ username: 'editor' });
    server.logs.length = 0;
    await server.get('/health');
    await server.get(`${API}/experiments/search`, as('reader'));
    await server.get(`${API}/experiments/search`, { authorization: `Bearer ${token}` });
    await server.get(`${API}/experiments/search`, basicAuth('reader', 'not the password'));
    expect(server.logs.map(({ path, status, user, tokenId }) => ({ path, status, user, tokenId }))).toEqual([
      { path: '/health', status: 200, user: undefined, tokenId: undefined },
      { path: `${API}/experiments/search`, status: 200, user: 'reader', tokenId: undefined },
      { path: `${API}/experiments/search`, status: 200, user: 'editor', tokenId: id },
      { path: `${API}/experiments/search`, status: 401, user: undefined, tokenId: undefined },
    ]);
    const logged = JSON.stringify(server.logs);
    expect(logged).not.toContain(PASSWORD);
    expect(logged).not.toContain('not the password');
    expect(logged).not.toContain(token.slice(24));
  });

  it('documents the security schemes and what each route needs in the OpenAPI document', async () => {
    const document = (await server.get('/api/assay/v1/openapi.json', as('reader'))).body;
    expect(document.components.securitySchemes).toEqual({
      basicAuth: expect.objectContaining({ type: 'http', scheme: 'basic' }),
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    expect(document.paths['/health'].get.security).toEqual([]);
    expect(document.paths[`${API}/runs/log-batch`].post).toMatchObject({ security: [{ basicAuth: [] }, { bearerAuth: [] }], 'x-assay-access': "EDIT on the run's experiment (or an admin)." });
    expect(document.paths[`${API}/users/create`].post['x-assay-access']).toBe('Admins only.');
  });

  it('parses basic credentials whose password holds colons, and bearer tokens', () => {
    expect(parseAuthorization(`Basic ${Buffer.from('me:a:b:c').toString('base64')}`)).toEqual({ credentials: { kind: 'basic', username: 'me', password: 'a:b:c' } });
    expect(parseAuthorization('bearer abc')).toEqual({ credentials: { kind: 'token', token: 'abc' } });
    expect(parseAuthorization(`Basic ${Buffer.from(':nouser').toString('base64')}`)).toHaveProperty('problem');
    expect(parseAuthorization(undefined)).toHaveProperty('problem');
  });
});

describe('auth: permissions per experiment (default READ)', () => {
  const { server, shared } = useServerWithUsers({ auth: {} }, 'shared');
  let experimentId: string;
  let runId: string;
  beforeAll(() => {
    ({ experimentId, runId } = shared);
  });

  it('READ (the default): reads the experiment, its runs, metrics and artifacts, writes nothing', async () => {
    expect((await server.get(`${API}/experiments/get?experiment_id=${experimentId}`, as('reader'))).status).toBe(200);
    expect((await server.get(`${API}/experiments/get-by-name?experiment_name=shared`, as('reader'))).status).toBe(200);
    expect((await server.get(`${API}/runs/get?run_id=${runId}`, as('reader'))).status).toBe(200);
    expect((await server.post(`${API}/runs/search`, { experiment_ids: [experimentId] }, as('reader'))).body.runs).toHaveLength(1);
    expect((await server.get(`${API}/metrics/get-history?run_id=${runId}&metric_key=loss`, as('reader'))).status).toBe(200);
    expect((await server.get(`${API}/artifacts/list?run_id=${runId}`, as('reader'))).status).toBe(200);

    expect(await server.post(`${API}/runs/log-metric`, { run_id: runId, key: 'loss', value: 1, timestamp: 1 }, as('reader'))).toEqual({
      status: 403,
      body: { error_code: 'PERMISSION_DENIED', message: `Permission denied: this needs EDIT on experiment '${experimentId}'; user 'reader' has READ.` },
    });
    expect(await server.post(`${API}/runs/create`, { experiment_id: experimentId }, as('reader'))).toEqual(denied);
    expect(await server.post(`${API}/experiments/set-experiment-tag`, { experiment_id: experimentId, key: 'k', value: 'v' }, as('reader'))).toEqual(denied);
    expect(await server.post(`${API}/experiments/update`, { experiment_id: experimentId, new_name: 'taken-over' }, as('reader'))).toEqual(denied);
    expect(await server.get(`${API}/experiments/permissions/get?experiment_id=${experimentId}&username=reader`, as('reader'))).toEqual(denied);
  });

  it('EDIT: logs runs, metrics, params, tags and artifacts; cannot delete or change permissions', async () => {
    const created = await server.post(`${API}/runs/create`, { experiment_id: experimentId, run_name: 'by-editor' }, as('editor'));
    expect(created.status).toBe(200);
    const ownRun = created.body.run.info.run_id as string;
    expect(await server.post(`${API}/runs/log-metric`, { run_id: ownRun, key: 'loss', value: 0.5, timestamp: 1 }, as('editor'))).toEqual({ status: 200, body: {} });
    expect((await server.post(`${API}/runs/log-batch`, { run_id: runId, params: [{ key: 'lr', value: '0.1' }], tags: [{ key: 't', value: 'v' }] }, as('editor'))).status).toBe(200);
    expect((await server.post(`${API}/runs/update`, { run_id: ownRun, status: 'FINISHED' }, as('editor'))).status).toBe(200);
    const upload = await server.app.request(`${PROXY}/${experimentId}/${ownRun}/artifacts/notes.txt`, { method: 'PUT', body: 'hi', headers: as('editor') });
    expect(upload.status).toBe(200);

    expect(await server.post(`${API}/runs/delete`, { run_id: ownRun }, as('editor'))).toEqual(denied);
    expect(await server.post(`${API}/experiments/delete`, { experiment_id: experimentId }, as('editor'))).toEqual(denied);
    expect(await server.post(`${API}/experiments/permissions/create`, { experiment_id: experimentId, username: 'reader', permission: 'EDIT' }, as('editor'))).toEqual(denied);
    expect((await server.app.request(`${PROXY}/${experimentId}/${ownRun}/artifacts/notes.txt`, { method: 'DELETE', headers: as('editor') })).status).toBe(403);
  });

  it('MANAGE: also deletes and restores runs and the experiment, and grants permissions on it', async () => {
    const grant = await server.post(`${API}/experiments/permissions/create`, { experiment_id: experimentId, username: 'reader', permission: 'EDIT' }, as('manager'));
    expect(grant.status).toBe(200);
    expect((await server.post(`${API}/runs/set-tag`, { run_id: runId, key: 'by', value: 'reader' }, as('reader'))).status).toBe(200);
    expect((await server.send('DELETE', `${API}/experiments/permissions/delete`, { experiment_id: experimentId, username: 'reader' }, as('manager'))).status).toBe(200);
    expect((await server.post(`${API}/runs/set-tag`, { run_id: runId, key: 'by', value: 'reader' }, as('reader'))).status).toBe(403);

    expect((await server.post(`${API}/runs/delete`, { run_id: runId }, as('manager'))).status).toBe(200);
    expect((await server.post(`${API}/runs/restore`, { run_id: runId }, as('manager'))).status).toBe(200);
    expect((await server.post(`${API}/experiments/delete`, { experiment_id: experimentId }, as('manager'))).status).toBe(200);
    expect((await server.post(`${API}/experiments/restore`, { experiment_id: experimentId }, as('manager'))).status).toBe(200);
    // Managing one experiment gives nothing on another.
    expect(await server.post(`${API}/experiments/permissions/create`, { experiment_id: '0', username: 'reader', permission: 'MANAGE' }, as('manager'))).toEqual(denied);
  });

  it('NO_PERMISSIONS granted: the experiment, its runs and artifacts are out of reach; searches leave it out', async () => {
    expect(await server.get(`${API}/experiments/get?experiment_id=${experimentId}`, as('outsider'))).toEqual(denied);
    expect(await server.get(`${API}/runs/get?run_id=${runId}`, as('outsider'))).toEqual(denied);
    expect(await server.post(`${API}/runs/search`, { experiment_ids: ['0', experimentId] }, as('outsider'))).toEqual(denied);
    expect((await server.app.request(`${PROXY}/${experimentId}/${runId}/artifacts/notes.txt`, { headers: as('outsider') })).status).toBe(403);
    const names = (await server.get(`${API}/experiments/search?max_results=1000`, as('outsider'))).body.experiments.map((experiment: { name: string }) => experiment.name);
    expect(names).toContain('Default');
    expect(names).not.toContain('shared');
  });

  it('admin: everything, whatever is granted', async () => {
    await server.users.setExperimentPermission({ username: 'admin', experimentId, permission: 'NO_PERMISSIONS', mode: 'upsert' });
    expect((await server.get(`${API}/runs/get?run_id=${runId}`, as('admin'))).status).toBe(200);
    expect((await server.post(`${API}/experiments/set-experiment-tag`, { experiment_id: experimentId, key: 'owner', value: 'admin' }, as('admin'))).status).toBe(200);
    expect((await server.get(`${API}/experiments/permissions/get?experiment_id=${experimentId}&username=editor`, as('admin'))).body).toEqual({
      experiment_permission: { experiment_id: experimentId, user_id: expect.any(Number), permission: 'EDIT' },
    });
    const listed = await server.app.request(`${PROXY}?path=`, { headers: as('admin') });
    expect(listed.status).toBe(200);
  });

  it("the creator of an experiment gets MANAGE on it (as MLflow's auth app does)", async () => {
    const id = (await server.post(`${API}/experiments/create`, { name: 'readers-own' }, as('reader'))).body.experiment_id as string;
    expect((await server.users.getUser('reader'))?.experimentPermissions[id]).toBe('MANAGE');
    expect((await server.post(`${API}/experiments/permissions/create`, { experiment_id: id, username: 'editor', permission: 'READ' }, as('reader'))).status).toBe(200);
    expect((await server.post(`${API}/experiments/delete`, { experiment_id: id }, as('reader'))).status).toBe(200);
  });

  it('artifact paths: the experiment whose folder holds them decides; other paths are for admins; the users file is never served', async () => {
    expect((await server.app.request(`${PROXY}/${experimentId}/${runId}/artifacts/notes.txt`, { method: 'PUT', body: 'x', headers: as('reader') })).status).toBe(403);
    expect((await server.app.request(`${PROXY}?path=${experimentId}`, { headers: as('reader') })).status).toBe(200);
    for (const path of [`${PROXY}?path=`, `${PROXY}/elsewhere/file.txt`]) {
      const response = await server.app.request(path, { headers: as('reader') });
      expect(response.status, path).toBe(403);
    }
    for (const path of ['../users.json', '..%2Fusers.json', '%2e%2e/users.json', `${experimentId}/../../users.json`]) {
      const response = await server.app.request(`${PROXY}/${path}`, { headers: as('admin') });
      expect([400, 404], path).toContain(response.status);
      expect(await response.text(), path).not.toContain('scrypt');
    }
  });
});

describe('auth: default permission NO_PERMISSIONS', () => {
  const { server, shared } = useServerWithUsers({ auth: { defaultPermission: 'NO_PERMISSIONS' } }, 'private');
  let experimentId: string;
  let runId: string;
  beforeAll(() => {
    ({ experimentId, runId } = shared);
  });

  it('applies where nothing is granted: experiments, runs (which inherit it) and searches', async () => {
    expect(await server.get(`${API}/experiments/get?experiment_id=${experimentId}`, as('reader'))).toEqual(denied);
    expect(await server.get(`${API}/runs/get?run_id=${runId}`, as('reader'))).toEqual(denied);
    expect(await server.get(`${API}/metrics/get-history?run_id=${runId}&metric_key=loss`, as('reader'))).toEqual(denied);
    expect(await server.post(`${API}/runs/create`, {}, as('reader'))).toEqual(denied);
    expect(await server.get(`${API}/experiments/search`, as('reader'))).toEqual({ status: 200, body: {} });

    // The editor's grant still holds, on that experiment only.
    expect((await server.get(`${API}/runs/get?run_id=${runId}`, as('editor'))).status).toBe(200);
    expect((await server.get(`${API}/experiments/search`, as('editor'))).body.experiments.map((experiment: { name: string }) => experiment.name)).toEqual(['private']);
  });

  it('fills search pages from the following ones when unreadable experiments are left out', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 6; index += 1) ids.push((await server.post(`${API}/experiments/create`, { name: `page-${index}` }, as('admin'))).body.experiment_id as string);
    for (const id of [ids[1]!, ids[4]!, ids[5]!]) await server.users.setExperimentPermission({ username: 'reader', experimentId: id, permission: 'READ', mode: 'create' });
    const names: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await server.post(`${API}/experiments/search`, { filter: "name LIKE 'page-%'", order_by: ['name ASC'], max_results: 2, ...(pageToken ? { page_token: pageToken } : {}) }, as('reader'));
      expect(page.body.experiments?.length ?? 0).toBeLessThanOrEqual(2);
      names.push(...(page.body.experiments ?? []).map((experiment: { name: string }) => experiment.name));
      pageToken = page.body.next_page_token;
    } while (pageToken !== undefined);
    expect(names).toEqual(['page-1', 'page-4', 'page-5']);
  });
});

describe('auth: routes without a declared access', () => {
  it('are admin-only, so a route added without a declaration fails closed', async () => {
    const users = new UsersFile({ path: join(await mkdtemp(join(tmpdir(), 'assay-undeclared-')), 'users.json') });
    await users.createUser({ username: 'admin', password: PASSWORD, isAdmin: true });
    await users.createUser({ username: 'someone', password: PASSWORD });
    // The route touches no store.
    const app = createAssayServer({ store: {} as Store, auth: { users }, log: () => undefined });
    app.get('/api/assay/v1/undeclared', (c) => c.text('secret'));
    const refused = await app.request('/api/assay/v1/undeclared', { headers: as('someone') });
    expect([refused.status, await refused.json()]).toEqual([
      403,
      { error_code: 'PERMISSION_DENIED', message: 'Permission denied: this route declares no access rule, so only admins may call it.' },
    ]);
    expect(await (await app.request('/api/assay/v1/undeclared', { headers: as('admin') })).text()).toBe('secret');
  });

  it('are admin-only even when a later route for the same URL declares an access: the route that answers decides', async () => {
    const users = new UsersFile({ path: join(await mkdtemp(join(tmpdir(), 'assay-shadowed-')), 'users.json') });
    await users.createUser({ username: 'someone', password: PASSWORD });
    const app = new Hono();
    app.use('*', authenticateRequests(new Authorizer({} as Store, { users })));
    app.onError((error, c) => c.json({ error_code: (error as { code?: string }).code }, 403));
    app.get('/files/special.json', (c) => c.text('undeclared'));
    app.get('/files/:path', guardHandler('authenticated', () => undefined, (c) => c.text('declared')));
    expect((await app.request('/files/other.txt', { headers: as('someone') })).status).toBe(200);
    const shadowed = await app.request('/files/special.json', { headers: as('someone') });
    expect([shadowed.status, await shadowed.json()]).toEqual([403, { error_code: 'PERMISSION_DENIED' }]);
  });
});
