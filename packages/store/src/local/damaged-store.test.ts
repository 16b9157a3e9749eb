import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Span } from '@assay/core';
import { overwriteWithText, truncateFile } from '../__fixtures__/damage-database.js';
import { openDuckDb } from '../duckdb/open-duckdb.js';
import { recoverStore } from '../maintenance/recover-store.js';
import { LATEST_SCHEMA_VERSION } from '../schema/migrations.js';
import { LocalStore } from './local-store.js';

const span: Span = {
  traceId: `tr-${'d'.repeat(32)}`,
  spanId: 'e'.repeat(16),
  name: 'during-damage',
  spanType: 'CHAIN',
  startTimeUnixNano: '1700000000000000000',
  endTimeUnixNano: '1700000001000000000',
  status: { code: 'OK' },
  attributes: {},
  events: [],
};

/** Tracks a run with metrics and a span, as an app does; every call must succeed. */
async function trackRun(store: LocalStore): Promise<string> {
  const run = await store.createRun({ experimentId: '0', runName: 'during-damage' });
  await store.logBatch({ runId: run.info.runId, metrics: [{ key: 'acc', value: 0.5, timestamp: 1, step: 0 }], params: [{ key: 'model', value: 'm' }] });
  await store.logSpans({ experimentId: '0', spans: [span] });
  await store.updateRun({ runId: run.info.runId, status: 'FINISHED', endTime: 2 });
  return run.info.runId;
}

async function spooledSegments(root: string): Promise<number> {
  return (await readdir(join(root, 'spool'))).filter((name) => name.endsWith('.seg')).length;
}

async function expectTracked(store: LocalStore, runId: string): Promise<void> {
  const run = await store.getRun({ runId });
  expect(run.info.status).toBe('FINISHED');
  expect(run.data).toMatchObject({ params: { model: 'm' }, metrics: { acc: 0.5 } });
  expect((await store.getTrace({ traceId: span.traceId })).spans).toEqual([span]);
}

describe('LocalStore on a damaged or foreign database file', () => {
  let root: string;
  let databasePath: string;
  let warnings: { mock: { calls: unknown[][] } };
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-damaged-'));
    databasePath = join(root, 'assay.duckdb');
    warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(root, { recursive: true, force: true });
  });

  it('a text file: reads fail with the diagnosis, writes go on into the spool, and recover brings them all in', async () => {
    await overwriteWithText(databasePath);
    const store = await LocalStore.open({ root, lingerMs: 0 });
    const runId = await trackRun(store);
    expect(await spooledSegments(root)).toBe(4);

    const error = await store.searchExperiments().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORE_DAMAGED', name: 'StoreDamagedError', databasePath });
    const message = (error as Error).message;
    expect(message).toContain('it is not a DuckDB database file');
    expect(message).toContain('New writes are kept in the spool');
    expect(message).toContain(`assay --tracking-uri '${root}' store recover`);
    // Told once, not once per write.
    expect(warnings.mock.calls.filter(([text]) => String(text).includes('cannot be used'))).toHaveLength(1);
    expect(await readFile(databasePath, 'utf8')).toBe('this is not a database\n');

    const report = await recoverStore({ root });
    expect(report).toMatchObject({ status: 'recovered', readFrom: 'none', tables: [], spool: { segments: 4, rejected: 0 } });
    expect(await readFile(report.damagedFile!, 'utf8')).toBe('this is not a database\n');
    // The same store goes on once the file is usable again.
    await expectTracked(store, runId);
    await store.close();
  });

  it('a truncated store: the diagnosis says so, and nothing written since is lost', async () => {
    const before = await LocalStore.open({ root, lingerMs: 0 });
    const earlier = await before.createRun({ experimentId: '0', runName: 'before-damage' });
    await before.logBatch({ runId: earlier.info.runId, metrics: Array.from({ length: 2000 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1), timestamp: step, step })) });
    await before.close();
    await truncateFile(databasePath, 0.5);

    const store = await LocalStore.open({ root, lingerMs: 0 });
    const runId = await trackRun(store);
    const error = await store.getRun({ runId }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORE_DAMAGED' });
    expect((error as Error).message).toContain('truncated');
    expect(await spooledSegments(root)).toBe(4);
    await store.close();

    const report = await recoverStore({ root });
    expect(report).toMatchObject({ status: 'recovered', spool: { segments: 4, rejected: 0 } });
    const recovered = await LocalStore.open({ root });
    await expectTracked(recovered, runId);
    await recovered.close();
  });

  it("another application's DuckDB file: refused without adding Assay's tables to it, writes spooled", async () => {
    const foreign = await openDuckDb({ path: databasePath });
    await foreign.connection.run('CREATE TABLE orders AS SELECT range AS id FROM range(10)');
    foreign.closeSync();

    const store = await LocalStore.open({ root, lingerMs: 0 });
    await trackRun(store);
    const error = await store.searchExperiments().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORE_DAMAGED' });
    expect((error as Error).message).toContain("it is another application's DuckDB database: it has tables (orders) but none of Assay's");
    expect(await spooledSegments(root)).toBe(4);
    await store.close();

    const untouched = await openDuckDb({ path: databasePath, readOnly: true });
    const tables = await untouched.connection.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()`);
    untouched.closeSync();
    expect(tables.getRows()).toEqual([['orders']]);
  });

  it('a store that lost one of its tables says which', async () => {
    const before = await LocalStore.open({ root });
    await before.createExperiment({ name: 'x' });
    await before.close();
    const handle = await openDuckDb({ path: databasePath });
    await handle.connection.run('DROP TABLE spans');
    handle.closeSync();

    const store = await LocalStore.open({ root });
    const error = await store.searchExperiments().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORE_DAMAGED' });
    expect((error as Error).message).toContain(`tables of Assay's schema version ${LATEST_SCHEMA_VERSION} are missing: spans`);
    await store.close();
  });
});
