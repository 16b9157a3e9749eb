import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';
import { as, denied, useServerWithUsers } from '../__fixtures__/use-server-with-users.js';

const API = '/api/assay/v1/datasets';
/** A file with `content` in a new temporary folder. */
async function writeTemporary(name: string, content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'assay-dataset-test-')), name);
  await writeFile(path, content);
  return path;
}

const rows = Array.from({ length: 5 }, (_, index) => ({ question: `q${index}`, answer: String(index) }));

describe("Assay's dataset routes", () => {
  const server = useTestServer();

  it('create a version from rows, list, get by version with its digest, read rows page by page', async () => {
    const created = await server.post(API, { name: 'qa', rows, description: 'five', tags: { team: 'ml' } });
    expect(created.status).toBe(200);
    expect(created.body.dataset).toMatchObject({ name: 'qa', version: 1, digest: expect.stringMatching(/^[0-9a-f]{64}$/), row_count: 5, source: 'inline', source_type: 'inline', description: 'five', tags: { team: 'ml' } });
    expect(created.body.dataset.schema).toEqual([{ name: 'question', type: 'VARCHAR' }, { name: 'answer', type: 'VARCHAR' }]);
    // The same rows again: the same version.
    expect((await server.post(API, { name: 'qa', rows })).body.dataset.version).toBe(1);
    const second = await server.post(API, { name: 'qa', rows: rows.slice(0, 2) });
    expect(second.body.dataset).toMatchObject({ version: 2, row_count: 2 });

    const listed = await server.get(API);
    expect(listed.body.datasets).toEqual([expect.objectContaining({ name: 'qa', version: 2, version_count: 2 })]);
    expect((await server.get(`${API}/qa`)).body.dataset.version).toBe(2);
    expect((await server.get(`${API}/qa?version=1`)).body.dataset.digest).toBe(created.body.dataset.digest);

    const first = await server.get(`${API}/qa/rows?version=1&max_results=2`);
    expect(first.body).toMatchObject({ name: 'qa', version: 1, row_count: 5, rows: rows.slice(0, 2) });
    const next = await server.get(`${API}/qa/rows?version=1&max_results=2&page_token=${first.body.next_page_token}`);
    expect(next.body.rows).toEqual(rows.slice(2, 4));
    const last = await server.get(`${API}/qa/rows?version=1&max_results=2&page_token=${next.body.next_page_token}`);
    expect(last.body.rows).toEqual(rows.slice(4));
    expect(last.body).not.toHaveProperty('next_page_token');
    expect((await server.get(`${API}/qa/rows`)).body.rows).toEqual(rows.slice(0, 2));
  });

  it('imports a JSONL body and exports a version as JSONL', async () => {
    const body = `${rows.map((row) => JSON.stringify(row)).join('\n')}\n\n`;
    const imported = await server.app.request(`${API}/from-file/import?description=uploaded`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
    expect(imported.status).toBe(200);
    expect((await imported.json()) as unknown).toMatchObject({ dataset: { name: 'from-file', version: 1, row_count: 5, source_type: 'jsonl', source: 'upload', description: 'uploaded' } });

    const exported = await server.app.request(`${API}/from-file/export`);
    expect(exported.headers.get('content-type')).toBe('application/x-ndjson');
    expect(exported.headers.get('content-disposition')).toContain('from-file-v1.jsonl');
    const lines = (await exported.text()).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(rows);
  });

  it("imports a file the store's own readers read (CSV, Parquet), with the client's source and tags, and exports Parquet", async () => {
    const upload = (name: string, query: string, body: string | Uint8Array) =>
      server.app.request(`${API}/${name}/files?${query}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body });
    const csv = await upload('from-csv', `format=csv&source=${encodeURIComponent('/home/ana/qa.csv')}&description=csv&tags=${encodeURIComponent('{"owner":"ana"}')}`, 'question,answer\n2+2?,4\n3+3?,6\n');
    expect(csv.status).toBe(200);
    const info = ((await csv.json()) as { dataset: Record<string, unknown> }).dataset;
    expect(info).toMatchObject({ name: 'from-csv', version: 1, row_count: 2, source: '/home/ana/qa.csv', source_type: 'csv', description: 'csv', tags: { owner: 'ana' } });
    expect(info.schema).toEqual([{ name: 'question', type: 'VARCHAR' }, { name: 'answer', type: 'BIGINT' }]);
    const local = await server.store.importDatasetFile({ name: 'same-locally', path: await writeTemporary('qa.csv', 'question,answer\n2+2?,4\n3+3?,6\n') });
    expect(info.digest).toBe(local.digest);

    const parquet = await server.app.request(`${API}/from-csv/export?format=parquet`);
    expect(parquet.status).toBe(200);
    expect(parquet.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    expect(parquet.headers.get('x-assay-row-count')).toBe('2');
    const bytes = new Uint8Array(await parquet.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('PAR1');
    const again = await upload('from-parquet', 'format=parquet', bytes);
    expect(((await again.json()) as { dataset: Record<string, unknown> }).dataset).toMatchObject({ row_count: 2, source: 'upload', source_type: 'parquet', digest: info.digest });

    expect((await upload('bad-tags', 'format=csv&tags=nope', 'a\n1\n')).status).toBe(400);
    expect((await upload('bad-file', 'format=parquet', 'not parquet')).status).toBe(400);
    expect((await upload('no-format', '', 'a\n1\n')).status).toBe(400);
    expect((await server.get(`${API}/from-csv/rows?offset=1`)).body.rows).toEqual([{ question: '3+3?', answer: 6 }]);
    const typed = await server.post(API, { name: 'typed', rows: [{ a: 1 }], source: '/data/a.jsonl', source_type: 'jsonl' });
    expect(typed.body.dataset).toMatchObject({ source: '/data/a.jsonl', source_type: 'jsonl' });
  });

  it('answers 404 for unknown datasets and versions, 400 for bad names, rows, JSONL and paging', async () => {
    expect((await server.get(`${API}/missing`)).body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    await server.post(API, { name: 'small', rows: [{ a: 1 }] });
    expect((await server.get(`${API}/small?version=7`)).status).toBe(404);
    expect((await server.get(`${API}/small/rows?version=7`)).status).toBe(404);
    expect((await server.get(`${API}/missing/export`)).status).toBe(404);
    expect((await server.get(`${API}/small?version=first`)).body.message).toContain("'version'");
    expect((await server.get(`${API}/small/rows?max_results=0`)).status).toBe(400);
    expect((await server.get(`${API}/small/rows?page_token=bad`)).status).toBe(400);
    expect((await server.get(`${API}?max_results=5000`)).status).toBe(400);
    expect((await server.post(API, { rows: [{ a: 1 }] })).body.message).toContain("'name'");
    expect((await server.post(API, { name: 'x', rows: [] })).status).toBe(400);
    expect((await server.post(API, { name: 'x', rows: [1] })).body.message).toContain("'rows[0]'");
    expect((await server.post(API, { name: ' padded', rows: [{ a: 1 }] })).status).toBe(400);
    const notJson = await server.app.request(`${API}/broken/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: '{"a": 1}\n[1, 2]\n' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { message: string }).message).toContain('Line 2');
    expect((await server.app.request(`${API}/empty/import`, { method: 'POST', body: '\n' })).status).toBe(400);
  });
});

describe("Assay's dataset routes with auth: one catalogue for the server, read by any signed-in user, written by admins", () => {
  const { server } = useServerWithUsers({ auth: { defaultPermission: 'NO_PERMISSIONS' } }, 'datasets-auth');
  const importAs = (username: string | undefined) =>
    server.app.request(`${API}/imported/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...(username !== undefined ? as(username) : {}) }, body: '{"a": 1}\n' });

  it('answers 401 without credentials, reads or writes', async () => {
    for (const path of [API, `${API}/qa`, `${API}/qa/rows`, `${API}/qa/export`]) expect((await server.get(path)).status, path).toBe(401);
    expect((await server.post(API, { name: 'qa', rows })).status).toBe(401);
    expect((await importAs(undefined)).status).toBe(401);
  });

  it('lets admins add versions, and nobody else, whatever their experiment permissions', async () => {
    for (const username of ['reader', 'editor', 'manager', 'outsider']) {
      expect(await server.post(API, { name: 'qa', rows }, as(username)), username).toEqual(denied);
      expect((await importAs(username)).status, username).toBe(403);
    }
    expect((await server.post(API, { name: 'qa', rows }, as('admin'))).status).toBe(200);
    expect((await importAs('admin')).status).toBe(200);
  });

  it('lets every signed-in user read them, even with no permission on any experiment', async () => {
    for (const username of ['outsider', 'reader', 'admin']) {
      expect((await server.get(API, as(username))).body.datasets.map((dataset: { name: string }) => dataset.name), username).toEqual(['imported', 'qa']);
      expect((await server.get(`${API}/qa`, as(username))).status, username).toBe(200);
      expect((await server.get(`${API}/qa/rows`, as(username))).body.rows, username).toEqual(rows);
      expect((await server.app.request(`${API}/qa/export`, { headers: as(username) })).status, username).toBe(200);
    }
  });

  it('documents who may call each route', async () => {
    const paths = (await server.get('/api/assay/v1/openapi.json', as('reader'))).body.paths;
    expect(paths[API].get['x-assay-access']).toBe('Any signed-in user.');
    expect(paths[API].post['x-assay-access']).toBe('Admins only.');
    expect(paths[`${API}/{name}/import`].post['x-assay-access']).toBe('Admins only.');
    expect(paths[`${API}/{name}/files`].post['x-assay-access']).toBe('Admins only.');
    expect(paths[`${API}/{name}/export`].get['x-assay-access']).toBe('Any signed-in user.');
  });
});
