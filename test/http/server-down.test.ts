import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateRunId, type Metric } from '@assay/core';
import { createAssay, type Assay } from '@assay/sdk';
import { defaultSpoolDirectory, HTTP_SPOOL_DIR_ENV, HttpStore } from '@assay/sdk/http';
import { runWorker, type WorkerResult } from './run-worker.js';
import { startServerProcess, type ServerProcess } from './server-process.js';


function steps(points: readonly Metric[]): number[] {
  return points.map((point) => point.step);
}

describe('the SDK when its server goes down', () => {
  let server: ServerProcess;
  let scratch: string;
  let assay: Assay | undefined;
  beforeEach(async () => {
    [server, scratch] = await Promise.all([startServerProcess(), mkdtemp(join(tmpdir(), 'assay-down-'))]);
    vi.stubEnv(HTTP_SPOOL_DIR_ENV, join(scratch, 'spool'));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    await assay?.dispose();
    assay = undefined;
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    await server.dispose();
    await rm(scratch, { recursive: true, force: true });
  });

  async function reader(): Promise<HttpStore> {
    return HttpStore.open({ url: server.url, spoolDirectory: join(scratch, 'reader-spool'), headers: {} });
  }

  it('keeps every write made while the server is stopped, and once it is started again on the same port applies each exactly once', { timeout: 120_000 }, async () => {
    assay = createAssay({ trackingUri: server.url });
    await assay.setExperiment('restart');
    const traced = assay.trace((index: number) => `answer ${index}`, { name: 'call', spanType: 'LLM' });
    const run = await assay.startRun({ runName: 'across-a-restart' });
    run.logParams({ phase: 'one' });
    for (let step = 0; step < 50; step += 1) run.logMetric('loss', 1 / (step + 1), { step });
    run.setTag('stage', 'up');
    for (let index = 0; index < 3; index += 1) traced(index);
    await assay.flush();

    await server.stop();
    for (let step = 50; step < 100; step += 1) run.logMetric('loss', 1 / (step + 1), { step });
    run.setTag('stage', 'down');
    for (let index = 3; index < 6; index += 1) traced(index);
    const store = (await assay.getStore()) as HttpStore;
    await store.logEvaluationRows({ runId: run.id, rows: [{ rowIndex: 0, inputs: { q: 'down' }, output: 'kept', metrics: { exact_match: 1 } }] });
    await run.end();
    // Acknowledged from the spool: flush() warns that they wait there, and does not throw.
    await assay.flush();
    expect(store.spoolStatus().writes).toBeGreaterThan(0);
    expect(store.spoolStatus().lastError).toMatch(/cannot be reached/u);
    // A copy of the spooled segments, as a client that crashed after sending them but before removing them would leave.
    const serverSpool = store.spoolStatus().directory;
    const [writerFolder] = await readdir(serverSpool);
    const segments = (await readdir(join(serverSpool, writerFolder!))).filter((name) => name.endsWith('.seg'));
    expect(segments.length).toBeGreaterThan(0);
    const copies = join(scratch, 'copies');
    await mkdir(copies);
    for (const segment of segments) await copyFile(join(serverSpool, writerFolder!, segment), join(copies, segment));

    await server.start();
    await assay.flush();
    expect(store.spoolStatus()).toMatchObject({ writes: 0, adopted: false });

    // The copies, in the folder of a writer whose process is gone: the next store adopts them and sends them again; the server skips every one.
    const crashed = join(serverSpool, 'crashed-writer');
    await mkdir(crashed);
    await writeFile(join(crashed, 'writer.json'), JSON.stringify({ writer: writerFolder, host: hostname(), pid: 2 ** 22 + 12_345, startTime: 0 }));
    for (const segment of segments) await copyFile(join(copies, segment), join(crashed, segment));
    const again = await HttpStore.open({ url: server.url, spoolDirectory: serverSpool, headers: {} });
    await again.flush();
    expect(again.spoolStatus()).toMatchObject({ writes: 0, adopted: false });
    await again.close();
    expect(await readdir(serverSpool)).not.toContain('crashed-writer');

    const check = await reader();
    const stored = await check.getRun({ runId: run.id });
    expect(stored.info.status).toBe('FINISHED');
    expect(stored.data.tags.stage).toBe('down');
    expect(stored.data.params).toEqual({ phase: 'one' });
    expect(steps(await check.getMetricHistory({ runId: run.id, key: 'loss' }))).toEqual(Array.from({ length: 100 }, (_, step) => step));
    const { traces } = await check.searchTraces({ experimentIds: [stored.info.experimentId] });
    expect(traces).toHaveLength(6);
    expect(await check.readEvaluationRows({ runId: run.id })).toEqual([{ rowIndex: 0, inputs: { q: 'down' }, output: 'kept', metrics: { exact_match: 1 } }]);
    // The server applied each write once although the store's writes may have been sent more than once.
    expect((await check.sql({ query: `SELECT count(*) FROM metrics WHERE run_id = '${run.id}'` })).rows).toEqual([[100]]);
    await check.close();
  });

  it('applies a write once when its answer is lost and it is sent again', { timeout: 60_000 }, async () => {
    let lost = 0;
    const losingAnswers: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/api/assay/v1/writes') && lost < 3) {
        lost += 1;
        await response.text();
        // The server applied the request; the client only sees the connection drop.
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
      }
      return response;
    };
    const store = await HttpStore.open({ url: server.url, spoolDirectory: join(scratch, 'spool'), headers: {}, fetch: losingAnswers, retry: { initialDelayMs: 10 } });
    const runId = generateRunId();
    await store.createRun({ experimentId: '0', runId, runName: 'lossy' });
    await store.logBatch({ runId, metrics: [0, 1, 2].map((step) => ({ key: 'm', value: step, timestamp: 1, step })), params: [{ key: 'p', value: 'v' }] });
    await store.updateRun({ runId, status: 'FINISHED', endTime: 2 });
    expect(lost).toBe(3);
    expect(steps(await store.getMetricHistory({ runId, key: 'm' }))).toEqual([0, 1, 2]);
    expect((await store.searchRuns({ experimentIds: ['0'] })).runs.map((run) => [run.info.runId, run.info.status])).toEqual([[runId, 'FINISHED']]);
    await store.close();
  });

  /** Runs a worker of this folder against the server, with the spool in the test's scratch folder. */
  function runWorkerAgainstServer(script: string, env: Record<string, string> = {}): Promise<WorkerResult> {
    return runWorker(script, [], { ASSAY_TRACKING_URI: server.url, [HTTP_SPOOL_DIR_ENV]: join(scratch, 'spool'), ...env });
  }

  it('spools the spans of a process that exits before its store was even opened, for the next store of the server to send', { timeout: 60_000 }, async () => {
    const child = await runWorkerAgainstServer('trace-then-exit.ts');
    expect(child.code, child.stderr).toBe(0);
    // Spooled, not sent: the process never opened a store.
    const serverSpool = defaultSpoolDirectory(server.url);
    const [writer] = await readdir(serverSpool);
    expect((await readdir(join(serverSpool, writer!))).filter((name) => name.endsWith('.seg'))).toHaveLength(1);
    const store = await HttpStore.open({ url: server.url, headers: {} });
    await store.flush();
    expect(store.spoolStatus()).toMatchObject({ writes: 0, adopted: false });
    expect((await store.searchTraces({ experimentIds: ['0'] })).traces.map((trace) => trace.name)).toEqual(['before-any-store']);
    await store.close();
  });

  it('spools the spans of an experiment named by ASSAY_EXPERIMENT_NAME, unknown to the process at its exit; the server files them under that name', { timeout: 60_000 }, async () => {
    const child = await runWorkerAgainstServer('trace-then-exit.ts', { ASSAY_EXPERIMENT_NAME: 'named at exit' });
    expect(child.code, child.stderr).toBe(0);
    expect(child.stderr).not.toContain('not saved');
    const store = await HttpStore.open({ url: server.url, headers: {} });
    await store.flush();
    expect(store.spoolStatus()).toMatchObject({ writes: 0 });
    const experiment = await store.getExperimentByName({ name: 'named at exit' });
    expect(experiment).toBeDefined();
    expect((await store.searchTraces({ experimentIds: [experiment!.experimentId] })).traces.map((trace) => trace.name)).toEqual(['before-any-store']);
    expect((await store.searchTraces({ experimentIds: ['0'] })).traces).toEqual([]);
    await store.close();
  });

  it('spools a write still on its way when the process exits, and the next store sends it', { timeout: 60_000 }, async () => {
    const child = await runWorkerAgainstServer('write-then-exit.ts');
    expect(child.code, child.stderr).toBe(0);
    const runId = child.stdout.trim();
    const store = await HttpStore.open({ url: server.url, headers: {} });
    await store.flush();
    expect((await store.getMetricHistory({ runId, key: 'm' })).map((point) => point.step)).toEqual([7]);
    await store.close();
  });

  it('spools what a process that exits while the server is down had not sent, and the next process sends it, once', { timeout: 120_000 }, async () => {
    await server.stop();
    const child = await runWorkerAgainstServer('exit-while-down.ts');
    expect(child.code, child.stderr).toBe(0);
    const runId = child.stdout.trim();
    expect(runId).toMatch(/^[0-9a-f]{32}$/u);

    await server.start();
    // The next store for this server (here the SDK of this process) adopts the ended process's spool and sends it.
    assay = createAssay({ trackingUri: server.url });
    const store = (await assay.getStore()) as HttpStore;
    await store.flush();
    await store.flush();
    expect(store.spoolStatus()).toMatchObject({ writes: 0, adopted: false });
    const check = await reader();
    const run = await check.getRun({ runId });
    expect(run.info).toMatchObject({ runName: 'exited', status: 'FINISHED' });
    expect(run.data.tags.phase).toBe('exit');
    expect(steps(await check.getMetricHistory({ runId, key: 'm' }))).toEqual(Array.from({ length: 20 }, (_, step) => step));
    expect((await check.searchTraces({ experimentIds: ['0'] })).traces.map((trace) => [trace.name, trace.runId])).toEqual([['last-call', runId]]);
    // Sent again (as a store of yet another process would find nothing left to send), nothing is applied twice.
    await check.close();
    expect(await readdir(join(scratch, 'spool'))).not.toContain('rejected.jsonl');
  });
});
