import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '@assay/store';
import { buildSampleDatasets, toJsonl } from '../../datasets/build-datasets.js';
import { createDataset } from '../../packages/evaluate/src/datasets/create-dataset.js';

const DATASETS_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'datasets');

/** The documented columns of each file (datasets/README.md) and a check of each row's values. */
const SAMPLES: Record<string, { columns: string[]; check: (row: Record<string, unknown>) => void }> = {
  'support-qa.jsonl': {
    columns: ['id', 'question', 'expected_answer', 'category'],
    check: (row) => {
      expect(row.question).toMatch(/\?$/u);
      expect(typeof row.expected_answer).toBe('string');
    },
  },
  'meeting-summaries.jsonl': {
    columns: ['id', 'document', 'reference_summary'],
    check: (row) => {
      expect(String(row.document).length).toBeGreaterThan(String(row.reference_summary).length);
    },
  },
  'rag-travel.jsonl': {
    columns: ['id', 'question', 'contexts', 'answer'],
    check: (row) => {
      expect(row.contexts).toHaveLength(3);
      for (const context of row.contexts as unknown[]) expect(typeof context).toBe('string');
    },
  },
};

async function readRows(fileName: string): Promise<{ text: string; rows: Record<string, unknown>[] }> {
  const text = await readFile(join(DATASETS_DIRECTORY, fileName), 'utf8');
  const lines = text.split('\n');
  expect(lines.pop(), `${fileName} ends with a newline`).toBe('');
  return { text, rows: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('sample datasets in datasets/', () => {
  let directory: string;
  let store: LocalStore;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assay-sample-datasets-'));
    store = await LocalStore.open({ root: directory });
  });
  afterAll(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  for (const [fileName, sample] of Object.entries(SAMPLES)) {
    it(`${fileName} has at least 100 distinct rows with the documented columns`, async () => {
      const { rows } = await readRows(fileName);
      expect(rows.length).toBeGreaterThanOrEqual(100);
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(sample.columns);
        for (const column of sample.columns) {
          if (column !== 'contexts') expect(String(row[column]).trim(), `${String(row.id)}.${column}`).not.toBe('');
        }
        sample.check(row);
      }
      expect(new Set(rows.map((row) => JSON.stringify(row))).size).toBe(rows.length);
      expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
      const withoutIds = rows.map(({ id: _id, ...rest }) => JSON.stringify(rest));
      expect(new Set(withoutIds).size).toBe(rows.length);
    });

    it(`${fileName} is what build-datasets.ts writes`, async () => {
      const { text } = await readRows(fileName);
      expect(text).toBe(toJsonl(buildSampleDatasets()[fileName]!));
    });

    it(`${fileName} imports through createDataset({ path })`, async () => {
      const { rows } = await readRows(fileName);
      const name = fileName.replace(/\.jsonl$/u, '');
      const dataset = await createDataset({ name, path: join(DATASETS_DIRECTORY, fileName), store });
      expect(dataset.info).toMatchObject({ name, version: 1, rowCount: rows.length, sourceType: 'jsonl' });
      expect(dataset.info.schema.map((column) => column.name)).toEqual(sample.columns);
      expect(await dataset.toArray()).toEqual(rows);
    });
  }
});
