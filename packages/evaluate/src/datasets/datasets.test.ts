import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, type Store } from '@assay/core';
import { expectAssayError } from '@assay/core/test';
import { getRun, setTrackingUri, withRun } from '@assay/sdk';
import { resetForTests } from '@assay/sdk/test';
import { DuckDbStore, LocalStore } from '@assay/store';
import { createDataset } from './create-dataset.js';
import { getDataset } from './get-dataset.js';
import { listDatasets } from './list-datasets.js';
import { logDatasetInput } from './log-dataset-input.js';

const ROWS = [
  { question: 'How do I reset my password?', expected_answer: 'Use "Forgot password" on the sign-in page.', tags: ['account'], score: 0.5 },
  { question: 'Can I export notes, e.g. to PDF?', expected_answer: 'Yes: File > Export.', tags: ['export', 'pdf'], score: 1 },
  { question: 'Is there a "dark mode"?\nAsking for a friend', expected_answer: 'Settings > Appearance.', tags: [], score: 0.25 },
];

function expectedDigest(rows: readonly unknown[]): string {
  return createHash('sha256')
    .update(rows.map((row) => `${canonicalJson(row)}\n`).join(''), 'utf8')
    .digest('hex');
}

describe('datasets in a local store', () => {
  let directory: string;
  let store: Store;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assay-datasets-'));
    store = await LocalStore.open({ root: join(directory, 'store') });
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('creates versions from rows, with a digest stable across key order', async () => {
    const first = await createDataset({ name: 'support', rows: ROWS, description: 'help center', tags: { team: 'docs' }, store });
    expect(first.info).toMatchObject({ name: 'support', version: 1, rowCount: 3, sourceType: 'inline', tags: { team: 'docs' } });
    expect(first.digest).toBe(expectedDigest(ROWS));
    const shuffledKeys = ROWS.map((row) => ({ score: row.score, tags: row.tags, expected_answer: row.expected_answer, question: row.question }));
    const same = await createDataset({ name: 'support', rows: shuffledKeys, store });
    expect(same.info).toEqual(first.info);
    const second = await createDataset({ name: 'support', rows: ROWS.slice(0, 2), store });
    expect(second.version).toBe(2);
    expect((await getDataset('support', { store })).version).toBe(2);
    expect((await getDataset('support', { version: 1, store })).info).toEqual(first.info);
    const listed = await listDatasets({ store });
    expect(listed.items.map((item) => [item.name, item.version, item.versionCount])).toEqual([['support', 2, 2]]);
  });

  it('pages rows, reads them all with toArray and for await', async () => {
    const rows = Array.from({ length: 10_050 }, (_, index) => ({ id: index, text: `row ${index}` }));
    const dataset = await createDataset({ name: 'big', rows, store });
    expect(await dataset.rows({ limit: 2, offset: 10_048 })).toEqual(rows.slice(10_048));
    expect(await dataset.rows({ limit: 3 })).toEqual(rows.slice(0, 3));
    expect(await dataset.toArray()).toEqual(rows);
    let count = 0;
    for await (const row of dataset) {
      expect(row.id).toBe(count);
      count += 1;
    }
    expect(count).toBe(rows.length);
  });

  it('imports JSONL, CSV and Parquet inside DuckDB, with the same digest for the same rows', async () => {
    const jsonl = join(directory, 'qa.jsonl');
    await writeFile(jsonl, `${ROWS.map((row) => JSON.stringify(row)).join('\n')}\n`);
    const fromJsonl = await createDataset({ name: 'from-jsonl', path: jsonl, store });
    expect(fromJsonl.info).toMatchObject({ version: 1, rowCount: 3, source: jsonl, sourceType: 'jsonl' });
    expect(fromJsonl.info.schema).toEqual([
      { name: 'question', type: 'VARCHAR' },
      { name: 'expected_answer', type: 'VARCHAR' },
      { name: 'tags', type: 'VARCHAR[]' },
      { name: 'score', type: 'DOUBLE' },
    ]);
    expect(await fromJsonl.toArray()).toEqual(ROWS);
    expect(fromJsonl.digest).toBe(expectedDigest(ROWS));

    const csv = join(directory, 'qa.csv');
    await writeFile(csv, 'question,expected_answer,n\n"Hello, world?","It\'s ""fine""",1\nBye?,See you,2\n');
    const fromCsv = await createDataset({ name: 'from-csv', path: csv, description: 'two rows', store });
    expect(fromCsv.info).toMatchObject({ rowCount: 2, sourceType: 'csv', description: 'two rows' });
    const csvRows = [
      { question: 'Hello, world?', expected_answer: 'It\'s "fine"', n: 1 },
      { question: 'Bye?', expected_answer: 'See you', n: 2 },
    ];
    expect(await fromCsv.toArray()).toEqual(csvRows);
    const inline = await createDataset({ name: 'inline-csv-rows', rows: csvRows, store });
    expect(inline.digest).toBe(fromCsv.digest);

    // A Parquet fixture made by DuckDB itself.
    const parquet = join(directory, 'qa.parquet');
    const maker = await DuckDbStore.open({ path: ':memory:' });
    await maker.exclusive((connection) =>
      connection.run(
        `COPY (SELECT range AS id, 'question ' || range AS question, [range, range + 1] AS pair FROM range(5)) TO $1 (FORMAT parquet)`,
        [parquet],
      ),
    );
    await maker.close();
    const fromParquet = await createDataset({ name: 'from-parquet', path: parquet, store });
    expect(fromParquet.info).toMatchObject({ rowCount: 5, sourceType: 'parquet' });
    expect(fromParquet.info.schema).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'question', type: 'VARCHAR' },
      { name: 'pair', type: 'BIGINT[]' },
    ]);
    expect(await fromParquet.rows({ limit: 2, offset: 3 })).toEqual([
      { id: 3, question: 'question 3', pair: [3, 4] },
      { id: 4, question: 'question 4', pair: [4, 5] },
    ]);

    // Importing the same file again adds no version.
    expect((await createDataset({ name: 'from-jsonl', path: jsonl, store })).info).toEqual(fromJsonl.info);
  });

  it('exports to JSONL byte for byte and to Parquet, and both import back to the same digest', async () => {
    const dataset = await createDataset({ name: 'round-trip', rows: ROWS, store });
    const jsonl = join(directory, 'out.jsonl');
    expect(await dataset.export({ path: jsonl })).toEqual({ path: jsonl, rowCount: 3 });
    expect(await readFile(jsonl, 'utf8')).toBe(ROWS.map((row) => `${JSON.stringify(row)}\n`).join(''));
    const parquet = join(directory, 'out.parquet');
    await dataset.export({ path: parquet });
    const back = await createDataset({ name: 'back', path: parquet, store });
    expect(back.digest).toBe(dataset.digest);
    expect(await back.toArray()).toEqual(ROWS);
    const fromJsonl = await createDataset({ name: 'back-jsonl', path: jsonl, store });
    expect(fromJsonl.digest).toBe(dataset.digest);
    const explicit = join(directory, 'rows.data');
    await dataset.export({ path: explicit, format: 'jsonl' });
    expect((await readFile(explicit, 'utf8')).split('\n')).toHaveLength(4);
  });

  it('rejects bad input with clear errors', async () => {
    await expectAssayError(() => createDataset({ name: 'x', store }), 'INVALID_PARAMETER_VALUE', 'either rows');
    await expectAssayError(() => createDataset({ name: 'x', rows: [{ a: 1 }], path: 'a.jsonl', store }), 'INVALID_PARAMETER_VALUE', 'not both');
    await expectAssayError(() => createDataset({ name: 'x', path: join(directory, 'missing.jsonl'), store }), 'INVALID_PARAMETER_VALUE', 'not found', 'missing.jsonl');
    const odd = join(directory, 'rows.xlsx');
    await writeFile(odd, 'x');
    await expectAssayError(() => createDataset({ name: 'x', path: odd, store }), 'INVALID_PARAMETER_VALUE', 'Cannot tell the format', '.jsonl');
    await expectAssayError(() => createDataset({ name: 'x', path: directory, format: 'csv', store }), 'INVALID_PARAMETER_VALUE', 'not a file');
    const broken = join(directory, 'broken.jsonl');
    await writeFile(broken, '{"a": 1}\n{"a": \n');
    await expectAssayError(() => createDataset({ name: 'x', path: broken, store }), 'INVALID_PARAMETER_VALUE', 'Could not read', 'as jsonl');
    const empty = join(directory, 'empty.csv');
    await writeFile(empty, 'a,b\n');
    await expectAssayError(() => createDataset({ name: 'x', path: empty, store }), 'INVALID_PARAMETER_VALUE', 'has no rows');
    const quoted = join(directory, "it's'; DROP TABLE runs; --.jsonl");
    await writeFile(quoted, '{"a": 1}\n');
    expect((await createDataset({ name: 'quoted', path: quoted, store })).info.rowCount).toBe(1);
    const dataset = await createDataset({ name: 'exported', rows: [{ a: 1 }], store });
    await expectAssayError(() => dataset.export({ path: join(directory, 'out.csv') }), 'INVALID_PARAMETER_VALUE', 'jsonl or parquet');
    await expectAssayError(() => dataset.export({ path: join(directory, 'no', 'such', 'out.jsonl') }), 'INVALID_PARAMETER_VALUE', 'does not exist');
    await expectAssayError(() => getDataset('exported', { version: 2, store }), 'RESOURCE_DOES_NOT_EXIST', 'no version 2');
    expect((await store.listDatasets()).items.map((item) => item.name)).toEqual(['exported', 'quoted']);
  });
});

describe('datasets through the SDK store and active run', () => {
  let directory: string;

  beforeEach(async () => {
    await resetForTests();
    directory = await mkdtemp(join(tmpdir(), 'assay-datasets-sdk-'));
    setTrackingUri(directory);
  });
  afterEach(async () => {
    await resetForTests();
    await rm(directory, { recursive: true, force: true });
  });

  it('logDatasetInput records the version on the active run, returned by getRun', async () => {
    const dataset = await createDataset({ name: 'eval-set', rows: ROWS });
    const runId = await withRun({ runName: 'evaluation' }, async (run) => {
      await logDatasetInput(dataset, { context: 'eval' });
      return run.id;
    });
    const run = await getRun(runId);
    expect(run.inputs?.datasetInputs).toEqual([
      {
        dataset: {
          name: 'eval-set',
          version: 1,
          digest: dataset.digest,
          sourceType: 'inline',
          source: 'inline',
          schema: dataset.info.schema,
          profile: { numRows: 3 },
        },
        tags: [{ key: 'mlflow.data.context', value: 'eval' }],
      },
    ]);
    const other = await withRun(async (started) => started.id);
    await logDatasetInput(await getDataset('eval-set'), { runId: other });
    expect((await getRun(other)).inputs?.datasetInputs[0]?.tags).toEqual([]);
    await expectAssayError(() => logDatasetInput(dataset), 'INVALID_PARAMETER_VALUE', 'No active run');
  });
});
