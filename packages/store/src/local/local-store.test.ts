import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES, type Span } from '@assay/core';
import { describeStoreContract } from '@assay/core/test';
import { holdDatabase, someoneWaits } from '../__fixtures__/hold-database.js';
import { type ReadResult, readInAnotherProcess, runInAnotherProcess } from '../__fixtures__/read-in-another-process.js';
import { DuckDbStore } from '../duckdb-store.js';
import { BUSY_TIMEOUT_ENV, LocalStore, defaultBusyTimeoutMs } from './local-store.js';
import { ingestSpool } from './ingest-spool.js';
import { Spool } from './spool.js';

/** Resolves once `condition` holds, looking again every few milliseconds. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await sleep(5);
}

describeStoreContract('LocalStore in a temp directory', async () => {
  const root = await mkdtemp(join(tmpdir(), 'assay-local-contract-'));
  return { store: await LocalStore.open({ root }), cleanup: () => rm(root, { recursive: true, force: true }) };
});

describe('LocalStore with other processes', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-local-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('spools writes while another process holds the file, and readers see them once it is released', async () => {
    const store = await LocalStore.open({ root, lingerMs: 0 });
    const run = await store.createRun({ experimentId: '0', runName: 'spooled' });
    const holder = await holdDatabase(store.databasePath); // as soon as the lease is let go

    // Acknowledged while the other process holds the file (they would wait forever for it otherwise).
    await store.logBatch({
      runId: run.info.runId,
      metrics: [
        { key: 'acc', value: 0.75, timestamp: 10, step: 1 },
        { key: 'nan', value: Number.NaN, timestamp: 10, step: 1 },
        { key: 'inf', value: Number.NEGATIVE_INFINITY, timestamp: 10, step: 1 },
      ],
      params: [{ key: 'model', value: 'gpt-4o' }],
    });
    await store.updateRun({ runId: run.info.runId, status: 'FINISHED', endTime: 20 });
    const segments = (await readdir(join(root, 'spool'))).filter((name) => name.endsWith('.seg'));
    expect(segments).toHaveLength(2);

    // A read waits for the holder, ingests the spool first, then answers.
    const reading = store.getRun({ runId: run.info.runId });
    await someoneWaits(root);
    await holder.release();
    const stored = await reading;
    expect(stored.info.status).toBe('FINISHED');
    expect(stored.data.params).toEqual({ model: 'gpt-4o' });
    expect(stored.data.metrics.acc).toBe(0.75);
    expect(Number.isNaN(stored.data.metrics.nan)).toBe(true);
    expect(stored.data.metrics.inf).toBe(Number.NEGATIVE_INFINITY);
    expect((await readdir(join(root, 'spool'))).filter((name) => name.endsWith('.seg'))).toEqual([]);
    await store.close();
  });

  it('spools spans while another process holds the file, and they round-trip through the spool', async () => {
    const store = await LocalStore.open({ root, lingerMs: 0 });
    await store.searchExperiments();
    const holder = await holdDatabase(store.databasePath);
    const span: Span = {
      traceId: `tr-${'b'.repeat(32)}`,
      spanId: 'c'.repeat(16),
      name: 'root',
      spanType: 'CHAIN',
      startTimeUnixNano: '1700000000000000001',
      endTimeUnixNano: '1700000000500000001',
      status: { code: 'OK' },
      attributes: { [ASSAY_ATTRIBUTES.spanInputs]: { nested: [1, 'two', null] }, flag: true },
      events: [{ name: 'exception', timeUnixNano: '1700000000400000001', attributes: { 'exception.type': 'Error' } }],
    };
    await store.logSpans({ experimentId: '0', spans: [span] });
    expect((await readdir(join(root, 'spool'))).filter((name) => name.endsWith('.seg'))).toHaveLength(1);

    const reading = store.getTrace({ traceId: span.traceId });
    await someoneWaits(root);
    await holder.release();
    const trace = await reading;
    expect(trace.spans).toEqual([span]);
    expect(trace.info).toMatchObject({ state: 'OK', executionDurationMs: 500, requestPreview: '{"nested":[1,"two",null]}' });
    await store.close();
  });

  it('prices spooled spans with the prices kept in the store, when a later holder ingests them', async () => {
    const setter = await LocalStore.open({ root });
    await setter.setModelPrices({ prices: [{ model: 'house-blend', inputPerMillionTokens: 2, outputPerMillionTokens: 4 }] });
    await setter.close();

    const store = await LocalStore.open({ root, lingerMs: 0 });
    await store.searchExperiments();
    const holder = await holdDatabase(store.databasePath);
    const span: Span = {
      traceId: `tr-${'d'.repeat(32)}`,
      spanId: 'e'.repeat(16),
      name: 'chat',
      spanType: 'LLM',
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000000100000000',
      status: { code: 'OK' },
      attributes: { [GEN_AI_ATTRIBUTES.responseModel]: 'house-blend-2025', [GEN_AI_ATTRIBUTES.usageInputTokens]: 500_000, [GEN_AI_ATTRIBUTES.usageOutputTokens]: 250_000 },
      events: [],
    };
    await store.logSpans({ experimentId: '0', spans: [span] });
    const reading = store.getTrace({ traceId: span.traceId });
    await someoneWaits(root);
    await holder.release();
    const trace = await reading;
    expect(trace.info.cost).toEqual({ inputCost: 1, outputCost: 1, totalCost: 2 });
    expect(trace.spans[0]!.cost).toEqual({ inputCost: 1, outputCost: 1, totalCost: 2 });
    expect((await store.listModelPrices())[0]).toEqual({ model: 'house-blend', inputPerMillionTokens: 2, outputPerMillionTokens: 4, origin: 'store' });
    await store.close();
  });

  it('waits for a busy file on reads and gives up after busyTimeoutMs with a StoreBusyError naming the holder', async () => {
    const store = await LocalStore.open({ root, lingerMs: 0, busyTimeoutMs: 300 });
    await store.searchExperiments();
    const holder = await holdDatabase(store.databasePath);
    const error = await store.searchExperiments().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORE_BUSY', holder: { pid: holder.pid } });
    const message = String((error as Error).message);
    expect(message).toContain(`is held by process ${holder.pid} (`);
    expect(message).toContain('hold-database.mjs'); // its command line
    expect(message).toContain('stayed locked for 300 ms');
    expect(message).toMatch(/Close that program \(or end process \d+\), or wait until it is done, then retry/u);
    // No advice naming a command that does not exist.
    expect(message).not.toContain('assay server');
    await holder.release();
    expect((await store.searchExperiments()).items.map((experiment) => experiment.name)).toEqual(['Default']);
    await store.close();
  });

  it('ingests a segment exactly once even if a crash left it behind after commit', async () => {
    const store = await LocalStore.open({ root });
    const run = await store.createRun({ experimentId: '0' });
    await store.close();

    const spool = new Spool(join(root, 'spool'));
    await spool.write([{ op: 'logBatch', runId: run.info.runId, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }], params: [], tags: [] }]);
    const [segment] = (await spool.pending()).map((id) => `${id}.seg`);
    await mkdir(join(root, 'saved'));
    await copyFile(join(root, 'spool', segment!), join(root, 'saved', segment!));

    const database = await DuckDbStore.open({ path: join(root, 'assay.duckdb') });
    expect(await ingestSpool({ spool, store: database })).toEqual({ segments: 1, rejected: 0 });
    // The "crash": the segment is back although its transaction committed.
    await copyFile(join(root, 'saved', segment!), join(root, 'spool', segment!));
    await ingestSpool({ spool, store: database });
    expect((await database.getMetricHistory({ runId: run.info.runId, key: 'm' })).length).toBe(1);
    expect(await spool.pending()).toEqual([]);
    await database.close();
  });

  it('keeps spooled writes that cannot be applied in rejected_writes, and sets unreadable segments aside', async () => {
    const spool = new Spool(join(root, 'spool'));
    await spool.write([{ op: 'logBatch', runId: 'a'.repeat(32), metrics: [], params: [], tags: [{ key: 'k', value: 'v' }] }]);
    await writeFile(join(root, 'spool', '0000000000-1-00000001-zzzzzz.seg'), '{not json');
    const store = await LocalStore.open({ root });
    const result = await store.sql({ query: 'select reason from rejected_writes' });
    expect(result.rows).toHaveLength(1);
    expect(String(result.rows[0]![0])).toContain('not found');
    expect(await readdir(join(root, 'spool', 'unreadable'))).toEqual(['0000000000-1-00000001-zzzzzz.seg']);
    await store.close();
  });

  it('keeps the file between writes while nobody waits, and hands it over at once to a process that does', async () => {
    const store = await LocalStore.open({ root, lingerMs: 120_000 });
    await store.createExperiment({ name: 'held' });
    // The lease lingers for two minutes, longer than the reader waits (20 s): it can only read because
    // it left a marker and the holder handed the file over at once.
    const read = await readInAnotherProcess(root);
    expect(read).toMatchObject({ code: 0, stderr: '' });
    expect((JSON.parse(read.stdout) as { experiments: string[] }).experiments).toContain('held');
    // The holder takes the file back for its next operation.
    await store.createExperiment({ name: 'after' });
    expect((await store.searchExperiments()).items.map((experiment) => experiment.name)).toContain('after');
    await store.close();
  });

  it('gives a held file to the processes waiting for it in the order they began to wait', async () => {
    const store = await LocalStore.open({ root, lingerMs: 0 });
    await store.searchExperiments(); // creates the database
    await store.close();
    const holder = await holdDatabase(join(root, 'assay.duckdb'));
    const names = ['first', 'second', 'third'];
    const creators: Array<Promise<ReadResult>> = [];
    for (const [index, name] of names.entries()) {
      creators.push(runInAnotherProcess('create-experiment.ts', [root, name]));
      await until(async () => (await readdir(join(root, 'waiting')).catch(() => [])).length === index + 1);
    }
    await holder.release();
    for (const created of await Promise.all(creators)) expect(created).toMatchObject({ code: 0, stdout: 'created\n', stderr: '' });
    const reopened = await LocalStore.open({ root });
    const { items } = await reopened.searchExperiments();
    // Experiment ids count up in the order the experiments were created, i.e. the order the processes had the file.
    const byCreation = items.filter((experiment) => names.includes(experiment.name)).sort((a, b) => Number(a.experimentId) - Number(b.experimentId));
    expect(byCreation.map((experiment) => experiment.name)).toEqual(names);
    await reopened.close();
  });

  it('shares one instance per directory within a process', async () => {
    const first = await LocalStore.open({ root });
    const second = await LocalStore.open({ root });
    expect(second).toBe(first);
    await second.close();
    await first.createExperiment({ name: 'still-open' });
    await first.close();
  });
});

describe('how long reads wait for a busy file', () => {
  const saved = process.env[BUSY_TIMEOUT_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[BUSY_TIMEOUT_ENV];
    else process.env[BUSY_TIMEOUT_ENV] = saved;
  });

  it(`reads ${BUSY_TIMEOUT_ENV} as whole milliseconds; unset or empty means 30 s`, () => {
    delete process.env[BUSY_TIMEOUT_ENV];
    expect(defaultBusyTimeoutMs()).toBe(30_000);
    process.env[BUSY_TIMEOUT_ENV] = '';
    expect(defaultBusyTimeoutMs()).toBe(30_000);
    process.env[BUSY_TIMEOUT_ENV] = ' 600000 ';
    expect(defaultBusyTimeoutMs()).toBe(600_000);
    process.env[BUSY_TIMEOUT_ENV] = '0';
    expect(defaultBusyTimeoutMs()).toBe(0);
  });

  it.each(['10m', '-1', '1.5', 'NaN', 'Infinity', '1e3'])(`refuses %s in ${BUSY_TIMEOUT_ENV}, and LocalStore.open says why`, async (value) => {
    process.env[BUSY_TIMEOUT_ENV] = value;
    expect(() => defaultBusyTimeoutMs()).toThrow(`${BUSY_TIMEOUT_ENV} must be a whole number of milliseconds`);
    const root = await mkdtemp(join(tmpdir(), 'assay-timeout-'));
    try {
      await expect(LocalStore.open({ root })).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining(`got '${value}'`) });
      // A timeout given to open() needs no environment.
      const store = await LocalStore.open({ root, busyTimeoutMs: 1000 });
      await store.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('refuses a busyTimeoutMs that is not a time', async () => {
    const root = await mkdtemp(join(tmpdir(), 'assay-timeout-'));
    try {
      for (const busyTimeoutMs of [-1, Number.NaN]) {
        await expect(LocalStore.open({ root, busyTimeoutMs })).rejects.toMatchObject({ message: expect.stringContaining('busyTimeoutMs must be') });
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
