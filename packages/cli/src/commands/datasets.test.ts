import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInfo, DatasetSummary } from '@assay/core';
import { LocalStore } from '@assay/store';
import { createTemporaryStoreDirectory, runCli, runCliJson } from '../__fixtures__/run-cli.js';

const ROWS = [
  { question: 'How do I pin a note?', expected_answer: 'Right-click the note and choose Pin.', category: 'notes' },
  { question: 'Evil \u001b[2J question?', expected_answer: 'Line one\nline two', category: 'security' },
  { question: 'Can I share a notebook?', expected_answer: 'Yes, from the Share menu.', category: 'sharing' },
];

describe('assay datasets', () => {
  let directory: { path: string; remove: () => Promise<void> };
  let store: string;
  let jsonl: string;

  beforeAll(async () => {
    directory = await createTemporaryStoreDirectory();
    store = join(directory.path, 'store');
    jsonl = join(directory.path, 'support.jsonl');
    await writeFile(jsonl, ROWS.map((row) => `${JSON.stringify(row)}\n`).join(''));
  });

  afterAll(async () => {
    await directory.remove();
  });

  it('imports a file, then reports an unchanged re-import and a new version', async () => {
    const first = await runCli(store, ['datasets', 'import', jsonl, '--name', 'support', '--description', 'help center', '--tag', 'owner=ana']);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/^Imported 3 rows as 'support' version 1 \(digest [0-9a-f]{12}\)\.\n$/u);
    const again = await runCli(store, ['datasets', 'import', jsonl, '--name', 'support']);
    expect(again.stdout).toMatch(/^Unchanged: the rows are the same as 'support' version 1/u);
    const csv = join(directory.path, 'more.csv');
    await writeFile(csv, 'question,expected_answer,category\nWhat is a tag?,A label on a note.,notes\n');
    const second = await runCliJson<DatasetInfo>(store, ['datasets', 'import', csv, '--name', 'support']);
    expect(second).toMatchObject({ name: 'support', version: 2, rowCount: 1, sourceType: 'csv', source: csv });
  });

  it('lists datasets as a table and as JSON', async () => {
    const table = await runCli(store, ['datasets', 'list']);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toContain('Name');
    expect(table.stdout).toMatch(/support\s*│?\s*2\s*│?\s*2\s*│?\s*1/u);
    const json = await runCliJson<{ datasets: DatasetSummary[] }>(store, ['datasets', 'list']);
    expect(json.datasets.map((dataset) => [dataset.name, dataset.version, dataset.versionCount])).toEqual([['support', 2, 2]]);
  });

  it('shows info, columns and rows with untrusted text escaped', async () => {
    const shown = await runCli(store, ['datasets', 'show', 'support', '--dataset-version', '1', '--limit', '2']);
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toContain("Dataset 'support' version 1");
    expect(shown.stdout).toContain('help center');
    expect(shown.stdout).toContain('owner');
    expect(shown.stdout).toContain('expected_answer');
    expect(shown.stdout).toContain('How do I pin a note?');
    expect(shown.stdout).toContain('Evil \\x1b[2J question?');
    expect(shown.stdout).toContain('Line one⏎line two');
    expect(shown.stdout).not.toContain('\u001b');
    expect(shown.stdout).toContain('(rows 1-2 of 3)');
    expect(shown.stderr).toContain('--offset 2');
    const json = await runCliJson<{ dataset: DatasetInfo; rows: unknown[] }>(store, ['datasets', 'show', 'support', '--dataset-version', '1', '--offset', '1']);
    expect(json.dataset.version).toBe(1);
    expect(json.rows).toEqual(ROWS.slice(1));
  });

  it('exports a version to JSONL and Parquet', async () => {
    const out = join(directory.path, 'export.jsonl');
    const exported = await runCli(store, ['datasets', 'export', 'support', '--dataset-version', '1', '--out', out]);
    expect(exported.exitCode).toBe(0);
    expect(exported.stdout).toContain(`Wrote 3 rows of 'support' version 1 to ${out}.`);
    const lines = (await readFile(out, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(ROWS);
    const parquet = join(directory.path, 'export.parquet');
    const json = await runCliJson<{ path: string; rowCount: number }>(store, ['datasets', 'export', 'support', '--out', parquet]);
    expect(json).toMatchObject({ path: parquet, rowCount: 1 });
    const back = await runCliJson<DatasetInfo>(store, ['datasets', 'import', parquet, '--name', 'support-copy']);
    expect(back.rowCount).toBe(1);
  });

  it('runs get lists the dataset versions a run used', async () => {
    const local = await LocalStore.open({ root: store });
    let runId: string;
    try {
      const run = await local.createRun({ experimentId: '0', runName: 'eval-run' });
      runId = run.info.runId;
      await local.logRunInputs({ runId, inputs: [{ datasetName: 'support', datasetVersion: 1, context: 'eval' }] });
    } finally {
      await local.close();
    }
    const shown = await runCli(store, ['runs', 'get', runId]);
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toContain('Datasets (1)');
    expect(shown.stdout).toMatch(/support\s*│\s*1\s*│\s*3\s*│\s*[0-9a-f]{12}\s*│\s*eval/u);
  });

  it('fails with clear messages for unknown datasets, missing files and bad options', async () => {
    const unknown = await runCli(store, ['datasets', 'show', 'nope']);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain("Dataset 'nope' not found");
    const version = await runCli(store, ['datasets', 'show', 'support', '--dataset-version', '9']);
    expect(version.exitCode).toBe(1);
    expect(version.stderr).toContain('no version 9; its versions are 1 to 2');
    const missing = await runCli(store, ['datasets', 'import', join(directory.path, 'missing.jsonl'), '--name', 'x']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('Dataset file not found');
    const noName = await runCli(store, ['datasets', 'import', jsonl]);
    expect(noName.exitCode).toBe(2);
    expect(noName.stderr).toContain('--name');
    const badFormat = await runCli(store, ['datasets', 'export', 'support', '--out', 'x.csv', '--format', 'csv']);
    expect(badFormat.exitCode).toBe(2);
  });
});
