import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import MLflowModule from 'mlflow';
import { LocalStore } from '@assay/store';
import { createAssayServer } from '../create-assay-server.js';
import { startAssayServer, type RunningAssayServer } from './start-assay-server.js';

// The `mlflow` npm package (a third-party MLflow REST client for Node) is CommonJS whose
// module.exports is the client class; its declarations describe an ES default export.
const MLflow = MLflowModule as unknown as typeof MLflowModule.default;

describe('startAssayServer: real HTTP on a random loopback port', () => {
  let root: string;
  let store: LocalStore;
  let server: RunningAssayServer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-server-http-'));
    store = await LocalStore.open({ root });
    server = await startAssayServer({ app: createAssayServer({ store, artifactRoot: join(root, 'artifacts'), log: () => undefined }), port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    await store?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and a free port by default when asked for port 0', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it("MLflow's third-party JS client (npm `mlflow`) creates an experiment, a run, logs metrics, params and tags, and reads them back", async () => {
    // The client logs every request body with console.log.
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const client = new MLflow({ endpoint: server.url });
      const { experiment_id: experimentId } = (await client.Experiments.create({ name: 'mlflow-js-client', artifact_location: '' })) as { experiment_id: string };
      expect((await client.Experiments.get({ experiment_id: experimentId })).experiment.name).toBe('mlflow-js-client');

      const { run } = await client.Runs.create({ experiment_id: experimentId, user_id: 'js', start_time: 1_700_000_000_000, tags: [{ key: 'mlflow.runName', value: 'from-js' }] });
      const runId = run.info.run_id;
      await client.Runs.logMetric({ run_id: runId, key: 'loss', value: 0.5, timestamp: 1_700_000_000_001, step: 0 });
      await client.Runs.logMetric({ run_id: runId, key: 'loss', value: 0.25, timestamp: 1_700_000_000_002, step: 1 });
      await client.Runs.logParameter({ run_id: runId, key: 'lr', value: '0.01' });
      await client.Runs.setTag({ run_id: runId, key: 'team', value: 'ml' });
      await client.Runs.logBatch({ run_id: runId, metrics: [{ key: 'acc', value: 0.9, timestamp: 1_700_000_000_003, step: 0 }], params: [], tags: [] });
      await client.Runs.update({ run_id: runId, status: 'FINISHED' as never, end_time: 1_700_000_000_010 });

      const { run: stored } = await client.Runs.get({ run_id: runId });
      expect(stored.info).toMatchObject({ run_name: 'from-js', user_id: 'js', status: 'FINISHED', end_time: 1_700_000_000_010 });
      expect(stored.data.params).toEqual([{ key: 'lr', value: '0.01' }]);
      expect(stored.data.metrics).toEqual([
        { key: 'acc', value: 0.9 },
        { key: 'loss', value: 0.25 },
      ]);
      const history = (await client.Metrics.getHistory({ run_id: runId, metric_key: 'loss' })) as { metrics: unknown[] };
      expect(history.metrics).toEqual([
        { key: 'loss', value: 0.5, timestamp: 1_700_000_000_001, step: 0 },
        { key: 'loss', value: 0.25, timestamp: 1_700_000_000_002, step: 1 },
      ]);
      const found = await client.Runs.search({ experiment_ids: [experimentId], filter: 'metrics.loss < 0.3', run_view_type: 'ACTIVE_ONLY' as never, max_results: 10 } as never);
      expect((found as { runs: { info: { run_id: string } }[] }).runs.map((entry) => entry.info.run_id)).toEqual([runId]);
      // What the client sent was stored: the Store reads it back.
      expect((await store.getRun({ runId })).data.tags['team']).toBe('ml');

      // Errors reach the client as MLflow's body and status.
      await expect(client.Runs.get({ run_id: 'f'.repeat(32) })).rejects.toThrow(/"status":404.*"error_code":"RESOURCE_DOES_NOT_EXIST"/);
    } finally {
      log.mockRestore();
    }
  });

  it('streams an artifact upload over HTTP and downloads it', async () => {
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        for (let index = 0; index < 4; index += 1) {
          controller.enqueue(new TextEncoder().encode(`chunk ${index}\n`));
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        controller.close();
      },
    });
    const put = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/0/http/artifacts/log.txt`, { method: 'PUT', body, duplex: 'half' } as RequestInit);
    expect(put.status).toBe(200);
    const expected = 'chunk 0\nchunk 1\nchunk 2\nchunk 3\n';
    expect(await readFile(join(root, 'artifacts/0/http/artifacts/log.txt'), 'utf8')).toBe(expected);
    expect(await (await fetch(`${server.url}/ajax-api/2.0/mlflow-artifacts/artifacts/0/http/artifacts/log.txt`)).text()).toBe(expected);
  });

  it('close() stops accepting, lets a request in flight finish, then resolves', async () => {
    const other = await startAssayServer({ app: createAssayServer({ store, artifactRoot: join(root, 'artifacts'), log: () => undefined }), port: 0 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        controller.enqueue(new TextEncoder().encode('first half, '));
        await held;
        controller.enqueue(new TextEncoder().encode('second half'));
        controller.close();
      },
    });
    const inFlight = fetch(`${other.url}/api/2.0/mlflow-artifacts/artifacts/0/closing/artifacts/slow.txt`, { method: 'PUT', body, duplex: 'half' } as RequestInit);
    await vi.waitFor(async () => expect(await readdir(join(root, 'artifacts/0/closing/artifacts')).catch(() => [])).not.toEqual([]));
    let closed = false;
    const closing = other.close().then(() => (closed = true));
    await expect(fetch(`${other.url}/health`)).rejects.toThrow();
    expect(closed).toBe(false);
    release();
    expect((await inFlight).status).toBe(200);
    await closing;
    expect(await readFile(join(root, 'artifacts/0/closing/artifacts/slow.txt'), 'utf8')).toBe('first half, second half');
  });
});

describe('startAssayServer with pages: the API paths to the app, every other path to the pages handler (the dashboard)', () => {
  let root: string;
  let store: LocalStore;
  let server: RunningAssayServer;
  const seen: string[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-server-pages-'));
    store = await LocalStore.open({ root });
    server = await startAssayServer({
      app: createAssayServer({ store, artifactRoot: join(root, 'artifacts'), log: () => undefined }),
      port: 0,
      pages: async (request, response) => {
        seen.push(request.url ?? '');
        if (request.url === '/boom') throw new Error('the page handler failed');
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end(`<p>page ${request.url ?? ''}</p>`);
      },
    });
  });

  afterAll(async () => {
    await server?.close();
    await store?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('routes by path', async () => {
    expect(await (await fetch(`${server.url}/experiments/1?tab=runs`)).text()).toBe('<p>page /experiments/1?tab=runs</p>');
    expect(await (await fetch(`${server.url}/_next/static/chunk.js`)).text()).toBe('<p>page /_next/static/chunk.js</p>');
    const api = await fetch(`${server.url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default`);
    expect(((await api.json()) as { experiment: { name: string } }).experiment.name).toBe('Default');
    const ajax = await fetch(`${server.url}/ajax-api/2.0/mlflow/experiments/get-by-name?experiment_name=Default`);
    expect(ajax.status).toBe(200);
    expect(await (await fetch(`${server.url}/health`)).text()).toBe('OK');
    // An unknown API path is the API's 404, not a page.
    const missing = await fetch(`${server.url}/api/2.0/mlflow/no-such-route`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error_code: string }).error_code).toBe('ENDPOINT_NOT_FOUND');
    expect(seen).toEqual(['/experiments/1?tab=runs', '/_next/static/chunk.js']);
  });

  it('answers 500 when the pages handler throws, instead of leaving the request hanging', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const failed = await fetch(`${server.url}/boom`);
      expect(failed.status).toBe(500);
      // The details are logged, not sent.
      expect(await failed.text()).toBe('Internal server error');
      expect(stderr.mock.calls.map((call) => String(call[0])).join('')).toContain('the page handler failed');
    } finally {
      stderr.mockRestore();
    }
  });
});
