import { describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';

const API = '/api/2.0/mlflow';

describe('MLflow registered-model routes', () => {
  const server = useTestServer();

  it('create, get, rename, update, delete: MLflow shapes (versions as strings, ms numbers, {key, value} tags, {alias, version} aliases)', async () => {
    const created = await server.post(`${API}/registered-models/create`, { name: 'chat', description: 'bot', tags: [{ key: 'team', value: 'ml' }] });
    expect(created).toEqual({
      status: 200,
      body: {
        registered_model: { name: 'chat', creation_timestamp: expect.any(Number), last_updated_timestamp: expect.any(Number), description: 'bot', tags: [{ key: 'team', value: 'ml' }] },
      },
    });
    const version = await server.post(`${API}/model-versions/create`, { name: 'chat', source: 's3://b/chat/1', tags: [{ key: 'k', value: 'v' }] });
    expect(version.body.model_version).toEqual({
      name: 'chat',
      version: '1',
      creation_timestamp: expect.any(Number),
      last_updated_timestamp: expect.any(Number),
      current_stage: 'None',
      source: 's3://b/chat/1',
      status: 'READY',
      tags: [{ key: 'k', value: 'v' }],
    });
    expect(await server.post(`${API}/registered-models/alias`, { name: 'chat', alias: 'champion', version: '1' })).toEqual({ status: 200, body: {} });

    const got = await server.get(`${API}/registered-models/get?name=chat`);
    expect(got.body.registered_model.aliases).toEqual([{ alias: 'champion', version: '1' }]);
    expect(got.body.registered_model.latest_versions).toEqual([{ ...version.body.model_version, aliases: ['champion'], last_updated_timestamp: expect.any(Number) }]);
    // The ajax-api alias answers the same.
    expect((await server.get(`/ajax-api/2.0/mlflow/registered-models/get?name=chat`)).body).toEqual(got.body);

    const renamed = await server.post(`${API}/registered-models/rename`, { name: 'chat', new_name: 'chat-bot' });
    expect(renamed.body.registered_model).toMatchObject({ name: 'chat-bot', aliases: [{ alias: 'champion', version: '1' }] });
    expect((await server.send('PATCH', `${API}/registered-models/update`, { name: 'chat-bot', description: 'v2' })).body.registered_model.description).toBe('v2');
    expect((await server.get(`${API}/registered-models/alias?name=chat-bot&alias=champion`)).body.model_version).toMatchObject({ name: 'chat-bot', version: '1' });

    expect(await server.send('DELETE', `${API}/registered-models/delete`, { name: 'chat-bot' })).toEqual({ status: 200, body: {} });
    expect(await server.get(`${API}/registered-models/get?name=chat-bot`)).toEqual({
      status: 404,
      body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: expect.stringContaining("'chat-bot'") },
    });
  });

  it('answers RESOURCE_ALREADY_EXISTS (400), RESOURCE_DOES_NOT_EXIST (404), INVALID_PARAMETER_VALUE (400) as MLflow', async () => {
    await server.post(`${API}/registered-models/create`, { name: 'taken' });
    expect(await server.post(`${API}/registered-models/create`, { name: 'taken' })).toEqual({
      status: 400,
      body: { error_code: 'RESOURCE_ALREADY_EXISTS', message: expect.stringContaining("'taken' already exists") },
    });
    expect((await server.get(`${API}/model-versions/get?name=taken&version=7`)).status).toBe(404);
    expect((await server.post(`${API}/model-versions/create`, { name: 'nope', source: 'file:///m' })).body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await server.post(`${API}/registered-models/create`, {})).toEqual({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: "Missing value for required parameter 'name'. See the API docs for more information about request parameters." },
    });
    expect((await server.post(`${API}/registered-models/create`, { name: 'a@b' })).body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect((await server.post(`${API}/registered-models/alias`, { name: 'taken', alias: 'latest', version: '1' })).status).toBe(400);
  });

  it('tags, stages, latest versions (POST and GET), download URI, version update and delete', async () => {
    await server.post(`${API}/registered-models/create`, { name: 'staged' });
    for (let index = 1; index <= 3; index += 1) await server.post(`${API}/model-versions/create`, { name: 'staged', source: `file:///m/${index}` });
    const moved = await server.post(`${API}/model-versions/transition-stage`, { name: 'staged', version: '2', stage: 'production', archive_existing_versions: true });
    expect(moved.body.model_version).toMatchObject({ version: '2', current_stage: 'Production' });
    expect((await server.post(`${API}/registered-models/get-latest-versions`, { name: 'staged', stages: ['Production'] })).body.model_versions.map((v: { version: string }) => v.version)).toEqual(['2']);
    expect((await server.get(`${API}/registered-models/get-latest-versions?name=staged&stages=None`)).body.model_versions.map((v: { version: string }) => v.version)).toEqual(['3']);
    expect(await server.post(`${API}/registered-models/get-latest-versions`, { name: 'staged', stages: ['Archived'] })).toEqual({ status: 200, body: {} });

    await server.post(`${API}/registered-models/set-tag`, { name: 'staged', key: 'owner', value: 'ana' });
    await server.post(`${API}/model-versions/set-tag`, { name: 'staged', version: '3', key: 'ok', value: 'yes' });
    expect((await server.get(`${API}/model-versions/get?name=staged&version=3`)).body.model_version.tags).toEqual([{ key: 'ok', value: 'yes' }]);
    expect(await server.send('DELETE', `${API}/model-versions/delete-tag`, { name: 'staged', version: '3', key: 'ok' })).toEqual({ status: 200, body: {} });
    expect(await server.send('DELETE', `${API}/registered-models/delete-tag`, { name: 'staged', key: 'owner' })).toEqual({ status: 200, body: {} });
    const model = (await server.get(`${API}/registered-models/get?name=staged`)).body.registered_model;
    expect(model).not.toHaveProperty('tags');
    expect((await server.get(`${API}/model-versions/get?name=staged&version=3`)).body.model_version).not.toHaveProperty('tags');

    expect((await server.send('PATCH', `${API}/model-versions/update`, { name: 'staged', version: 3, description: 'best' })).body.model_version.description).toBe('best');
    expect(await server.get(`${API}/model-versions/get-download-uri?name=staged&version=1`)).toEqual({ status: 200, body: { artifact_uri: 'file:///m/1' } });
    expect(await server.send('DELETE', `${API}/model-versions/delete`, { name: 'staged', version: '1' })).toEqual({ status: 200, body: {} });
    expect((await server.get(`${API}/model-versions/get?name=staged&version=1`)).status).toBe(404);
    expect(await server.send('DELETE', `${API}/registered-models/alias`, { name: 'staged', alias: 'never' })).toEqual({ status: 200, body: {} });
  });

  it('searches models and versions with MLflow filters, order_by and pages', async () => {
    for (const name of ['search-a', 'search-b', 'search-c']) await server.post(`${API}/registered-models/create`, { name, tags: [{ key: 'group', value: 'search' }] });
    await server.post(`${API}/model-versions/create`, { name: 'search-b', source: 'file:///b/1' });
    const first = await server.get(`${API}/registered-models/search?filter=${encodeURIComponent("tags.group = 'search'")}&max_results=2&order_by=name+DESC`);
    expect(first.body.registered_models.map((m: { name: string }) => m.name)).toEqual(['search-c', 'search-b']);
    const second = await server.get(`${API}/registered-models/search?filter=${encodeURIComponent("tags.group = 'search'")}&max_results=2&order_by=name+DESC&page_token=${encodeURIComponent(first.body.next_page_token as string)}`);
    expect(second.body).toEqual({ registered_models: [expect.objectContaining({ name: 'search-a' })] });
    const versions = await server.get(`${API}/model-versions/search?filter=${encodeURIComponent("name = 'search-b'")}`);
    expect(versions.body).toEqual({ model_versions: [expect.objectContaining({ name: 'search-b', version: '1', source: 'file:///b/1' })] });
    expect((await server.get(`${API}/registered-models/search?filter=${encodeURIComponent('name ~ 1')}`)).body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });
});
