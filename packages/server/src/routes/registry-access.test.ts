import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type TestServer } from '../__fixtures__/create-test-server.js';
import { addUsers, as, denied } from '../__fixtures__/use-server-with-users.js';

const API = '/api/2.0/mlflow';

/** A model made by the admin with two versions and an alias, on which editor, manager and outsider hold EDIT, MANAGE and NO_PERMISSIONS (reader: the default, READ). */
async function createSharedModel(server: TestServer, name: string): Promise<void> {
  expect((await server.post(`${API}/registered-models/create`, { name, tags: [{ key: 'team', value: 'ml' }] }, as('admin'))).status).toBe(200);
  for (const source of ['file:///m/1', 'file:///m/2']) expect((await server.post(`${API}/model-versions/create`, { name, source }, as('admin'))).status).toBe(200);
  expect((await server.post(`${API}/registered-models/alias`, { name, alias: 'champion', version: '1' }, as('admin'))).status).toBe(200);
  for (const [username, permission] of [['editor', 'EDIT'], ['manager', 'MANAGE'], ['outsider', 'NO_PERMISSIONS']]) {
    expect((await server.post(`${API}/registered-models/permissions/create`, { name, username, permission }, as('admin'))).status).toBe(200);
  }
}

/** Every write of the registry on model `name`, as [method, path, body]. */
function writesOn(name: string): [string, string, unknown][] {
  return [
    ['POST', `${API}/registered-models/rename`, { name, new_name: `${name}-renamed` }],
    ['PATCH', `${API}/registered-models/update`, { name, description: 'changed' }],
    ['POST', `${API}/registered-models/set-tag`, { name, key: 'team', value: 'other' }],
    ['DELETE', `${API}/registered-models/delete-tag`, { name, key: 'team' }],
    ['POST', `${API}/registered-models/alias`, { name, alias: 'champion', version: '2' }],
    ['DELETE', `${API}/registered-models/alias`, { name, alias: 'champion' }],
    ['POST', `${API}/model-versions/create`, { name, source: 'file:///m/3' }],
    ['PATCH', `${API}/model-versions/update`, { name, version: '1', description: 'changed' }],
    ['POST', `${API}/model-versions/set-tag`, { name, version: '1', key: 'k', value: 'v' }],
    ['DELETE', `${API}/model-versions/delete-tag`, { name, version: '1', key: 'k' }],
    ['POST', `${API}/model-versions/transition-stage`, { name, version: '1', stage: 'Production' }],
    ['DELETE', `${API}/model-versions/delete`, { name, version: '2' }],
    ['DELETE', `${API}/registered-models/delete`, { name }],
    ['POST', `${API}/registered-models/permissions/create`, { name, username: 'reader', permission: 'MANAGE' }],
  ];
}

/** What a user can see of a model: the model and its versions, as the admin reads them. */
async function snapshot(server: TestServer, name: string): Promise<unknown> {
  const model = await server.get(`${API}/registered-models/get?name=${name}`, as('admin'));
  const versions = await server.get(`${API}/model-versions/search?filter=${encodeURIComponent(`name = '${name}'`)}`, as('admin'));
  const reader = await server.get(`${API}/users/get?username=reader`, as('admin'));
  return { model: model.body, versions: versions.body, readerPermissions: reader.body.user.registered_model_permissions };
}

describe('registered model permissions (READ / EDIT / MANAGE per model), over HTTP with real users', () => {
  const server = useTestServer({ auth: {} });
  beforeAll(async () => {
    await addUsers(server);
    await createSharedModel(server, 'guarded');
  });

  it('a reader reads the model, its versions and aliases, and gets 403 on every write with nothing changed', async () => {
    expect((await server.get(`${API}/registered-models/get?name=guarded`, as('reader'))).status).toBe(200);
    expect((await server.get(`${API}/model-versions/get?name=guarded&version=1`, as('reader'))).status).toBe(200);
    expect((await server.get(`${API}/registered-models/alias?name=guarded&alias=champion`, as('reader'))).body.model_version.version).toBe('1');
    expect((await server.get(`${API}/model-versions/get-download-uri?name=guarded&version=1`, as('reader'))).body).toEqual({ artifact_uri: 'file:///m/1' });
    expect((await server.post(`${API}/registered-models/get-latest-versions`, { name: 'guarded' }, as('reader'))).status).toBe(200);

    const before = await snapshot(server, 'guarded');
    for (const [method, path, body] of writesOn('guarded')) {
      expect({ method, path, answer: await server.send(method, path, body, as('reader')) }).toEqual({ method, path, answer: denied });
    }
    expect(await snapshot(server, 'guarded')).toEqual(before);
  });

  it('without credentials: 401; with NO_PERMISSIONS: 403 on reads, and searches leave the model out', async () => {
    expect((await server.get(`${API}/registered-models/get?name=guarded`)).status).toBe(401);
    expect(await server.get(`${API}/registered-models/get?name=guarded`, as('outsider'))).toEqual(denied);
    expect(await server.get(`${API}/model-versions/get?name=guarded&version=1`, as('outsider'))).toEqual(denied);
    const models = await server.get(`${API}/registered-models/search`, as('outsider'));
    expect((models.body.registered_models ?? []).map((model: { name: string }) => model.name)).not.toContain('guarded');
    const versions = await server.get(`${API}/model-versions/search`, as('outsider'));
    expect((versions.body.model_versions ?? []).map((version: { name: string }) => version.name)).not.toContain('guarded');
    // The reader's searches show it.
    expect((await server.get(`${API}/registered-models/search`, as('reader'))).body.registered_models.map((model: { name: string }) => model.name)).toContain('guarded');
  });

  it('an editor writes versions, tags, aliases, stages and the description, but cannot delete or grant', async () => {
    await createSharedModel(server, 'edited');
    const editor = as('editor');
    expect((await server.post(`${API}/model-versions/create`, { name: 'edited', source: 'file:///m/3' }, editor)).body.model_version.version).toBe('3');
    expect((await server.post(`${API}/registered-models/set-tag`, { name: 'edited', key: 'stage', value: 'beta' }, editor)).status).toBe(200);
    expect((await server.post(`${API}/registered-models/alias`, { name: 'edited', alias: 'champion', version: '3' }, editor)).status).toBe(200);
    expect((await server.post(`${API}/model-versions/transition-stage`, { name: 'edited', version: '3', stage: 'Staging' }, editor)).status).toBe(200);
    expect((await server.send('PATCH', `${API}/registered-models/update`, { name: 'edited', description: 'by the editor' }, editor)).status).toBe(200);

    expect(await server.send('DELETE', `${API}/model-versions/delete`, { name: 'edited', version: '1' }, editor)).toEqual(denied);
    expect(await server.send('DELETE', `${API}/registered-models/delete`, { name: 'edited' }, editor)).toEqual(denied);
    expect(await server.post(`${API}/registered-models/permissions/create`, { name: 'edited', username: 'reader', permission: 'EDIT' }, editor)).toEqual(denied);
    expect(await server.get(`${API}/registered-models/permissions/get?name=edited&username=editor`, editor)).toEqual(denied);
    // Registering a run's model also needs READ on the run's experiment.
    const experimentId = (await server.post(`${API}/experiments/create`, { name: 'hidden-from-editor' }, as('admin'))).body.experiment_id as string;
    const runId = (await server.post(`${API}/runs/create`, { experiment_id: experimentId }, as('admin'))).body.run.info.run_id as string;
    await server.post(`${API}/experiments/permissions/create`, { experiment_id: experimentId, username: 'editor', permission: 'NO_PERMISSIONS' }, as('admin'));
    expect(await server.post(`${API}/model-versions/create`, { name: 'edited', source: `runs:/${runId}/model`, run_id: runId }, editor)).toEqual(denied);
    expect((await server.post(`${API}/model-versions/create`, { name: 'edited', source: `runs:/${runId}/model`, run_id: runId }, as('manager'))).status).toBe(200);

    const model = (await server.get(`${API}/registered-models/get?name=edited`, editor)).body.registered_model;
    expect(model).toMatchObject({ description: 'by the editor', aliases: [{ alias: 'champion', version: '3' }] });
    expect((await server.get(`${API}/model-versions/get?name=edited&version=1`, editor)).status).toBe(200);
  });

  it('a manager grants, deletes versions and deletes the model; its grants go with it', async () => {
    await createSharedModel(server, 'managed');
    const manager = as('manager');
    expect((await server.post(`${API}/registered-models/permissions/create`, { name: 'managed', username: 'reader', permission: 'EDIT' }, manager)).status).toBe(200);
    expect((await server.post(`${API}/registered-models/set-tag`, { name: 'managed', key: 'by', value: 'reader' }, as('reader'))).status).toBe(200);
    expect(await server.send('DELETE', `${API}/model-versions/delete`, { name: 'managed', version: '2' }, manager)).toEqual({ status: 200, body: {} });
    expect(await server.send('DELETE', `${API}/registered-models/delete`, { name: 'managed' }, manager)).toEqual({ status: 200, body: {} });

    // A new model of the same name starts afresh: the outsider's NO_PERMISSIONS and the reader's EDIT are gone.
    await server.post(`${API}/registered-models/create`, { name: 'managed' }, as('admin'));
    expect((await server.get(`${API}/registered-models/get?name=managed`, as('outsider'))).status).toBe(200);
    expect(await server.post(`${API}/registered-models/set-tag`, { name: 'managed', key: 'by', value: 'reader' }, as('reader'))).toEqual(denied);
  });

  it('a renamed model keeps its permissions under its new name', async () => {
    await createSharedModel(server, 'before-rename');
    expect((await server.post(`${API}/registered-models/rename`, { name: 'before-rename', new_name: 'after-rename' }, as('editor'))).status).toBe(200);
    expect(await server.get(`${API}/registered-models/get?name=after-rename`, as('outsider'))).toEqual(denied);
    expect(await server.send('DELETE', `${API}/registered-models/delete`, { name: 'after-rename' }, as('editor'))).toEqual(denied);
    expect((await server.get(`${API}/registered-models/permissions/get?name=after-rename&username=manager`, as('manager'))).body).toEqual({
      registered_model_permission: { name: 'after-rename', user_id: expect.any(Number), permission: 'MANAGE' },
    });
    expect((await server.get(`${API}/registered-models/permissions/get?name=before-rename&username=manager`, as('admin'))).status).toBe(404);
  });

  it("a model's creator gets MANAGE on it (any signed-in user may create one)", async () => {
    expect((await server.post(`${API}/registered-models/create`, { name: 'readers-own' }, as('reader'))).status).toBe(200);
    expect((await server.get(`${API}/users/get?username=reader`, as('reader'))).body.user.registered_model_permissions).toContainEqual({
      name: 'readers-own',
      user_id: expect.any(Number),
      permission: 'MANAGE',
    });
    expect((await server.post(`${API}/registered-models/permissions/create`, { name: 'readers-own', username: 'outsider', permission: 'READ' }, as('reader'))).status).toBe(200);
    expect(await server.send('DELETE', `${API}/registered-models/delete`, { name: 'readers-own' }, as('reader'))).toEqual({ status: 200, body: {} });
  });
});

describe('registered model permission routes (basic-auth app)', () => {
  const server = useTestServer({ auth: {} });
  beforeAll(async () => {
    await addUsers(server);
    await server.post(`${API}/registered-models/create`, { name: 'granted' }, as('admin'));
  });
  const PERMISSIONS = `${API}/registered-models/permissions`;

  it('create, get, update, delete: MLflow shapes and errors', async () => {
    expect(await server.post(`${PERMISSIONS}/create`, { name: 'granted', username: 'reader', permission: 'READ' }, as('admin'))).toEqual({
      status: 200,
      body: { registered_model_permission: { name: 'granted', user_id: expect.any(Number), permission: 'READ' } },
    });
    expect((await server.post(`${PERMISSIONS}/create`, { name: 'granted', username: 'reader', permission: 'EDIT' }, as('admin'))).body.error_code).toBe('RESOURCE_ALREADY_EXISTS');
    expect(await server.send('PATCH', `${PERMISSIONS}/update`, { name: 'granted', username: 'reader', permission: 'EDIT' }, as('admin'))).toEqual({ status: 200, body: {} });
    expect((await server.get(`${PERMISSIONS}/get?name=granted&username=reader`, as('admin'))).body.registered_model_permission.permission).toBe('EDIT');
    expect(await server.send('DELETE', `${PERMISSIONS}/delete`, { name: 'granted', username: 'reader' }, as('admin'))).toEqual({ status: 200, body: {} });
    expect((await server.get(`${PERMISSIONS}/get?name=granted&username=reader`, as('admin'))).status).toBe(404);
    expect((await server.send('PATCH', `${PERMISSIONS}/update`, { name: 'granted', username: 'reader', permission: 'EDIT' }, as('admin'))).status).toBe(404);
  });

  it('answers 404 for an unknown user or model, 400 naming the field for a bad permission', async () => {
    expect((await server.post(`${PERMISSIONS}/create`, { name: 'granted', username: 'nobody', permission: 'READ' }, as('admin'))).body).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: "User 'nobody' does not exist.",
    });
    expect((await server.post(`${PERMISSIONS}/create`, { name: 'no-such-model', username: 'reader', permission: 'READ' }, as('admin'))).status).toBe(404);
    const bad = await server.post(`${PERMISSIONS}/create`, { name: 'granted', username: 'reader', permission: 'OWNER' }, as('admin'));
    expect([bad.status, bad.body.message]).toEqual([400, expect.stringContaining("parameter 'permission'")]);
  });
});

describe("registered models under the server's default permission NO_PERMISSIONS", () => {
  const server = useTestServer({ auth: { defaultPermission: 'NO_PERMISSIONS' } });
  beforeAll(async () => {
    await addUsers(server);
  });

  it("others see nothing of a model until granted; its creator manages it", async () => {
    expect((await server.post(`${API}/registered-models/create`, { name: 'private' }, as('editor'))).status).toBe(200);
    expect((await server.post(`${API}/model-versions/create`, { name: 'private', source: 'file:///p/1' }, as('editor'))).status).toBe(200);
    expect(await server.get(`${API}/registered-models/get?name=private`, as('reader'))).toEqual(denied);
    expect(await server.get(`${API}/registered-models/search`, as('reader'))).toEqual({ status: 200, body: {} });
    expect(await server.get(`${API}/model-versions/search`, as('reader'))).toEqual({ status: 200, body: {} });
    expect((await server.post(`${API}/registered-models/permissions/create`, { name: 'private', username: 'reader', permission: 'READ' }, as('editor'))).status).toBe(200);
    expect((await server.get(`${API}/registered-models/search`, as('reader'))).body.registered_models.map((model: { name: string }) => model.name)).toEqual(['private']);
    expect(await server.post(`${API}/registered-models/set-tag`, { name: 'private', key: 'k', value: 'v' }, as('reader'))).toEqual(denied);
  });
});
