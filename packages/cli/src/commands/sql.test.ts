import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlResult } from '@assay/core';
import { createTemporaryStoreDirectory, runCli, runCliJson } from '../__fixtures__/run-cli.js';

describe('assay sql', () => {
  let directory: { path: string; remove: () => Promise<void> };

  beforeAll(async () => {
    directory = await createTemporaryStoreDirectory();
    await runCli(directory.path, ['experiments', 'create', 'sql-test']);
  });

  afterAll(async () => {
    await directory.remove();
  });

  it('prints a table with column headers and a row count', async () => {
    const result = await runCli(directory.path, ['sql', 'SELECT name, experiment_id::INTEGER AS id, NULL AS nothing FROM experiments ORDER BY id']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toMatch(/│ name\s+│ id │ nothing │/);
    expect(result.stdout).toMatch(/│ Default\s+│\s+0 │\s+NULL\s+│/);
    expect(result.stdout).toMatch(/│ sql-test\s+│\s+1 │\s+NULL\s+│/);
    expect(result.stdout).toMatch(/\(2 rows\)\n$/);
  });

  it('prints JSON with columns and rows', async () => {
    const result = await runCliJson<SqlResult>(directory.path, ['sql', "SELECT 1 + 1 AS two, 'x' AS letter"]);
    expect(result.columns.map((column) => column.name)).toEqual(['two', 'letter']);
    expect(result.rows).toEqual([[2, 'x']]);
  });

  it('rejects writes with the store message and exit code 1', async () => {
    const result = await runCli(directory.path, ['sql', "DELETE FROM experiments WHERE name = 'sql-test'"]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: Only read-only queries .* DELETE statement\.\n/);
    expect(result.stderr).toContain('Run "assay sql --help" for usage.');

    const still = await runCliJson<SqlResult>(directory.path, ['sql', "SELECT count(*) AS n FROM experiments WHERE name = 'sql-test'"]);
    expect(still.rows).toEqual([[1]]);
  });

  it('reports SQL errors and a missing query', async () => {
    const broken = await runCli(directory.path, ['sql', 'SELEC 1']);
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toMatch(/^error: SQL error: /);

    const missing = await runCli(directory.path, ['sql']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("error: missing required argument 'query'");
  });
});
