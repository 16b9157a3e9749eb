import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packSpans, type Span, type WriteOperation } from '@assay/core';
import { DuckDbStore } from '../duckdb-store.js';
import { MAX_CHARACTERS_PER_COMMIT, StoreHost } from './store-host.js';
import type { HostReply } from './store-protocol.js';

/** One trace of one span whose inputs make the packed row about `characters` long. */
function bigSpans(trace: number, characters: number): WriteOperation {
  const span: Span = {
    traceId: `tr-${trace.toString(16).padStart(32, '0')}`,
    spanId: '1'.padStart(16, '0'),
    name: 'chat',
    spanType: 'LLM',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000100000000',
    status: { code: 'OK' },
    attributes: { 'assay.span.inputs': { text: 'x'.repeat(characters) } },
    events: [],
  };
  return { op: 'logSpans', experimentId: '0', spans: [], packed: packSpans([span]) };
}

/** A host's options for a store in `root`, holding the file for a minute. */
function hostOptions(root: string, databasePath = join(root, 'assay.duckdb')): ConstructorParameters<typeof StoreHost>[0] {
  return {
    databasePath,
    artifactRoot: join(root, 'artifacts'),
    spoolDirectory: join(root, 'spool'),
    waitingDirectory: join(root, 'waiting'),
    lingerMs: 60_000,
    maxHoldMs: 60_000,
    busyTimeoutMs: 60_000,
    writer: 'test-writer',
  };
}

/** A StoreHost on `databasePath` (holding it for a minute) and a way to call its store's methods and wait for the answer. */
function hostWithCalls(root: string, databasePath: string): { host: StoreHost; call: (method: string, input: unknown) => Promise<unknown> } {
  const results = new Map<number, (value: unknown) => void>();
  const host = new StoreHost(
    hostOptions(root, databasePath),
    (reply) => {
      if (reply.type === 'result') results.get(reply.id)?.(reply.value);
    },
  );
  let id = 0;
  const call = (method: string, input: unknown): Promise<unknown> => {
    id += 1;
    const answered = new Promise((resolve) => results.set(id, resolve));
    host.receive({ type: 'call', id, method: method as never, input, wait: true });
    return answered;
  };
  return { host, call };
}

describe('StoreHost group commit', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-host-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('bounds a transaction by the characters of packed spans, not only by rows (packed writes count their rows too)', async () => {
    const replies: HostReply[] = [];
    let settle: () => void = () => undefined;
    const allWritten = new Promise<void>((resolve) => (settle = resolve));
    const host = new StoreHost(
      hostOptions(root),
      (reply) => {
        replies.push(reply);
        if (reply.type === 'written' && reply.through === 4) settle();
      },
    );
    // Each write's text is 40% of the bound: the first runs alone (nothing else had come),
    // then two fit in one transaction and the fourth goes in the next.
    const size = Math.floor(MAX_CHARACTERS_PER_COMMIT * 0.4);
    for (let sequence = 1; sequence <= 4; sequence += 1) host.receive({ type: 'write', sequence, operation: bigSpans(sequence, size) });
    await allWritten;
    expect(replies.filter((reply) => reply.type === 'written')).toEqual([
      { type: 'written', through: 1 },
      { type: 'written', through: 3 },
      { type: 'written', through: 4 },
    ]);
    expect(replies.filter((reply) => reply.type === 'write-failed')).toEqual([]);
    await host.stop();
    host.releaseSync();
  }, 120_000);
});

describe('StoreHost idle step', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-host-idle-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('re-sorts a key/value table with enough unsorted rows once the writes stop', async () => {
    const databasePath = join(root, 'assay.duckdb');
    // 1,100 runs of 10 params each, in write order: 11,000 unsorted rows.
    const store = await DuckDbStore.open({ path: databasePath });
    const experimentId = await store.createExperiment({ name: 'idle' });
    const experiment = await store.getExperiment({ experimentId });
    const operations: WriteOperation[] = [];
    for (let index = 0; index < 1100; index += 1) {
      const create = await store.prepareRun({ experimentId, runName: `run-${index}`, startTime: index }, experiment);
      operations.push(create, { op: 'logBatch', runId: create.run.runId, params: Array.from({ length: 10 }, (_, key) => ({ key: `p_${key}`, value: String(index) })), metrics: [], tags: [] });
    }
    await store.applyWrites(operations);
    const runId = operations[0]!.op === 'createRun' ? operations[0]!.run.runId : '';
    await store.close();

    const { host, call } = hostWithCalls(root, databasePath);
    const layout = () => call('sql', { query: `SELECT sorted_rows, (SELECT count(*) FROM params) FROM table_layout WHERE table_name = 'params'` });
    // One write makes the host look at the store when it next has nothing to do.
    host.receive({ type: 'write', sequence: 1, operation: { op: 'logBatch', runId, params: [{ key: 'late', value: 'x' }], metrics: [], tags: [] } });
    expect(await layout()).toMatchObject({ rows: [[0, 11_001]] });
    // Asked again while it is idle, until it has sorted (the test's timeout bounds the wait).
    let rows: unknown;
    do {
      await new Promise((resolve) => setTimeout(resolve, 500));
      rows = ((await layout()) as { rows: unknown[][] }).rows;
    } while (JSON.stringify(rows) !== JSON.stringify([[11_001, 11_001]]));
    await host.stop();
    host.releaseSync();

    const reopened = await DuckDbStore.open({ path: databasePath });
    try {
      const physical = await reopened.connection.runAndReadAll('SELECT key FROM params ORDER BY rowid');
      const keys = physical.getRows().map(([key]) => String(key));
      expect(keys).toEqual([...keys].sort());
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it('re-sorts the model version tags once registry calls stop', async () => {
    const databasePath = join(root, 'assay.duckdb');
    // 110 versions with 100 tags each, version by version: 11,000 tag rows out of key order.
    const store = await DuckDbStore.open({ path: databasePath });
    await store.createRegisteredModel({ name: 'm' });
    for (let version = 0; version < 110; version += 1) {
      await store.createModelVersion({ name: 'm', source: `file:///m/${version}`, tags: Object.fromEntries(Array.from({ length: 100 }, (_, key) => [`k${key}`, 'v'])) });
    }
    await store.close();

    const { host, call } = hostWithCalls(root, databasePath);
    const layout = async () =>
      ((await call('sql', { query: `SELECT (SELECT sorted_rows FROM table_layout WHERE table_name = 'model_version_tags'), (SELECT count(*) FROM model_version_tags)` })) as { rows: unknown[][] }).rows;
    // One registry call (no run writes) makes the host look at the store when it next has nothing to do.
    await call('createModelVersion', { name: 'm', source: 'file:///m/last', tags: { k0: 'v' } });
    expect(await layout()).toEqual([[null, 11_001]]);
    let rows: unknown[][];
    do {
      await new Promise((resolve) => setTimeout(resolve, 500));
      rows = await layout();
    } while (JSON.stringify(rows) !== JSON.stringify([[11_001, 11_001]]));
    expect((await call('searchModelVersions', { filter: "tags.k0 = 'v'" })) as { items: unknown[] }).toMatchObject({ items: { length: 111 } });
    await host.stop();
    host.releaseSync();
  }, 120_000);
});
