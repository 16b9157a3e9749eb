import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DATASET_CONTEXT_TAG } from '../../entities/dataset.js';
import { expectAssayError } from './expect-assay-error.js';
import { useFreshStore, type CreateStore } from './store-fixture.js';

const QA_ROWS = [
  { question: 'What is 2 + 2?', expected_answer: '4', difficulty: 1 },
  { question: 'Name a primary colour.', expected_answer: 'red', difficulty: 1 },
  { question: 'What is the boiling point of water at sea level?', expected_answer: '100 °C', difficulty: 2 },
];

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function describeDatasetsContract(createStore: CreateStore): void {
  describe('datasets', () => {
    const context = useFreshStore(createStore);

    it('createDatasetVersion stores version 1 with digest, row count, schema and source', async () => {
      const before = Date.now();
      const info = await context.store.createDatasetVersion({
        name: 'qa',
        rows: QA_ROWS,
        description: 'arithmetic and trivia',
        tags: { owner: 'ana' },
      });
      expect(info).toMatchObject({
        name: 'qa',
        version: 1,
        rowCount: 3,
        source: 'inline',
        sourceType: 'inline',
        description: 'arithmetic and trivia',
        tags: { owner: 'ana' },
      });
      expect(info.digest).toMatch(/^[0-9a-f]{64}$/u);
      expect(info.createdTime).toBeGreaterThanOrEqual(before);
      expect(info.schema).toEqual([
        { name: 'question', type: 'VARCHAR' },
        { name: 'expected_answer', type: 'VARCHAR' },
        { name: 'difficulty', type: 'BIGINT' },
      ]);
      expect(await context.store.getDataset({ name: 'qa' })).toEqual(info);
      expect(await context.store.getDataset({ name: 'qa', version: 1 })).toEqual(info);
    });

    it('the digest is SHA-256 over rows as canonical JSON lines, whatever the key order', async () => {
      const info = await context.store.createDatasetVersion({ name: 'canonical', rows: [{ b: [1, { z: true, a: null }], a: 'x' }] });
      expect(info.digest).toBe(sha256('{"a":"x","b":[1,{"a":null,"z":true}]}\n'));
      const reordered = await context.store.createDatasetVersion({ name: 'canonical-2', rows: [{ a: 'x', b: [1, { a: null, z: true }] }] });
      expect(reordered.digest).toBe(info.digest);
    });

    it('new content makes a new version; content equal to the latest returns the latest', async () => {
      const first = await context.store.createDatasetVersion({ name: 'versions', rows: [{ n: 1 }] });
      const again = await context.store.createDatasetVersion({ name: 'versions', rows: [{ n: 1 }] });
      expect(again).toEqual(first);
      const second = await context.store.createDatasetVersion({ name: 'versions', rows: [{ n: 1 }, { n: 2 }] });
      expect(second.version).toBe(2);
      expect(second.digest).not.toBe(first.digest);
      const third = await context.store.createDatasetVersion({ name: 'versions', rows: [{ n: 1 }] });
      expect(third.version).toBe(3);
      expect(third.digest).toBe(first.digest);
      expect((await context.store.getDataset({ name: 'versions' })).version).toBe(3);
      expect((await context.store.getDataset({ name: 'versions', version: 2 })).rowCount).toBe(2);
    });

    it('readDatasetRows pages through rows in their original order, keys as given', async () => {
      const rows = Array.from({ length: 25 }, (_, index) => ({ id: index, text: `row ${index}`, nested: { tags: [String(index)] } }));
      await context.store.createDatasetVersion({ name: 'paged', rows });
      expect(await context.store.readDatasetRows({ name: 'paged' })).toEqual(rows);
      expect(await context.store.readDatasetRows({ name: 'paged', version: 1, limit: 10, offset: 20 })).toEqual(rows.slice(20));
      expect(await context.store.readDatasetRows({ name: 'paged', limit: 3, offset: 5 })).toEqual(rows.slice(5, 8));
      expect(await context.store.readDatasetRows({ name: 'paged', offset: 25 })).toEqual([]);
      const [first] = await context.store.readDatasetRows({ name: 'paged', limit: 1 });
      expect(Object.keys(first!)).toEqual(['id', 'text', 'nested']);
    });

    it('listDatasets gives the latest version of each name with its version count, paged by name', async () => {
      await context.store.createDatasetVersion({ name: 'b-set', rows: [{ v: 1 }] });
      await context.store.createDatasetVersion({ name: 'b-set', rows: [{ v: 2 }] });
      await context.store.createDatasetVersion({ name: 'a-set', rows: [{ v: 1 }] });
      await context.store.createDatasetVersion({ name: 'c-set', rows: [{ v: 1 }] });
      const all = await context.store.listDatasets();
      expect(all.items.map((item) => [item.name, item.version, item.versionCount])).toEqual([
        ['a-set', 1, 1],
        ['b-set', 2, 2],
        ['c-set', 1, 1],
      ]);
      expect(all.nextPageToken).toBeUndefined();
      const first = await context.store.listDatasets({ maxResults: 2 });
      expect(first.items.map((item) => item.name)).toEqual(['a-set', 'b-set']);
      const second = await context.store.listDatasets({ maxResults: 2, pageToken: first.nextPageToken! });
      expect(second.items.map((item) => item.name)).toEqual(['c-set']);
      expect(second.nextPageToken).toBeUndefined();
    });

    it('unknown names and versions are NotFoundErrors that say how to see what exists', async () => {
      await expectAssayError(() => context.store.getDataset({ name: 'missing' }), 'RESOURCE_DOES_NOT_EXIST', "Dataset 'missing' not found", 'datasets list');
      await context.store.createDatasetVersion({ name: 'one', rows: [{ a: 1 }] });
      await expectAssayError(() => context.store.getDataset({ name: 'one', version: 4 }), 'RESOURCE_DOES_NOT_EXIST', 'no version 4', 'versions are 1 to 1');
      await expectAssayError(() => context.store.readDatasetRows({ name: 'one', version: 2 }), 'RESOURCE_DOES_NOT_EXIST', 'no version 2');
    });

    it('rejects bad names, rows, versions and pages with messages naming the problem', async () => {
      const { store } = context;
      await expectAssayError(() => store.createDatasetVersion({ name: '', rows: [{ a: 1 }] }), 'INVALID_PARAMETER_VALUE', 'non-empty');
      await expectAssayError(() => store.createDatasetVersion({ name: 'a/b', rows: [{ a: 1 }] }), 'INVALID_PARAMETER_VALUE', "'/'");
      await expectAssayError(() => store.createDatasetVersion({ name: 'x'.repeat(251), rows: [{ a: 1 }] }), 'INVALID_PARAMETER_VALUE', '250');
      await expectAssayError(() => store.createDatasetVersion({ name: 'rows', rows: [] }), 'INVALID_PARAMETER_VALUE', 'must not be empty');
      await expectAssayError(
        () => store.createDatasetVersion({ name: 'rows', rows: 'nope' as unknown as Record<string, unknown>[] }),
        'INVALID_PARAMETER_VALUE',
        'array of objects',
      );
      await expectAssayError(
        () => store.createDatasetVersion({ name: 'rows', rows: [{ a: 1 }, [1, 2] as unknown as Record<string, unknown>] }),
        'INVALID_PARAMETER_VALUE',
        'rows[1]',
        'plain object',
      );
      await expectAssayError(
        () => store.createDatasetVersion({ name: 'rows', rows: [{ a: { b: [1, Number.NaN] } }] }),
        'INVALID_PARAMETER_VALUE',
        'rows[0].a.b[1]',
        'NaN',
      );
      await expectAssayError(
        () => store.createDatasetVersion({ name: 'rows', rows: [{ when: new Date(0) }] }),
        'INVALID_PARAMETER_VALUE',
        'rows[0].when',
        'toISOString',
      );
      await expectAssayError(
        () => store.createDatasetVersion({ name: 'rows', rows: [{ a: 1 }], tags: { k: 1 as unknown as string } }),
        'INVALID_PARAMETER_VALUE',
        "tag 'k'",
      );
      await expectAssayError(() => store.getDataset({ name: 'rows', version: 0 }), 'INVALID_PARAMETER_VALUE', 'at least 1');
      await store.createDatasetVersion({ name: 'ok', rows: [{ a: 1 }] });
      await expectAssayError(() => store.readDatasetRows({ name: 'ok', limit: 0 }), 'INVALID_PARAMETER_VALUE', 'limit');
      await expectAssayError(() => store.readDatasetRows({ name: 'ok', offset: -1 }), 'INVALID_PARAMETER_VALUE', 'offset');
      expect((await store.listDatasets()).items.map((item) => item.name)).toEqual(['ok']);
    });

    it('logRunInputs records dataset versions that getRun and searchRuns return as MLflow-shaped inputs', async () => {
      const { store } = context;
      const first = await store.createDatasetVersion({ name: 'eval-set', rows: QA_ROWS });
      const second = await store.createDatasetVersion({ name: 'eval-set', rows: QA_ROWS.slice(0, 2) });
      const run = await store.createRun({ experimentId: '0', runName: 'with-inputs' });
      const other = await store.createRun({ experimentId: '0', runName: 'without-inputs' });
      expect(run.inputs).toBeUndefined();
      await store.logRunInputs({
        runId: run.info.runId,
        inputs: [
          { datasetName: 'eval-set', datasetVersion: 1, context: 'eval' },
          { datasetName: 'eval-set', datasetVersion: 2 },
        ],
      });
      await store.logRunInputs({ runId: run.info.runId, inputs: [{ datasetName: 'eval-set', datasetVersion: 1, context: 'eval' }] });
      const stored = await store.getRun({ runId: run.info.runId });
      expect(stored.inputs).toEqual({
        datasetInputs: [
          {
            dataset: {
              name: 'eval-set',
              version: 1,
              digest: first.digest,
              sourceType: 'inline',
              source: 'inline',
              schema: first.schema,
              profile: { numRows: 3 },
            },
            tags: [{ key: DATASET_CONTEXT_TAG, value: 'eval' }],
          },
          {
            dataset: {
              name: 'eval-set',
              version: 2,
              digest: second.digest,
              sourceType: 'inline',
              source: 'inline',
              schema: second.schema,
              profile: { numRows: 2 },
            },
            tags: [],
          },
        ],
      });
      expect((await store.getRun({ runId: other.info.runId })).inputs).toBeUndefined();
      const found = await store.searchRuns({ experimentIds: ['0'], filter: "datasets.name = 'eval-set'" });
      expect(found.runs.map((item) => item.info.runId)).toEqual([run.info.runId]);
      expect(found.runs[0]!.inputs?.datasetInputs).toHaveLength(2);
      const byContext = await store.searchRuns({ experimentIds: ['0'], filter: "datasets.context = 'eval'" });
      expect(byContext.runs.map((item) => item.info.runId)).toEqual([run.info.runId]);
    });

    it('logRunInputs rejects unknown runs and dataset versions, writing nothing', async () => {
      const { store } = context;
      await store.createDatasetVersion({ name: 'known', rows: [{ a: 1 }] });
      const run = await store.createRun({ experimentId: '0' });
      await expectAssayError(
        () => store.logRunInputs({ runId: 'f'.repeat(32), inputs: [{ datasetName: 'known', datasetVersion: 1 }] }),
        'RESOURCE_DOES_NOT_EXIST',
        'not found',
      );
      await expectAssayError(
        () =>
          store.logRunInputs({
            runId: run.info.runId,
            inputs: [
              { datasetName: 'known', datasetVersion: 1 },
              { datasetName: 'known', datasetVersion: 9 },
            ],
          }),
        'RESOURCE_DOES_NOT_EXIST',
        'no version 9',
      );
      await expectAssayError(
        () => store.logRunInputs({ runId: run.info.runId, inputs: [{ datasetName: 'known', datasetVersion: 1, context: '' }] }),
        'INVALID_PARAMETER_VALUE',
        'context',
      );
      expect((await store.getRun({ runId: run.info.runId })).inputs).toBeUndefined();
    });
  });
}
