import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalStore } from '@assay/store/local';
import { spawnWorker, type Worker } from '../tracking/spawn-worker.js';
import { readAckLog, type AckLog } from './ack-log.js';
import { startBuiltServer, type RunningServer } from './server-process.js';

const WRITERS = 4;
// Writes each writer must have acknowledged on a route before the next step: enough that every one of them really
// wrote through it, few enough for a shared machine.
const WRITES_PER_PHASE = 30;

const root = mkdtempSync(join(tmpdir(), 'assay-hand-over-'));
const started: (Worker | RunningServer)[] = [];
afterAll(() => {
  for (const process of started) if (process.child.exitCode === null && process.child.signalCode === null) process.child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

/** Polls until `condition` holds; fails after `timeoutMs` with `what` and the last state (a generous bound: it only keeps a broken run from hanging). */
async function waitUntil(what: string, condition: () => boolean, describeState: () => unknown, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}: ${JSON.stringify(describeState())}`);
    await sleep(50);
  }
}

describe('one process owns a local store: assay server takes the store over from writers and hands it back', () => {
  it('4 writers on a store directory; assay server starts in the middle, is SIGKILLed, restarted, stopped; every acknowledged write is present once', { timeout: 600_000 }, async () => {
    const logs = Array.from({ length: WRITERS }, (_unused, writer) => `${root}-ack-${writer}.log`);
    const stopFile = `${root}-stop`;
    const workers = logs.map((log, writer) => spawnWorker('test/hand-over/workers/numbered-writer.ts', [root, String(writer), log, stopFile]));
    started.push(...workers);
    const state = (): AckLog[] => logs.map((log) => readAckLog(log));
    const everyWriter = (route: (log: AckLog) => boolean): (() => boolean) => () => {
      for (const worker of workers) if (worker.child.exitCode !== null) throw new Error(`a writer exited early: ${worker.output()}`);
      return state().every(route);
    };
    const on = (route: string) => (log: AckLog) => log.routes.at(-1) === route && log.sinceLastSwitch >= WRITES_PER_PHASE;

    try {
      await waitUntil('every writer wrote through the file', everyWriter(on('file')), state);

      const first = await startBuiltServer(root);
      started.push(first);
      expect(existsSync(join(root, 'server.json'))).toBe(true);
      await waitUntil(`every writer wrote through the server at ${first.url}`, everyWriter(on(first.url)), state);

      first.child.kill('SIGKILL');
      await first.exited;
      await waitUntil('every writer went back to the file after the SIGKILL', everyWriter(on('file')), state);

      const second = await startBuiltServer(root);
      started.push(second);
      await waitUntil(`every writer wrote through the restarted server at ${second.url}`, everyWriter(on(second.url)), state);

      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
      expect(existsSync(join(root, 'server.json'))).toBe(false);
      await waitUntil('every writer went back to the file after the stop', everyWriter(on('file')), state);

      writeFileSync(stopFile, '');
      const ended = await Promise.all(workers.map((worker) => worker.exited));
      expect(ended.map(({ code, stderr }) => ({ code, stderr: stderr.split('\n').filter((line) => line.includes('Error') && !line.includes('cannot be reached')) }))).toEqual(
        ended.map(() => ({ code: 0, stderr: [] })),
      );
    } finally {
      rmSync(stopFile, { force: true });
    }

    const acknowledged = state();
    for (const log of acknowledged) {
      expect(log.done).toBe(true);
      expect(log.routes.filter((route) => route !== 'file')).toHaveLength(2);
    }
    const store = await LocalStore.open({ root, thread: 'inline' });
    try {
      const counts = async (query: string): Promise<Map<string, number>> => new Map((await store.sql({ query })).rows.map(([key, count]) => [String(key), Number(count)]));
      const metrics = await counts("SELECT run_id || ' ' || step, count(*) FROM metrics WHERE key = 'm' GROUP BY ALL");
      const params = await counts("SELECT run_id || ' ' || key, count(*) FROM params GROUP BY ALL");
      const spans = await counts('SELECT name, count(*) FROM spans GROUP BY ALL');
      for (const [writer, log] of acknowledged.entries()) {
        const missing = {
          metrics: log.metrics.filter((index) => metrics.get(`${log.runId} ${index}`) !== 1),
          params: log.params.filter((index) => params.get(`${log.runId} p${index}`) !== 1),
          spans: log.spans.filter((index) => spans.get(`w${writer}-${index}`) !== 1),
        };
        expect({ writer, ...missing }).toEqual({ writer, metrics: [], params: [], spans: [] });
      }
      // Nothing twice, acknowledged or not (a write in flight at the SIGKILL may be there once, or not at all).
      expect([...metrics, ...params, ...spans].filter(([, count]) => count !== 1)).toEqual([]);
      expect(acknowledged.reduce((sum, log) => sum + log.metrics.length, 0)).toBeGreaterThanOrEqual(WRITERS * 5 * (WRITES_PER_PHASE / 3));
    } finally {
      await store.close();
      for (const log of logs) rmSync(log, { force: true });
    }
  });
});
