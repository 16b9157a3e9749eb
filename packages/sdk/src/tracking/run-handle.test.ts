import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, InvalidParameterError, NotFoundError } from '@assay/core';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { getMetricHistory, getRun, startRun } from '../index.js';

useTempTrackingUri();

describe('params', () => {
  it('are stringified, immutable, and a changed value is a synchronous ConflictError', async () => {
    const run = await startRun();
    run.logParam('lr', 0.01).logParam('model', 'gpt-4o').logParam('stream', true);
    run.logParam('lr', 0.01); // same value: a no-op
    expect(() => run.logParam('lr', 0.02)).toThrow(ConflictError);
    expect(() => run.logParam('lr', 0.02)).toThrow(/key='lr'.*'0\.01'.*'0\.02'/);
    // All or nothing: 'epochs' is not logged because 'model' conflicts.
    expect(() => run.logParams({ epochs: 3, model: 'claude' })).toThrow(ConflictError);
    run.logParams({ batch: 32 });
    await run.end();
    expect((await getRun(run.id)).data.params).toEqual({ lr: '0.01', model: 'gpt-4o', stream: 'true', batch: '32' });
  });
});

describe('validation', () => {
  it('throws InvalidParameterError synchronously, naming the key', async () => {
    const run = await startRun();
    const cases: [() => unknown, RegExp][] = [
      [() => run.logMetric('bad key!', 1), /bad key!/],
      [() => run.logMetric('../escape', 1), /\.\.\/escape/],
      [() => run.logMetric('acc', '0.9' as unknown as number), /acc/],
      [() => run.logMetric('acc', 1, { step: 1.5 }), /acc/],
      [() => run.logMetric('acc', 1, { timestamp: -1 }), /acc/],
      [() => run.logParam('p?', 'x'), /p\?/],
      [() => run.logParam('p', { nested: true } as unknown as string), /'p'/],
      [() => run.logParam('long', 'x'.repeat(6001)), /long/],
      [() => run.setTag('', 'x'), /Tag key/],
      [() => run.setTag('t', undefined as unknown as string), /'t'/],
      [() => run.logMetrics({ fine: 1, 'not fine?': 2 }), /not fine\?/],
      [() => run.logMetrics({ fine: 1 }, { step: Number.NaN }), /step/],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(InvalidParameterError);
      expect(call).toThrow(message);
    }
    await run.end();
    expect(await getMetricHistory(run.id, 'fine')).toEqual([]); // the failed logMetrics logged nothing
  });
});

describe('metrics', () => {
  it('keeps the history by step, NaN and ±Infinity included, with the latest value on the run', async () => {
    const run = await startRun();
    run.logMetric('loss', 0.9, { step: 2, timestamp: 1000 });
    run.logMetric('loss', 1.5, { step: 0, timestamp: 1000 });
    run.logMetric('loss', 1.1, { step: 1, timestamp: 1000 });
    run.logMetric('odd', Number.NaN).logMetric('odd', Number.POSITIVE_INFINITY, { step: 1 });
    run.logMetric('odd', Number.NEGATIVE_INFINITY, { step: 2 });
    const before = Date.now();
    run.logMetric('default', 3);
    await run.end();

    expect(await getMetricHistory(run.id, 'loss')).toEqual([
      { key: 'loss', value: 1.5, timestamp: 1000, step: 0 },
      { key: 'loss', value: 1.1, timestamp: 1000, step: 1 },
      { key: 'loss', value: 0.9, timestamp: 1000, step: 2 },
    ]);
    const odd = (await getMetricHistory(run.id, 'odd')).map((point) => point.value);
    expect(Number.isNaN(odd[0])).toBe(true);
    expect(odd.slice(1)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    const [point] = await getMetricHistory(run.id, 'default');
    expect(point?.step).toBe(0);
    expect(point?.timestamp).toBeGreaterThanOrEqual(before);
    const stored = await getRun(run.id);
    expect(stored.data.metrics.loss).toBe(0.9);
    expect(stored.data.metrics.odd).toBe(Number.NEGATIVE_INFINITY);
  });

  it('buffers logMetrics across background flushes and has everything readable after end()', async () => {
    const run = await startRun();
    const steps = 12_000; // two keys per call: the 10,000-entry threshold is crossed several times
    for (let step = 0; step < steps; step += 1) {
      run.logMetrics({ loss: 1 / (step + 1), acc: step / steps }, { step, timestamp: 5000 + step });
      if (step % 3000 === 0) await new Promise((resolve) => setImmediate(resolve)); // let background flushes run
    }
    run.setTags({ phase: 'done', attempt: 2 });
    await run.end();
    const loss = await getMetricHistory(run.id, 'loss');
    expect(loss).toHaveLength(steps);
    expect(loss.map((point) => point.step)).toEqual(Array.from({ length: steps }, (_, step) => step));
    expect((await getMetricHistory(run.id, 'acc')).at(-1)).toEqual({ key: 'acc', value: (steps - 1) / steps, timestamp: 5000 + steps - 1, step: steps - 1 });
    const stored = await getRun(run.id);
    expect(stored.info.status).toBe('FINISHED');
    expect(stored.info.endTime).toBeGreaterThanOrEqual(stored.info.startTime);
    expect(stored.data.tags).toMatchObject({ phase: 'done', attempt: '2' });
  });

  it('reads see buffered writes without an explicit flush', async () => {
    const run = await startRun();
    run.logMetric('seen', 1).setTag('visible', 'yes');
    expect((await getRun(run.id)).data).toMatchObject({ metrics: { seen: 1 }, tags: { visible: 'yes' } });
    await run.end();
  });
});

describe('end', () => {
  it('is idempotent, sets the status and rejects a non-terminal status', async () => {
    const run = await startRun();
    await expect(run.end({ status: 'RUNNING' as 'FINISHED' })).rejects.toThrow(InvalidParameterError);
    expect(run.ended).toBe(false);
    const first = run.end({ status: 'KILLED' });
    expect(run.end()).toBe(first);
    await first;
    expect((await getRun(run.id)).info.status).toBe('KILLED');
  });
});

describe('artifacts', () => {
  let local: string;
  beforeEach(async () => {
    local = await mkdtemp(join(tmpdir(), 'assay-sdk-local-'));
  });
  afterEach(async () => {
    await rm(local, { recursive: true, force: true });
  });

  it('round-trips files, trees, text and JSON', async () => {
    const run = await startRun();
    await writeFile(join(local, 'model.txt'), 'weights');
    await mkdir(join(local, 'tree', 'nested'), { recursive: true });
    await writeFile(join(local, 'tree', 'a.txt'), 'A');
    await writeFile(join(local, 'tree', 'nested', 'b.txt'), 'B');

    await run.logArtifact(join(local, 'model.txt'));
    await run.logArtifact(join(local, 'model.txt'), 'models/v1');
    await run.logArtifacts(join(local, 'tree'), 'data');
    await run.logText('hello\n', 'notes/hello.txt');
    await run.logJson({ temperature: 0.2, stop: ['\n'] }, 'config.json');

    expect(await run.listArtifacts()).toEqual([
      { path: 'config.json', isDir: false, fileSize: expect.any(Number) as number },
      { path: 'data', isDir: true },
      { path: 'model.txt', isDir: false, fileSize: 7 },
      { path: 'models', isDir: true },
      { path: 'notes', isDir: true },
    ]);
    expect((await run.listArtifacts('data')).map((file) => file.path)).toEqual(['data/a.txt', 'data/nested']);
    expect((await run.listArtifacts('models/v1')).map((file) => file.path)).toEqual(['models/v1/model.txt']);

    const destination = join(local, 'download');
    const file = await run.downloadArtifact('config.json', destination);
    expect(file).toBe(join(destination, 'config.json'));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ temperature: 0.2, stop: ['\n'] });
    expect(await readFile(file, 'utf8')).toContain('\n  "temperature": 0.2');
    const folder = await run.downloadArtifact('data', destination);
    expect(folder).toBe(join(destination, 'data'));
    expect(await readFile(join(folder, 'a.txt'), 'utf8')).toBe('A');
    expect(await readFile(join(folder, 'nested', 'b.txt'), 'utf8')).toBe('B');
    expect(await readFile(await run.downloadArtifact('notes/hello.txt', destination), 'utf8')).toBe('hello\n');
    const everything = await run.downloadArtifact('', join(local, 'all'));
    expect(await readFile(join(everything, 'models', 'v1', 'model.txt'), 'utf8')).toBe('weights');
    await run.end();
  });

  it('rejects traversal, missing local files and missing artifacts', async () => {
    const run = await startRun();
    await writeFile(join(local, 'x.txt'), 'x');
    await expect(run.logText('x', '../escape.txt')).rejects.toThrow(InvalidParameterError);
    await expect(run.logJson({}, '/etc/passwd')).rejects.toThrow(InvalidParameterError);
    await expect(run.logArtifact(join(local, 'x.txt'), '../../up')).rejects.toThrow(InvalidParameterError);
    await expect(run.logArtifacts(local, 'a/../../b')).rejects.toThrow(InvalidParameterError);
    await expect(run.downloadArtifact('../../secrets', local)).rejects.toThrow(InvalidParameterError);
    await expect(run.listArtifacts('..')).rejects.toThrow(InvalidParameterError);
    await expect(run.logArtifact(join(local, 'missing.txt'))).rejects.toThrow(/missing\.txt/);
    await expect(run.logArtifact(join(local, 'missing.txt'))).rejects.toThrow(InvalidParameterError);
    await expect(run.logArtifact(local)).rejects.toThrow(/logArtifacts/);
    await expect(run.logArtifacts(join(local, 'x.txt'))).rejects.toThrow(/logArtifact/);
    await expect(run.downloadArtifact('nothing/here.txt', local)).rejects.toThrow(NotFoundError);
    await run.end();
  });
});
