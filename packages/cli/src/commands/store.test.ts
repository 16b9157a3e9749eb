import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LATEST_SCHEMA_VERSION, LocalStore } from '@assay/store';
import { corruptBlockOf, truncateFile } from '../../../store/src/__fixtures__/damage-database.js';
import { createTemporaryStoreDirectory, runCli } from '../__fixtures__/run-cli.js';

interface CheckReport {
  status: string;
  problems: string[];
  tables: { name: string; rows?: number; error?: string }[];
  spool: { segments: number; operations: number; unreadable: number };
}

interface RecoveryReport {
  status: string;
  readFrom?: string;
  tables: { name: string; rows?: number; recovered: number }[];
  spool: { segments: number; rejected: number };
}

async function populate(root: string, runs: number, points: number): Promise<void> {
  const store = await LocalStore.open({ root });
  for (let index = 0; index < runs; index += 1) {
    const run = await store.createRun({ experimentId: '0', runName: `run-${index}` });
    await store.logBatch({ runId: run.info.runId, metrics: Array.from({ length: points }, (_, step) => ({ key: 'loss', value: Math.cos(step * index), timestamp: step, step })) });
  }
  await store.close();
}

describe('assay store', () => {
  let directory: { path: string; remove: () => Promise<void> };
  beforeEach(async () => {
    directory = await createTemporaryStoreDirectory();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await directory.remove();
  });

  it('check: a healthy store exits 0 with its tables and spool backlog', async () => {
    await populate(directory.path, 3, 10);
    const result = await runCli(directory.path, ['store', 'check']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toContain(`Store ${join(directory.path, 'assay.duckdb')}: healthy`);
    expect(result.stdout).toMatch(new RegExp(`│ Schema version\\s+│ ${LATEST_SCHEMA_VERSION} \\(this Assay writes ${LATEST_SCHEMA_VERSION}\\)`, 'u'));
    expect(result.stdout).toMatch(/│ metrics\s+│\s+30 │ yes/u);
    expect(result.stdout).toContain('0 segment(s), 0 write(s) waiting; 0 unreadable');

    const json = await runCli(directory.path, ['store', 'check', '--json']);
    const report = JSON.parse(json.stdout) as CheckReport;
    expect(report).toMatchObject({ status: 'healthy', problems: [] });
    expect(report.tables.find((table) => table.name === 'runs')).toEqual({ name: 'runs', rows: 3 });
  });

  it('check: no store exits 1 and says so', async () => {
    const result = await runCli(join(directory.path, 'nothing-here'), ['store', 'check']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('There is no database file at');
  });

  it('a file that is not a database: other commands diagnose it (no "bug"), check exits 1, recover rebuilds the store', async () => {
    await writeFile(join(directory.path, 'assay.duckdb'), 'hello\n');
    const listed = await runCli(directory.path, ['runs', 'list']);
    expect(listed.exitCode).toBe(1);
    expect(listed.stderr).toContain('cannot be used: it is not a DuckDB database file');
    expect(listed.stderr).toContain('store recover');
    expect(listed.stderr).not.toContain('bug in Assay');

    const checked = await runCli(directory.path, ['store', 'check']);
    expect(checked.exitCode).toBe(1);
    expect(checked.stdout).toContain(': damaged');
    expect(checked.stdout).toContain('DuckDB cannot open the file: it is not a DuckDB database file');
    expect(checked.stderr).toContain(`error: The store is damaged (1 problem(s) above). \`assay --tracking-uri ${directory.path} store recover\``);

    const recovered = await runCli(directory.path, ['store', 'recover']);
    expect(recovered).toMatchObject({ exitCode: 0, stderr: '' });
    expect(recovered.stdout).toContain(`Recovered the store at ${join(directory.path, 'assay.duckdb')}.`);
    expect(recovered.stdout).toContain('Rows were read from nothing: DuckDB could not read the damaged file at all');
    expect(recovered.stdout).toContain('Lost: everything the damaged file held (6 bytes)');
    const [kept] = (await readdir(directory.path)).filter((name) => name.startsWith('assay.duckdb.damaged-'));
    expect(recovered.stdout).toContain(`The damaged file is kept as ${join(directory.path, kept!)}.`);

    expect((await runCli(directory.path, ['store', 'check'])).exitCode).toBe(0);
    expect((await runCli(directory.path, ['store', 'recover'])).stdout).toContain('is healthy; nothing to recover.');
  });

  it('a truncated store is diagnosed as such by every command', async () => {
    await populate(directory.path, 2, 5000);
    await truncateFile(join(directory.path, 'assay.duckdb'), 0.5);
    const result = await runCli(directory.path, ['experiments', 'list']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('it is shorter than its own contents say (truncated');
    expect(result.stderr).not.toContain('bug in Assay');
    expect((await runCli(directory.path, ['store', 'check'])).exitCode).toBe(1);
  });

  it('recover: a corrupt block costs only its rows, and the report says how many', async () => {
    await populate(directory.path, 20, 10_000);
    const rows = await corruptBlockOf({ path: join(directory.path, 'assay.duckdb'), table: 'metrics' });
    const checked = JSON.parse((await runCli(directory.path, ['store', 'check', '--json'])).stdout) as CheckReport;
    expect(checked.status).toBe('damaged');
    expect(checked.tables.filter((table) => table.error !== undefined).map((table) => table.name)).toEqual(['metrics']);

    const result = await runCli(directory.path, ['store', 'recover', '--json']);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as RecoveryReport;
    const metrics = report.tables.find((table) => table.name === 'metrics')!;
    expect(report).toMatchObject({ status: 'recovered', readFrom: 'file' });
    expect(metrics.rows).toBe(rows);
    expect(metrics.recovered).toBeLessThan(rows);
    expect(metrics.recovered).toBeGreaterThan(0);
    expect(report.tables.find((table) => table.name === 'runs')).toMatchObject({ rows: 20, recovered: 20 });
    const text = await runCli(directory.path, ['store', 'check']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`│ metrics\\s+│\\s+${metrics.recovered} │ yes`, 'u'));
  });

  it('refuses a server URL', async () => {
    const result = await runCli('http://127.0.0.1:9', ['store', 'check']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('`assay store` works on a local store directory; http://127.0.0.1:9 is a server.');
  });
});
