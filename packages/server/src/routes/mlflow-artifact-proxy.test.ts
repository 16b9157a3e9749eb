import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../__fixtures__/create-test-server.js';

const API = '/api/2.0/mlflow';
const PROXY = '/api/2.0/mlflow-artifacts/artifacts';

describe('MLflow artifact proxy and artifacts/list', () => {
  const server = useTestServer({ maxArtifactBytes: 1024 * 1024 });

  async function put(path: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
    return server.app.request(`${PROXY}/${path}`, { method: 'PUT', body, headers: { 'content-type': 'application/octet-stream', ...headers } });
  }

  it("uploads into a run's artifacts (where the store reads them), downloads, lists and deletes them", async () => {
    const run = (await server.post(`${API}/runs/create`, { run_name: 'artifacts' })).body.run.info;
    const base = `0/${run.run_id}/artifacts`;
    expect(run.artifact_uri).toBe(`mlflow-artifacts:/${base}`);

    const uploaded = await put(`${base}/model/MLmodel`, 'flavors: {}\n');
    expect(uploaded.status).toBe(200);
    expect(await uploaded.json()).toEqual({});
    expect((await put(`${base}/notes.txt`, 'hello')).status).toBe(200);
    expect(new TextDecoder().decode(await server.store.getArtifact({ runId: run.run_id, path: 'notes.txt' }))).toBe('hello');

    const downloaded = await server.app.request(`${PROXY}/${base}/notes.txt`);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(downloaded.headers.get('content-length')).toBe('5');
    expect(await downloaded.text()).toBe('hello');
    // The ajax-api alias serves the same file.
    expect(await (await server.app.request(`/ajax-api/2.0/mlflow-artifacts/artifacts/${base}/notes.txt`)).text()).toBe('hello');

    expect(await server.get(`${API}/artifacts/list?run_id=${run.run_id}`)).toEqual({
      status: 200,
      body: {
        root_uri: run.artifact_uri,
        files: [
          { path: 'model', is_dir: true },
          { path: 'notes.txt', is_dir: false, file_size: 5 },
        ],
      },
    });
    expect((await server.get(`${API}/artifacts/list?run_id=${run.run_id}&path=model`)).body.files).toEqual([{ path: 'model/MLmodel', is_dir: false, file_size: 12 }]);
    expect(await server.get(`${PROXY}?path=${base}/model`)).toEqual({ status: 200, body: { files: [{ path: 'MLmodel', is_dir: false, file_size: 12 }] } });
    expect(await server.get(`${PROXY}?path=0/nothing-here`)).toEqual({ status: 200, body: {} });

    const deleted = await server.app.request(`${PROXY}/${base}/model`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect((await server.get(`${API}/artifacts/list?run_id=${run.run_id}`)).body.files).toEqual([{ path: 'notes.txt', is_dir: false, file_size: 5 }]);
    // Deleting what is not there is a no-op, as MLflow's.
    expect((await server.app.request(`${PROXY}/${base}/model`, { method: 'DELETE' })).status).toBe(200);
  });

  it('streams an upload larger than one chunk, and replaces a file whole', async () => {
    const big = new Uint8Array(300_000).map((_, index) => index % 251);
    const chunks = [big.subarray(0, 100_000), big.subarray(100_000, 200_000), big.subarray(200_000)];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    expect((await server.app.request(`${PROXY}/0/streamed/artifacts/big.bin`, { method: 'PUT', body, duplex: 'half' } as RequestInit)).status).toBe(200);
    expect(Buffer.from(big).equals(await readFile(join(server.root, 'artifacts/0/streamed/artifacts/big.bin')))).toBe(true);
    const downloaded = await server.app.request(`${PROXY}/0/streamed/artifacts/big.bin`);
    expect(downloaded.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(big).equals(Buffer.from(await downloaded.arrayBuffer()))).toBe(true);

    expect((await put('0/streamed/artifacts/big.bin', 'small now')).status).toBe(200);
    expect(await (await server.app.request(`${PROXY}/0/streamed/artifacts/big.bin`)).text()).toBe('small now');
  });

  it('refuses uploads over the limit with 413, leaving nothing behind', async () => {
    const tooBig = new Uint8Array(1024 * 1024 + 1);
    const declared = await put('0/limits/artifacts/too-big.bin', tooBig);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error_code: 'BAD_REQUEST', message: expect.stringContaining('exceeds the upload limit') });
    // Without a Content-Length the limit applies as the body streams in.
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < 5; index += 1) controller.enqueue(new Uint8Array(300_000));
        controller.close();
      },
    });
    const counted = await server.app.request(`${PROXY}/0/limits/artifacts/too-big.bin`, { method: 'PUT', body: streamed, duplex: 'half' } as RequestInit);
    expect(counted.status).toBe(413);
    expect(await server.get(`${PROXY}?path=0/limits/artifacts`)).toEqual({ status: 200, body: {} });
  });

  it('refuses traversal, absolute and encoded paths with 400, and symbolic links out of the root', async () => {
    for (const path of ['..%2F..%2Fetc%2Fpasswd', '0/%2e%2e%252f%2e%2e/x', '%2Fetc%2Fpasswd', '0/a%5C..%5Cb', '0/%252e%252e/x']) {
      const response = await server.app.request(`${PROXY}/${path}`);
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as { error_code: string }).error_code, path).toBe('INVALID_PARAMETER_VALUE');
      expect((await server.app.request(`${PROXY}/${path}`, { method: 'PUT', body: 'x' })).status, path).toBe(400);
      expect((await server.app.request(`${PROXY}/${path}`, { method: 'DELETE' })).status, path).toBe(400);
    }
    // Literal dot segments are resolved by the URL parser before routing: they never reach a file outside.
    expect((await server.app.request(`${PROXY}/0/../../../../etc/passwd`)).status).toBe(404);
    expect((await server.get(`${PROXY}?path=../secrets`)).status).toBe(400);
    expect((await server.app.request(`${PROXY}/0/bad%ZZ`)).status).toBe(400);

    const outside = join(tmpdir(), `assay-outside-${process.pid}`);
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'secret.txt'), 'secret');
    await mkdir(join(server.root, 'artifacts', '0'), { recursive: true });
    await symlink(outside, join(server.root, 'artifacts', '0', 'escape'));
    expect((await server.app.request(`${PROXY}/0/escape/secret.txt`)).status).toBe(400);
    expect((await put('0/escape/new.txt', 'x')).status).toBe(400);
    expect((await server.get(`${PROXY}?path=0/escape`)).status).toBe(400);
    await rm(outside, { recursive: true, force: true });
  });

  it('refuses paths the file system cannot hold (a segment over 200 bytes, a path over 2048) with 400 naming the path, not 500', async () => {
    const run = (await server.post(`${API}/runs/create`, { run_name: 'long paths' })).body.run.info;
    for (const path of [`0/${'x'.repeat(201)}.txt`, `0/${'a/'.repeat(1100)}deep.txt`]) {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const response = await server.app.request(`${PROXY}/${path}`, { method, ...(method === 'PUT' ? { body: 'x' } : {}) });
        expect(response.status, `${method} ${path.length}`).toBe(400);
        const body = (await response.json()) as { error_code: string; message: string };
        expect(body).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringMatching(/^Invalid artifact path '0\/.{198}\.\.\.': (a segment is longer than 200 bytes|it is longer than 2048 bytes)\./u) });
      }
    }
    const listed = await server.get(`${API}/artifacts/list?run_id=${run.run_id}&path=${'y'.repeat(10_000)}`);
    expect(listed).toEqual({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('a segment is longer than 200 bytes') } });
    // A 200-byte name is still fine, its upload's temporary file included.
    expect((await put(`0/${run.run_id}/artifacts/${'z'.repeat(200)}`, 'ok')).status).toBe(200);
  });

  it('answers 404 for a missing file or a folder, and for artifacts/list of an unknown run', async () => {
    expect(await server.get(`${PROXY}/0/none/artifacts/missing.txt`)).toEqual({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: expect.stringContaining('not found') } });
    await put('0/folder/artifacts/a.txt', 'a');
    expect((await server.get(`${PROXY}/0/folder/artifacts`)).status).toBe(404);
    expect((await server.get(`${API}/artifacts/list?run_id=${'f'.repeat(32)}`)).status).toBe(404);
    expect((await server.get(`${API}/artifacts/list`)).body.message).toContain("'run_id'");
    const run = (await server.post(`${API}/runs/create`, {})).body.run.info;
    expect((await server.get(`${API}/artifacts/list?run_id=${run.run_id}&path=../x`)).status).toBe(400);
    expect(await server.get(`${API}/artifacts/list?run_id=${run.run_id}`)).toEqual({ status: 200, body: { root_uri: run.artifact_uri } });
  });
});
