import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { corruptBlockOf } from '../__fixtures__/damage-database.js';
import { holdDatabase } from '../__fixtures__/hold-database.js';
import { LocalStore } from '../local/local-store.js';
import { Spool } from '../local/spool.js';
import { LATEST_SCHEMA_VERSION } from '../schema/migrations.js';
import { checkStore } from './check-store.js';
import { recoverStore } from './recover-store.js';

const RUNS = 20;
const POINTS_PER_RUN = 10_000;

/** A store with RUNS runs of POINTS_PER_RUN metric points each (enough rows for many storage blocks). */
async function populate(root: string): Promise<string[]> {
  const store = await LocalStore.open({ root });
  const runIds: string[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const run = await store.createRun({ experimentId: '0', runName: `run-${index}` });
    runIds.push(run.info.runId);
    const metrics = Array.from({ length: POINTS_PER_RUN }, (_, step) => ({ key: 'loss', value: Math.sin(step + index), timestamp: step, step }));
    await store.logBatch({ runId: run.info.runId, metrics, params: [{ key: 'index', value: String(index) }] });
  }
  await store.close();
  return runIds;
}

describe('checkStore and recoverStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-recover-'));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(root, { recursive: true, force: true });
  });

  it('finds a healthy store healthy: schema, row counts, spool backlog; recover then does nothing', async () => {
    await populate(root);
    const spool = new Spool(join(root, 'spool'));
    await spool.write([{ op: 'deleteTag', runId: 'a'.repeat(32), key: 'k' }, { op: 'deleteTag', runId: 'a'.repeat(32), key: 'l' }]);
    await spool.write([{ op: 'deleteTag', runId: 'a'.repeat(32), key: 'm' }]);

    const report = await checkStore({ root });
    expect(report).toMatchObject({ status: 'healthy', problems: [], schemaVersion: LATEST_SCHEMA_VERSION, latestSchemaVersion: LATEST_SCHEMA_VERSION, rejectedWrites: 0 });
    expect(report.spool).toEqual({ segments: 2, operations: 3, unreadable: 0 });
    expect(report.tables.find((table) => table.name === 'runs')).toEqual({ name: 'runs', rows: RUNS });
    expect(report.tables.find((table) => table.name === 'metrics')).toEqual({ name: 'metrics', rows: RUNS * POINTS_PER_RUN });
    expect(report.tables.every((table) => table.error === undefined)).toBe(true);

    expect(await recoverStore({ root })).toMatchObject({ status: 'not-needed', check: { status: 'healthy' } });
    expect((await readdir(root)).filter((name) => name.includes('damaged'))).toEqual([]);
  });

  it('says when there is no store, and when another process holds it (naming the process)', async () => {
    expect(await checkStore({ root })).toMatchObject({ status: 'missing', problems: [expect.stringContaining('There is no database file')] });
    await populate(root);
    const holder = await holdDatabase(join(root, 'assay.duckdb'));
    try {
      const report = await checkStore({ root, busyTimeoutMs: 200 });
      expect(report).toMatchObject({ status: 'busy', holder: { pid: holder.pid } });
      expect(report.problems[0]).toContain(`is held by process ${holder.pid}`);
      await expect(recoverStore({ root, busyTimeoutMs: 200 })).rejects.toMatchObject({ code: 'STORE_BUSY', holder: { pid: holder.pid } });
    } finally {
      await holder.release();
    }
  });

  it('finds a corrupt block, and recover copies every row that still reads into a new store, then applies the spool', async () => {
    const runIds = await populate(root);
    const databasePath = join(root, 'assay.duckdb');
    const metricRows = await corruptBlockOf({ path: databasePath, table: 'metrics' });
    expect(metricRows).toBe(RUNS * POINTS_PER_RUN);

    // A read of the damaged rows says so; what is written after goes to the spool.
    const store = await LocalStore.open({ root, lingerMs: 0 });
    const error = await store.sql({ query: 'SELECT count(hash(m)) FROM metrics m' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORE_DAMAGED', message: expect.stringContaining('part of it failed its checksum') });
    const later = await store.createRun({ experimentId: '0', runName: 'after-the-damage' });
    expect((await readdir(join(root, 'spool'))).filter((name) => name.endsWith('.seg'))).toHaveLength(1);
    await store.close();

    const check = await checkStore({ root });
    expect(check.status).toBe('damaged');
    const metrics = check.tables.find((table) => table.name === 'metrics')!;
    expect(metrics.rows).toBe(metricRows);
    expect(metrics.error).toMatch(/checksum/u);
    expect(check.problems).toEqual([expect.stringContaining('Table metrics cannot be read in full: part of it failed its checksum')]);
    expect(check.tables.filter((table) => table.error !== undefined).map((table) => table.name)).toEqual(['metrics']);

    const report = await recoverStore({ root });
    expect(report).toMatchObject({ status: 'recovered', readFrom: 'file', check: { status: 'damaged' }, spool: { segments: 1, rejected: 0 } });
    const recoveredMetrics = report.tables.find((table) => table.name === 'metrics')!;
    expect(recoveredMetrics.rows).toBe(metricRows);
    expect(recoveredMetrics.recovered).toBeGreaterThan(metricRows / 2);
    expect(recoveredMetrics.recovered).toBeLessThan(metricRows);
    expect(recoveredMetrics.error).toMatch(/checksum/u);
    for (const table of report.tables.filter((table) => table.name !== 'metrics')) expect(table.recovered, table.name).toBe(table.rows);
    expect(report.tables.find((table) => table.name === 'runs')).toMatchObject({ rows: RUNS, recovered: RUNS });
    expect((await readdir(root)).filter((name) => name.startsWith('assay.duckdb.damaged-'))).toEqual([report.damagedFile!.slice(root.length + 1)]);

    expect((await checkStore({ root })).status).toBe('healthy');
    const recovered = await LocalStore.open({ root });
    const { runs } = await recovered.searchRuns({ experimentIds: ['0'], maxResults: 100 });
    expect(runs.map((run) => run.info.runName).sort()).toEqual([...Array.from({ length: RUNS }, (_, index) => `run-${index}`), 'after-the-damage'].sort());
    expect((await recovered.getRun({ runId: later.info.runId })).info.runName).toBe('after-the-damage');
    expect((await recovered.getRun({ runId: runIds[0]! })).data.params).toEqual({ index: '0' });
    await recovered.close();
  });
});
