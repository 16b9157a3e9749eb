import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalStore, recoverStore } from '@assay/store';
import { spawnWorker } from './spawn-worker.js';

describe('an app tracking into a damaged store file', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-damaged-app-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('goes on, says once what is wrong, and keeps every run and span (queued ones too, at exit) for recover', async () => {
    await writeFile(join(root, 'assay.duckdb'), 'not a database, e.g. a file copied over it\n');
    const tracked = [];
    for (const ending of ['natural', 'exit'] as const) {
      const result = await spawnWorker('test/tracking/workers/track-an-app.ts', [root, ending]).exited;
      expect(result.stdout, result.stderr).toMatch(/^done /mu);
      expect(result.code).toBe(0);
      expect(result.stderr.match(/cannot be used: it is not a DuckDB database file/gu)).toHaveLength(1);
      expect(result.stderr).toContain('store recover');
      expect(result.stderr).not.toContain('bug in Assay');
      const [, runId, traceId] = /^done (\w+) (\S+)/mu.exec(result.stdout)!;
      tracked.push({ runId: runId!, traceId: traceId! });
    }
    expect((await readdir(join(root, 'spool'))).filter((name) => name.endsWith('.seg')).length).toBeGreaterThan(0);

    const report = await recoverStore({ root });
    expect(report).toMatchObject({ status: 'recovered', readFrom: 'none', spool: { rejected: 0 } });
    const store = await LocalStore.open({ root });
    for (const { runId, traceId } of tracked) {
      const run = await store.getRun({ runId });
      expect(run.info.status).toBe('FINISHED');
      expect(run.data.metrics).toEqual({ loss: 1 / 50, accuracy: 49 / 50 });
      expect((await store.getMetricHistory({ runId, key: 'accuracy' })).length).toBe(50);
      expect((await store.getTrace({ traceId })).spans.map((span) => span.name)).toEqual(['answer']);
    }
    await store.close();
  });
});
