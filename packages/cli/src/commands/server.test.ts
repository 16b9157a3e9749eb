import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalStore } from '@assay/store';
import { spawnCli } from '../__fixtures__/spawn-cli.js';
import { main } from '../program.js';

async function capture(args: readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string; opened: string[] }> {
  let stdout = '';
  let stderr = '';
  const opened: string[] = [];
  const exitCode = await main(['node', 'assay', ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
    openStore: (uri) => {
      opened.push(uri);
      return Promise.reject(new Error('no store in this test'));
    },
  });
  return { exitCode, stdout, stderr, opened };
}

async function post(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('assay server', () => {
  it('refuses a non-loopback host without auth or --insecure, and a server URL as its store, before opening anything', async () => {
    const root = await mkdtemp(join(tmpdir(), 'assay-server-refused-'));
    const exposed = await capture(['server', '--store', root, '--host', '0.0.0.0']);
    await rm(root, { recursive: true, force: true });
    expect(exposed.exitCode).toBe(1);
    expect(exposed.stderr).toContain('Refusing to bind 0.0.0.0 without authentication');
    expect(exposed.stderr).toContain('assay server users add --admin');
    expect(exposed.stderr).toContain('--insecure');
    expect(exposed.opened).toEqual([]);

    const remote = await capture(['server', '--store', 'http://127.0.0.1:5000']);
    expect(remote.exitCode).toBe(1);
    expect(remote.stderr).toContain('is a server already');
    expect(remote.opened).toEqual([]);

    expect((await capture(['server', '--port', '70000'])).exitCode).toBe(2);
  });

  it('serves a store over HTTP in its own process; on SIGTERM it finishes the request in flight, closes the store and exits 0', async () => {
    const root = await mkdtemp(join(tmpdir(), 'assay-server-cli-'));
    const cli = spawnCli(['server', '--store', root, '--port', '0', '--no-ui']);
    try {
      await expect.poll(() => cli.stdout, { timeout: 30_000, interval: 50 }).toMatch(/OpenAPI: .*\n/);
      const url = /^Assay server listening on (http:\/\/127\.0\.0\.1:\d+) \(store: (.+)\)$/m.exec(cli.stdout)?.[1];
      expect(url).toBeDefined();
      expect(cli.stdout).toContain(`MLFLOW_TRACKING_URI=${url}`);
      await expect.poll(() => cli.stdout, { timeout: 10_000, interval: 50 }).toContain('Auth: off (no users file at');

      // The README's curl examples, as fetch calls.
      const created = await post(`${url}/api/2.0/mlflow/experiments/create`, { name: 'over-http' });
      expect(created.status).toBe(200);
      const run = await post(`${url}/api/2.0/mlflow/runs/create`, { experiment_id: created.body['experiment_id'], run_name: 'served' });
      const runId = (run.body['run'] as { info: { run_id: string } }).info.run_id;
      expect(await post(`${url}/api/2.0/mlflow/runs/log-metric`, { run_id: runId, key: 'accuracy', value: 0.9, timestamp: Date.now() })).toEqual({ status: 200, body: {} });
      const search = await fetch(`${url}/api/2.0/mlflow/experiments/search?max_results=10`);
      expect(((await search.json()) as { experiments: { name: string }[] }).experiments.map((experiment) => experiment.name)).toContain('over-http');
      expect(await (await fetch(`${url}/health`)).text()).toBe('OK');

      // A request in flight when SIGTERM arrives is finished.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          controller.enqueue(new TextEncoder().encode('begun '));
          await held;
          controller.enqueue(new TextEncoder().encode('and finished'));
          controller.close();
        },
      });
      const upload = fetch(`${url}/api/2.0/mlflow-artifacts/artifacts/${created.body['experiment_id'] as string}/${runId}/artifacts/late.txt`, { method: 'PUT', body, duplex: 'half' } as RequestInit);
      await new Promise((resolve) => setTimeout(resolve, 200));
      cli.child.kill('SIGTERM');
      await expect.poll(() => cli.stderr, { timeout: 10_000, interval: 20 }).toContain('Stopping (SIGTERM)');
      release();
      expect((await upload).status).toBe(200);
      expect(await cli.exited).toEqual({ code: 0, signal: null });
      expect(cli.stderr).toContain('Assay server stopped; the store is closed.');

      // One JSON line per request on stderr.
      const requestLines = cli.stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { message: string; method: string; path: string; status: number });
      expect(requestLines.filter((line) => line.message === 'request').map((line) => `${line.method} ${line.path} ${line.status}`)).toEqual([
        'POST /api/2.0/mlflow/experiments/create 200',
        'POST /api/2.0/mlflow/runs/create 200',
        'POST /api/2.0/mlflow/runs/log-metric 200',
        'GET /api/2.0/mlflow/experiments/search 200',
        'GET /health 200',
        `PUT /api/2.0/mlflow-artifacts/artifacts/${created.body['experiment_id'] as string}/${runId}/artifacts/late.txt 200`,
      ]);

      // The file is released, and everything acknowledged is in it.
      const store = await LocalStore.open({ root });
      try {
        const stored = await store.getRun({ runId });
        expect(stored.data.metrics).toEqual({ accuracy: 0.9 });
        expect(new TextDecoder().decode(await store.getArtifact({ runId, path: 'late.txt' }))).toBe('begun and finished');
      } finally {
        await store.close();
      }
    } finally {
      cli.child.kill('SIGKILL');
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);
});
