import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';
import { addUsers, as, denied } from '../__fixtures__/use-server-with-users.js';

const API = '/api/2.0/mlflow';
const ASSAY = '/api/assay/v1';

describe('registry audit log, protection and transition requests: Assay wire shapes (auth off)', () => {
  const server = useTestServer();

  it('snake_case JSON with ids and versions as strings; the client names the actor; protected only when true', async () => {
    await server.post(`${API}/registered-models/create`, { name: 'chat', actor: 'ana', comment: 'new bot' });
    await server.post(`${API}/model-versions/create`, { name: 'chat', source: 'file:///1', actor: 'ana' });
    expect((await server.get(`${API}/registered-models/get?name=chat`)).body.registered_model).not.toHaveProperty('protected');

    const protectedModel = await server.post(`${ASSAY}/registered-models/set-protection`, { name: 'chat', protected: true, actor: 'cy' });
    expect(protectedModel.body.registered_model).toMatchObject({ name: 'chat', protected: true });
    expect((await server.get(`${API}/registered-models/search`)).body.registered_models[0].protected).toBe(true);
    expect(await server.post(`${API}/model-versions/transition-stage`, { name: 'chat', version: '1', stage: 'Staging' })).toMatchObject({
      status: 403,
      body: { error_code: 'PERMISSION_DENIED' },
    });

    const created = await server.post(`${ASSAY}/transition-requests/create`, { name: 'chat', version: 1, stage: 'staging', actor: 'ana', comment: 'ready' });
    expect(created).toEqual({
      status: 200,
      body: {
        transition_request: { id: expect.stringMatching(/^\d+$/), name: 'chat', version: '1', stage: 'Staging', status: 'PENDING', requested_by: 'ana', requested_timestamp: expect.any(Number), comment: 'ready' },
      },
    });
    const id = created.body.transition_request.id as string;
    expect((await server.get(`${ASSAY}/transition-requests?name=chat`)).body).toEqual({ transition_requests: [created.body.transition_request] });
    expect(await server.get(`${ASSAY}/transition-requests/get?id=${id}`)).toEqual(created);
    const approved = await server.post(`${ASSAY}/transition-requests/approve`, { id, actor: 'ben', comment: 'ok' });
    expect(approved.body.transition_request).toMatchObject({ id, status: 'APPROVED', decided_by: 'ben', decided_timestamp: expect.any(Number), decision_comment: 'ok' });
    expect(await server.get(`${ASSAY}/transition-requests/get?id=${id}`)).toEqual(approved);
    expect(await server.get(`${ASSAY}/transition-requests`)).toEqual({ status: 200, body: {} });
    expect((await server.get(`${ASSAY}/transition-requests?status=APPROVED`)).body.transition_requests).toHaveLength(1);

    const events = await server.get(`${ASSAY}/registered-models/events?name=chat&max_results=2`);
    expect(events.body).toEqual({
      events: [
        { id: expect.stringMatching(/^\d+$/), timestamp: expect.any(Number), actor: 'ana', name: 'chat', action: 'create_model', comment: 'new bot' },
        { id: expect.stringMatching(/^\d+$/), timestamp: expect.any(Number), actor: 'ana', name: 'chat', version: '1', action: 'create_version', after: { source: 'file:///1', status: 'READY' } },
      ],
      next_page_token: expect.any(String),
    });
    const rest = await server.get(`${ASSAY}/registered-models/events?name=chat&page_token=${events.body.next_page_token as string}`);
    expect(rest.body.events.map((event: { action: string; actor?: string }) => [event.action, event.actor])).toEqual([
      ['set_protection', 'cy'],
      ['create_request', 'ana'],
      ['transition_stage', 'ben'],
      ['approve_request', 'ben'],
    ]);
    expect((await server.get(`${ASSAY}/registered-models/events?name=chat&version=1`)).body.events).toHaveLength(4);
  });

  it("answers the store's errors: unknown request 404, bad id or status 400, no actor 400", async () => {
    await server.post(`${API}/registered-models/create`, { name: 'errors' });
    await server.post(`${API}/model-versions/create`, { name: 'errors', source: 'file:///1' });
    expect((await server.post(`${ASSAY}/transition-requests/approve`, { id: '999', actor: 'ben' })).status).toBe(404);
    expect((await server.post(`${ASSAY}/transition-requests/approve`, { id: 'one', actor: 'ben' })).body.message).toContain('positive integer');
    expect((await server.get(`${ASSAY}/transition-requests/get?id=999`)).body).toEqual({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: expect.stringContaining('Transition request 999 not found') });
    expect((await server.get(`${ASSAY}/transition-requests/get?id=0`)).body).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('positive integer') });
    expect((await server.get(`${ASSAY}/transition-requests/get`)).status).toBe(400);
    expect((await server.get(`${ASSAY}/transition-requests?status=DONE`)).body.message).toContain('PENDING, APPROVED, REJECTED, CANCELLED');
    expect((await server.post(`${ASSAY}/transition-requests/create`, { name: 'errors', version: '1', stage: 'Staging' })).body).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: expect.stringContaining('needs an actor'),
    });
    expect((await server.get(`${ASSAY}/registered-models/events?name=never`)).status).toBe(404);
  });
});

describe('registry audit log and transition requests with auth on', () => {
  const server = useTestServer({ auth: {} });
  beforeAll(async () => {
    await addUsers(server);
    await server.post(`${API}/registered-models/create`, { name: 'guarded' }, as('manager'));
    await server.post(`${API}/model-versions/create`, { name: 'guarded', source: 'file:///1' }, as('manager'));
    await server.post(`${API}/registered-models/permissions/create`, { name: 'guarded', username: 'editor', permission: 'EDIT' }, as('manager'));
  });

  it('records the signed-in user on MLflow writes too, whatever actor the body claims', async () => {
    expect((await server.post(`${API}/registered-models/set-tag`, { name: 'guarded', key: 'k', value: 'v', actor: 'mallory', comment: 'why' }, as('editor'))).status).toBe(200);
    expect((await server.post(`${API}/model-versions/set-tag`, { name: 'guarded', version: '1', key: 'k', value: 'v', actor: 'mallory' }, as('editor'))).status).toBe(200);
    const events = (await server.get(`${ASSAY}/registered-models/events?name=guarded`, as('reader'))).body.events as { action: string; actor?: string; comment?: string }[];
    expect(events.map((event) => [event.action, event.actor, event.comment])).toEqual([
      ['create_model', 'manager', undefined],
      ['create_version', 'manager', undefined],
      ['set_model_tag', 'editor', 'why'],
      ['set_version_tag', 'editor', undefined],
    ]);
  });

  it('checks MANAGE on the model of the request id (a requester may withdraw theirs); an unknown id is 404, a malformed one 400', async () => {
    const created = await server.post(`${ASSAY}/transition-requests/create`, { name: 'guarded', version: '1', alias: 'champion' }, as('editor'));
    expect(created.body.transition_request.requested_by).toBe('editor');
    const id = created.body.transition_request.id as string;
    // Not the requester and without MANAGE: may not reject (withdrawing is the requester's alone).
    expect(await server.post(`${ASSAY}/transition-requests/reject`, { id }, as('reader'))).toEqual(denied);
    expect(await server.post(`${ASSAY}/transition-requests/approve`, { id }, as('editor'))).toEqual(denied);
    expect(await server.post(`${ASSAY}/registered-models/set-protection`, { name: 'guarded', protected: true }, as('editor'))).toEqual(denied);
    expect((await server.post(`${ASSAY}/transition-requests/approve`, { id: '999' }, as('editor'))).status).toBe(404);
    expect((await server.post(`${ASSAY}/transition-requests/approve`, { id: 'one' }, as('editor'))).status).toBe(400);
    expect((await server.post(`${ASSAY}/transition-requests/reject`, { id, comment: 'not yet' }, as('manager'))).body.transition_request).toMatchObject({
      status: 'REJECTED',
      decided_by: 'manager',
    });
    // Decided: deciding again is refused by the store, after the permission check.
    expect((await server.post(`${ASSAY}/transition-requests/approve`, { id }, as('manager'))).body.message).toContain('not pending');
    expect(await server.post(`${ASSAY}/transition-requests/approve`, { id }, as('editor'))).toEqual(denied);
    // The requester withdraws another request of theirs (a reject) without MANAGE.
    const second = (await server.post(`${ASSAY}/transition-requests/create`, { name: 'guarded', version: '1', stage: 'Staging' }, as('editor'))).body.transition_request.id as string;
    expect((await server.post(`${ASSAY}/transition-requests/reject`, { id: second, comment: 'withdrawn' }, as('editor'))).body.transition_request).toMatchObject({
      status: 'REJECTED',
      requested_by: 'editor',
      decided_by: 'editor',
    });
  });

  it('lets a user with READ on the model get its request; an unknown id is 404, a malformed one 400', async () => {
    await server.post(`${API}/registered-models/create`, { name: 'private' }, as('manager'));
    await server.post(`${API}/model-versions/create`, { name: 'private', source: 'file:///1' }, as('manager'));
    await server.post(`${API}/registered-models/permissions/create`, { name: 'private', username: 'reader', permission: 'NO_PERMISSIONS' }, as('manager'));
    const created = await server.post(`${ASSAY}/transition-requests/create`, { name: 'private', version: '1', stage: 'Staging' }, as('manager'));
    const id = created.body.transition_request.id as string;
    expect(await server.get(`${ASSAY}/transition-requests/get?id=${id}`, as('editor'))).toEqual(created);
    expect(await server.get(`${ASSAY}/transition-requests/get?id=${id}`, as('reader'))).toEqual(denied);
    expect((await server.get(`${ASSAY}/transition-requests/get?id=999`, as('reader'))).status).toBe(404);
    expect((await server.get(`${ASSAY}/transition-requests/get?id=one`, as('reader'))).status).toBe(400);
  });

  it('documents who may call each route', async () => {
    const paths = (await server.get('/api/assay/v1/openapi.json', as('reader'))).body.paths;
    expect(paths[`${ASSAY}/transition-requests/approve`].post['x-assay-access']).toBe("MANAGE on the transition request's registered model (or an admin).");
    expect(paths[`${ASSAY}/transition-requests/reject`].post['x-assay-access']).toBe("MANAGE on the transition request's registered model, or being its requester (or an admin).");
    expect(paths[`${ASSAY}/registered-models/events`].get['x-assay-access']).toBe('READ on the registered model (or an admin).');
    expect(paths[`${ASSAY}/transition-requests/create`].post['x-assay-access']).toBe('EDIT on the registered model (or an admin).');
    expect(paths[`${ASSAY}/transition-requests/get`].get['x-assay-access']).toBe("READ on the transition request's registered model (or an admin).");
    expect(paths[`${ASSAY}/transition-requests`].get['x-assay-access']).toBe(
      'With a name, READ on that registered model; without, any signed-in user, who sees the requests on the models they may read (or an admin).',
    );
  });
});
