import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LocalStore } from '@assay/store/local';
import { startBuiltServer, useCleanup } from './server-process.js';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const { roots, servers } = useCleanup();

/** Runs a process that creates a run, then logs a metric and exits in the same tick: the write has not reached any route yet. */
function writeThenExit(root: string): { status: number | null; stderr: string } {
  const script = [
    "import { openStore } from '@assay/sdk';",
    `const store = await openStore(${JSON.stringify(root)});`,
    "const run = await store.createRun({ experimentId: '0', runName: 'exits' });",
    "void store.logBatch({ runId: run.info.runId, metrics: [{ key: 'm', value: 42, timestamp: 1, step: 0 }] });",
    'process.exit(0);',
  ].join('\n');
  const result = spawnSync(process.execPath, ['--conditions=@assay/source', '--import', 'tsx', '--input-type=module', '--eval', script], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    env: { ...process.env, ASSAY_TRACKING_URI: '' },
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

async function storedRuns(root: string): Promise<[string, Record<string, number>][]> {
  const store = await LocalStore.open({ root, thread: 'inline' });
  try {
    const { runs } = await store.searchRuns({ experimentIds: ['0'] });
    return runs.map((run) => [run.info.runName, run.data.metrics]);
  } finally {
    await store.close();
  }
}

describe('a write given to a directory store just before the process exits', () => {
  it('is saved when no route has taken it yet (the file route)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'assay-exit-file-'));
    roots.push(root);
    expect(writeThenExit(root)).toEqual({ status: 0, stderr: '' });
    expect(await storedRuns(root)).toEqual([['exits', { m: 42 }]]);
  });

  it('is saved when no route has taken it yet (the server route, with the server SIGKILLed before anyone sent it on)', { timeout: 120_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'assay-exit-server-'));
    roots.push(root);
    const server = await startBuiltServer(root);
    servers.push(server);
    expect(writeThenExit(root)).toEqual({ status: 0, stderr: '' });
    server.child.kill('SIGKILL');
    await server.exited;
    // Whatever the server took, or the writer spooled for it under server-spool/: the next process on the file applies it once.
    const { DirectoryStore } = await import('../../packages/sdk/src/store/directory-store.js');
    const next = await DirectoryStore.open({ root });
    await next.close();
    expect(await storedRuns(root)).toEqual([['exits', { m: 42 }]]);
  });
});
