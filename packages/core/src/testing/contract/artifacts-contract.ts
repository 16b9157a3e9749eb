import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FileInfo } from '../../entities/artifact.js';
import type { Store } from '../../store/store.js';
import { expectAssayError } from './expect-assay-error.js';
import { useFreshStore, useSharedStore, type CreateStore } from './store-fixture.js';

const encoder = new TextEncoder();

async function createTestRun(store: Store, runName = 'artifacts'): Promise<string> {
  const run = await store.createRun({ experimentId: '0', runName });
  return run.info.runId;
}

function byPath(files: readonly FileInfo[]): FileInfo[] {
  return [...files]
    .map(({ path, isDir, fileSize }) => (isDir ? { path, isDir } : { path, isDir, fileSize }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function describeArtifactsContract(createStore: CreateStore): void {
  describe('artifacts', () => {
    const context = useFreshStore(createStore);

    it('putArtifact then getArtifact round-trips every byte value', async () => {
      const runId = await createTestRun(context.store);
      const data = Uint8Array.from({ length: 512 }, (_, index) => index % 256);
      await context.store.putArtifact({ runId, path: 'bytes.bin', data });
      const read = await context.store.getArtifact({ runId, path: 'bytes.bin' });
      expect(read).toBeInstanceOf(Uint8Array);
      expect(Array.from(read)).toEqual(Array.from(data));
    });

    it('round-trips an empty file', async () => {
      const runId = await createTestRun(context.store);
      await context.store.putArtifact({ runId, path: 'empty.txt', data: new Uint8Array(0) });
      expect((await context.store.getArtifact({ runId, path: 'empty.txt' })).byteLength).toBe(0);
      expect(byPath(await context.store.listArtifacts({ runId }))).toEqual([{ path: 'empty.txt', isDir: false, fileSize: 0 }]);
    });

    it('putArtifact creates nested folders', async () => {
      const runId = await createTestRun(context.store);
      await context.store.putArtifact({ runId, path: 'plots/2024/loss.txt', data: encoder.encode('loss curve') });
      expect(new TextDecoder().decode(await context.store.getArtifact({ runId, path: 'plots/2024/loss.txt' }))).toBe('loss curve');
    });

    it('putArtifact overwrites an existing file', async () => {
      const runId = await createTestRun(context.store);
      await context.store.putArtifact({ runId, path: 'notes.txt', data: encoder.encode('first version, longer') });
      await context.store.putArtifact({ runId, path: 'notes.txt', data: encoder.encode('second') });
      expect(new TextDecoder().decode(await context.store.getArtifact({ runId, path: 'notes.txt' }))).toBe('second');
    });

    it('listArtifacts lists the root with folders and file sizes', async () => {
      const runId = await createTestRun(context.store);
      await context.store.putArtifact({ runId, path: 'model/MLmodel', data: encoder.encode('0123456789') });
      await context.store.putArtifact({ runId, path: 'model/data/weights.bin', data: new Uint8Array(3) });
      await context.store.putArtifact({ runId, path: 'notes.txt', data: encoder.encode('hello') });
      expect(byPath(await context.store.listArtifacts({ runId }))).toEqual([
        { path: 'model', isDir: true },
        { path: 'notes.txt', isDir: false, fileSize: 5 },
      ]);
    });

    it('listArtifacts of a folder lists its direct children with paths from the root', async () => {
      const runId = await createTestRun(context.store);
      await context.store.putArtifact({ runId, path: 'model/MLmodel', data: encoder.encode('0123456789') });
      await context.store.putArtifact({ runId, path: 'model/data/weights.bin', data: new Uint8Array(3) });
      await context.store.putArtifact({ runId, path: 'notes.txt', data: encoder.encode('hello') });
      expect(byPath(await context.store.listArtifacts({ runId, path: 'model' }))).toEqual([
        { path: 'model/MLmodel', isDir: false, fileSize: 10 },
        { path: 'model/data', isDir: true },
      ]);
      expect(byPath(await context.store.listArtifacts({ runId, path: 'model/data' }))).toEqual([
        { path: 'model/data/weights.bin', isDir: false, fileSize: 3 },
      ]);
    });

    it('listArtifacts of a run without artifacts is empty', async () => {
      const runId = await createTestRun(context.store);
      expect(await context.store.listArtifacts({ runId })).toEqual([]);
    });

    it("runs do not see each other's artifacts", async () => {
      const first = await createTestRun(context.store, 'first');
      const second = await createTestRun(context.store, 'second');
      await context.store.putArtifact({ runId: first, path: 'only-first.txt', data: encoder.encode('1') });
      expect(await context.store.listArtifacts({ runId: second })).toEqual([]);
      await expectAssayError(() => context.store.getArtifact({ runId: second, path: 'only-first.txt' }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('getArtifact of a missing file throws NotFoundError', async () => {
      const runId = await createTestRun(context.store);
      await context.store.putArtifact({ runId, path: 'present.txt', data: encoder.encode('x') });
      await expectAssayError(() => context.store.getArtifact({ runId, path: 'absent.txt' }), 'RESOURCE_DOES_NOT_EXIST');
      await expectAssayError(() => context.store.getArtifact({ runId, path: 'missing/dir/file.txt' }), 'RESOURCE_DOES_NOT_EXIST');
    });
  });

  describe('artifact path traversal', () => {
    // Every call here is rejected, so one store and one run serve all tests.
    const context = useSharedStore(createStore);
    let runId: string;

    beforeAll(async () => {
      runId = await createTestRun(context.store);
    });

    // Reads may aim at real system files; writes only ever aim at harmless places.
    const paths = ['../x', '/etc/passwd', 'a/../../b', '..', 'a/../../../etc/passwd'];
    const escapeTarget = join(tmpdir(), 'assay-contract-escape.txt');
    const writePaths = ['../x', 'a/../../b', '..', escapeTarget];

    it.each(writePaths)('putArtifact rejects %j with InvalidParameterError', async (path) => {
      rmSync(escapeTarget, { force: true });
      await expectAssayError(() => context.store.putArtifact({ runId, path, data: encoder.encode('evil') }), 'INVALID_PARAMETER_VALUE');
      expect(await context.store.listArtifacts({ runId })).toEqual([]);
      expect(existsSync(escapeTarget)).toBe(false);
    });

    it.each(paths)('getArtifact rejects %j with InvalidParameterError', async (path) => {
      await expectAssayError(() => context.store.getArtifact({ runId, path }), 'INVALID_PARAMETER_VALUE');
    });

    it.each(paths)('listArtifacts rejects %j with InvalidParameterError', async (path) => {
      await expectAssayError(() => context.store.listArtifacts({ runId, path }), 'INVALID_PARAMETER_VALUE');
    });
  });
}
