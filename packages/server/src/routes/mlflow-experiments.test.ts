import { describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';

const API = '/api/2.0/mlflow/experiments';

describe('MLflow experiment routes', () => {
  const server = useTestServer();

  it('create, get, get-by-name: MLflow shapes with int64 times as numbers and tags as {key, value} lists', async () => {
    const created = await server.post(`${API}/create`, { name: 'exp-a', tags: [{ key: 'team', value: 'ml' }] });
    expect(created).toEqual({ status: 200, body: { experiment_id: expect.stringMatching(/^\d+$/) } });
    const id = created.body.experiment_id as string;

    const got = await server.get(`${API}/get?experiment_id=${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      experiment: {
        experiment_id: id,
        name: 'exp-a',
        artifact_location: `mlflow-artifacts:/${id}`,
        lifecycle_stage: 'active',
        creation_time: expect.any(Number),
        last_update_time: expect.any(Number),
        tags: [{ key: 'team', value: 'ml' }],
      },
    });
    expect((await server.get(`${API}/get-by-name?experiment_name=exp-a`)).body).toEqual(got.body);
    // The ajax-api alias answers the same.
    expect((await server.get(`/ajax-api/2.0/mlflow/experiments/get?experiment_id=${id}`)).body).toEqual(got.body);
    // The Default experiment has no tags: the field is left out.
    expect((await server.get(`${API}/get?experiment_id=0`)).body.experiment).not.toHaveProperty('tags');
  });

  it('answers RESOURCE_ALREADY_EXISTS (400) for a taken name, RESOURCE_DOES_NOT_EXIST (404) for unknown ids and names', async () => {
    await server.post(`${API}/create`, { name: 'exp-taken' });
    expect(await server.post(`${API}/create`, { name: 'exp-taken' })).toEqual({
      status: 400,
      body: { error_code: 'RESOURCE_ALREADY_EXISTS', message: expect.stringContaining('exp-taken') },
    });
    expect(await server.get(`${API}/get?experiment_id=424242`)).toEqual({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: expect.any(String) } });
    expect(await server.get(`${API}/get-by-name?experiment_name=nope`)).toEqual({
      status: 404,
      body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: "Could not find experiment with name 'nope'." },
    });
  });

  it('answers INVALID_PARAMETER_VALUE (400) naming the field for missing or mistyped fields', async () => {
    expect(await server.post(`${API}/create`, {})).toEqual({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: "Missing value for required parameter 'name'. See the API docs for more information about request parameters." },
    });
    const mistyped = await server.post(`${API}/create`, { name: 5 });
    expect(mistyped.status).toBe(400);
    expect(mistyped.body.message).toMatch(/^Invalid value 5 for parameter 'name' supplied/);
    expect((await server.post(`${API}/create`, { name: 'x', tags: [{ key: 'k' }] })).body.message).toMatch(/'tags\[0\]\.value'/);
    expect((await server.get(`${API}/get`)).body.message).toContain("'experiment_id'");
    expect((await server.post(`${API}/search`, { max_results: 'ten' })).body).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: expect.stringContaining("parameter 'max_results'"),
    });
  });

  it('keeps artifact locations under the artifact root: mlflow-artifacts:/ URIs only', async () => {
    const id = (await server.post(`${API}/create`, { name: 'own-location', artifact_location: 'mlflow-artifacts:/shared/own' })).body.experiment_id as string;
    expect((await server.get(`${API}/get?experiment_id=${id}`)).body.experiment.artifact_location).toBe('mlflow-artifacts:/shared/own');
    for (const location of ['/etc', 'file:///etc', 'mlflow-artifacts:/../../etc', 's3://bucket/x']) {
      const refused = await server.post(`${API}/create`, { name: `elsewhere-${location}`, artifact_location: location });
      expect(refused.status, location).toBe(400);
      expect(refused.body.error_code, location).toBe('INVALID_PARAMETER_VALUE');
    }
  });

  it('search: POST and GET, filter, order_by (repeated query keys), paging and view_type', async () => {
    for (const name of ['search-1', 'search-2', 'search-3']) await server.post(`${API}/create`, { name, tags: [{ key: 'group', value: 'search' }] });
    const first = await server.post(`${API}/search`, { filter: "tags.group = 'search'", order_by: ['name DESC'], max_results: 2 });
    expect(first.status).toBe(200);
    expect(first.body.experiments.map((experiment: { name: string }) => experiment.name)).toEqual(['search-3', 'search-2']);
    expect(first.body.next_page_token).toEqual(expect.any(String));
    const second = await server.post(`${API}/search`, { filter: "tags.group = 'search'", order_by: ['name DESC'], max_results: 2, page_token: first.body.next_page_token });
    expect(second.body.experiments.map((experiment: { name: string }) => experiment.name)).toEqual(['search-1']);
    expect(second.body).not.toHaveProperty('next_page_token');

    const viaGet = await server.get(`${API}/search?filter=${encodeURIComponent("name LIKE 'search-%'")}&order_by=name%20ASC&max_results=10`);
    expect(viaGet.body.experiments.map((experiment: { name: string }) => experiment.name)).toEqual(['search-1', 'search-2', 'search-3']);
    const twoKeys = await server.get(`${API}/search?filter=${encodeURIComponent("name LIKE 'search-%'")}&order_by=name%20ASC&order_by=creation_time%20DESC`);
    expect(twoKeys.body.experiments).toHaveLength(3);

    expect(await server.post(`${API}/search`, { filter: "name LIKE 'nothing-%'" })).toEqual({ status: 200, body: {} });
    const badFilter = await server.post(`${API}/search`, { filter: 'name ===' });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect((await server.post(`${API}/search`, { view_type: 'SOME' })).body.message).toContain("'view_type'");
  });

  it('update, delete, restore; the Default experiment cannot be deleted', async () => {
    const id = (await server.post(`${API}/create`, { name: 'to-rename' })).body.experiment_id as string;
    expect(await server.post(`${API}/update`, { experiment_id: id, new_name: 'renamed' })).toEqual({ status: 200, body: {} });
    expect((await server.get(`${API}/get?experiment_id=${id}`)).body.experiment.name).toBe('renamed');
    expect((await server.post(`${API}/update`, { experiment_id: '999999', new_name: 'x' })).status).toBe(404);

    expect(await server.post(`${API}/delete`, { experiment_id: id })).toEqual({ status: 200, body: {} });
    expect((await server.get(`${API}/get?experiment_id=${id}`)).body.experiment.lifecycle_stage).toBe('deleted');
    const deleted = await server.post(`${API}/search`, { view_type: 'DELETED_ONLY' });
    expect(deleted.body.experiments.map((experiment: { experiment_id: string }) => experiment.experiment_id)).toContain(id);
    expect(await server.post(`${API}/restore`, { experiment_id: id })).toEqual({ status: 200, body: {} });
    expect((await server.get(`${API}/get?experiment_id=${id}`)).body.experiment.lifecycle_stage).toBe('active');

    expect(await server.post(`${API}/delete`, { experiment_id: '0' })).toEqual({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('Default') } });
    expect((await server.post(`${API}/delete`, { experiment_id: '999999' })).status).toBe(404);
    expect((await server.post(`${API}/restore`, { experiment_id: '999999' })).status).toBe(404);
  });

  it('set-experiment-tag and delete-experiment-tag', async () => {
    const id = (await server.post(`${API}/create`, { name: 'tagged' })).body.experiment_id as string;
    expect(await server.post(`${API}/set-experiment-tag`, { experiment_id: id, key: 'note', value: 'hello' })).toEqual({ status: 200, body: {} });
    expect((await server.get(`${API}/get?experiment_id=${id}`)).body.experiment.tags).toEqual([{ key: 'note', value: 'hello' }]);
    expect(await server.post(`${API}/delete-experiment-tag`, { experiment_id: id, key: 'note' })).toEqual({ status: 200, body: {} });
    expect((await server.get(`${API}/get?experiment_id=${id}`)).body.experiment).not.toHaveProperty('tags');

    expect((await server.post(`${API}/set-experiment-tag`, { experiment_id: id, key: 'bad key!', value: 'x' })).body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect((await server.post(`${API}/set-experiment-tag`, { experiment_id: '999999', key: 'k', value: 'v' })).status).toBe(404);
    expect((await server.post(`${API}/delete-experiment-tag`, { experiment_id: '999999', key: 'k' })).status).toBe(404);
    expect((await server.post(`${API}/delete-experiment-tag`, { experiment_id: id })).body.message).toContain("'key'");
  });
});
