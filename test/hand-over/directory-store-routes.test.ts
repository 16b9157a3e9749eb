import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ServerAnnouncement } from '@assay/store/announcement';
import { LocalStore } from '@assay/store/local';
import { DirectoryStore } from '../../packages/sdk/src/store/directory-store.js';
import { resolvedModules } from '../fixtures/resolved-modules.js';
import { startBuiltServer, useCleanup, type RunningServer } from './server-process.js';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const { roots, servers } = useCleanup();

function newRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'assay-routes-'));
  roots.push(root);
  return root;
}

async function start(root: string, extraArgs: readonly string[] = [], env: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startBuiltServer(root, extraArgs, env);
  servers.push(server);
  return server;
}

describe('a store directory served by assay server', () => {
  it('is announced (mode 0600) while the server runs; an SDK process then talks to it with the announced token and never loads the local store or DuckDB; a second server is refused; SIGTERM withdraws the announcement', { timeout: 120_000 }, async () => {
    const root = newRoot();
    // Auth on: the SDK process has no credentials but the token the server announced.
    const usersFile = `${root}-users.json`;
    roots.push(usersFile);
    const server = await start(root, ['--auth', '--users-file', usersFile], {
      ASSAY_ADMIN_USERNAME: 'admin',
      ASSAY_ADMIN_PASSWORD: 'a long enough password',
    });
    const path = join(root, 'server.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const announcement = JSON.parse(readFileSync(path, 'utf8')) as ServerAnnouncement;
    expect(announcement).toMatchObject({ url: server.url, pid: server.pid });

    const script = [
      "import { openStore } from '@assay/sdk';",
      `const store = await openStore(${JSON.stringify(root)});`,
      "const run = await store.createRun({ experimentId: '0', runName: 'through-the-server' });",
      "await store.logBatch({ runId: run.info.runId, metrics: [{ key: 'm', value: 7, timestamp: 1, step: 0 }] });",
      "const { runs } = await store.searchRuns({ experimentIds: ['0'] });",
      'process.stdout.write(JSON.stringify({ via: store.via, runs: runs.map((stored) => [stored.info.runName, stored.data.metrics]) }));',
      'await store.close();',
    ].join('\n');
    const { status, stdout, stderr, modules } = resolvedModules({ args: ['--input-type=module', '--eval', script], env: { ASSAY_TRACKING_URI: '' } });
    expect([status, stderr]).toEqual([0, '']);
    expect(JSON.parse(stdout)).toEqual({ via: server.url, runs: [['through-the-server', { m: 7 }]] });
    expect(modules.filter((url) => url.includes('@duckdb') || url.includes('/packages/store/src/local/local-store.ts') || url.includes('/packages/store/src/local/store-client.ts'))).toEqual([]);

    const second = spawnSync(process.execPath, ['packages/cli/dist/bin.js', 'server', '--store', root, '--port', '0', '--json', '--no-ui'], { cwd: repositoryRoot, encoding: 'utf8', env: { ...process.env, ASSAY_TRACKING_URI: '' }, timeout: 60_000 });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`already serving ${root} at ${server.url}`);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(announcement);

    // The server keeps the file while it runs: a store that does not follow the announcement waits in vain.
    const outsider = await LocalStore.open({ root, thread: 'inline', busyTimeoutMs: 1500 });
    await expect(outsider.searchRuns({ experimentIds: ['0'] })).rejects.toMatchObject({ code: 'STORE_BUSY' });
    await outsider.close();

    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(() => statSync(path)).toThrow(/ENOENT/u);
    const reader = await LocalStore.open({ root, thread: 'inline' });
    const { runs } = await reader.searchRuns({ experimentIds: ['0'] });
    await reader.close();
    expect(runs.map((stored) => [stored.info.runName, stored.data.metrics])).toEqual([['through-the-server', { m: 7 }]]);
  });

  it('a store opened on the file before the server started goes to the server when a read finds the file taken, and back to the file when a read finds the server SIGKILLed', { timeout: 120_000 }, async () => {
    const root = newRoot();
    // Never looks at the directory by itself: only what the reads meet switches it.
    const store = await DirectoryStore.open({ root, checkIntervalMs: 3_600_000 });
    try {
      const run = await store.createRun({ experimentId: '0', runName: 'before' });
      await store.logBatch({ runId: run.info.runId, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }] });
      expect(store.via).toBe('file');

      const server = await start(root);
      const read = await store.getRun({ runId: run.info.runId });
      expect([store.via, read.data.metrics]).toEqual([server.url, { m: 1 }]);
      await store.logBatch({ runId: run.info.runId, metrics: [{ key: 'm', value: 2, timestamp: 2, step: 1 }] });

      server.child.kill('SIGKILL');
      await server.exited;
      const history = await store.getMetricHistory({ runId: run.info.runId, key: 'm' });
      expect([store.via, history.map((point) => point.value)]).toEqual(['file', [1, 2]]);
    } finally {
      await store.close();
    }
  });
});
