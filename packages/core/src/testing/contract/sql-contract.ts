import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../store/store.js';
import { expectAssayError } from './expect-assay-error.js';
import { useFreshStore, useSharedStore, type CreateStore } from './store-fixture.js';

/** The tables `sql` exposes, named as in MLflow's schema. */
const TABLES = ['experiments', 'runs', 'params', 'tags', 'metrics', 'latest_metrics', 'experiment_tags'] as const;

async function count(store: Store, table: string): Promise<unknown> {
  const result = await store.sql({ query: `select count(*) as n from ${table}` });
  return result.rows[0]?.[0];
}

/** Two experiments besides Default, one run with two params, one metric and one tag. */
async function seed(store: Store): Promise<string> {
  const experimentId = await store.createExperiment({ name: 'sql', tags: { team: 'ml' } });
  await store.createExperiment({ name: 'sql-2' });
  const run = await store.createRun({ experimentId, runName: 'queried' });
  await store.logBatch({
    runId: run.info.runId,
    params: [
      { key: 'model', value: 'gpt-4o' },
      { key: 'lr', value: '0.1' },
    ],
    metrics: [{ key: 'acc', value: 0.5, timestamp: 1_700_000_000_000, step: 0 }],
    tags: [{ key: 'team', value: 'ml' }],
  });
  return run.info.runId;
}

export function describeSqlContract(createStore: CreateStore): void {
  describe('sql', () => {
    // Nothing here may change the store (each write test checks that nothing did), so one seeded store serves all.
    const context = useSharedStore(createStore);
    let runId: string;

    beforeAll(async () => {
      runId = await seed(context.store);
    });

    it('select count(*) as n from runs returns one column and one numeric row', async () => {
      const result = await context.store.sql({ query: 'select count(*) as n from runs' });
      expect(result.columns).toHaveLength(1);
      expect(result.columns[0]?.name).toBe('n');
      expect(typeof result.columns[0]?.type).toBe('string');
      expect(result.columns[0]?.type.length).toBeGreaterThan(0);
      expect(result.rows).toEqual([[1]]);
    });

    it.each(TABLES)('the table %s exists', async (table) => {
      expect(typeof (await count(context.store, table))).toBe('number');
    });

    it('tables hold what was logged', async () => {
      expect(await count(context.store, 'experiments')).toBe(3);
      expect(await count(context.store, 'runs')).toBe(1);
      expect(await count(context.store, 'params')).toBe(2);
      expect(await count(context.store, 'tags')).toBeGreaterThanOrEqual(1);
      expect(await count(context.store, 'metrics')).toBe(1);
      expect(await count(context.store, 'latest_metrics')).toBe(1);
      expect(await count(context.store, 'experiment_tags')).toBe(1);
    });

    it('returns several rows in column order', async () => {
      const result = await context.store.sql({ query: "select 'a' as letter, 1 as digit union all select 'b', 2 order by digit" });
      expect(result.columns.map((column) => column.name)).toEqual(['letter', 'digit']);
      expect(result.rows).toEqual([
        ['a', 1],
        ['b', 2],
      ]);
    });

    it('an empty result keeps its columns', async () => {
      const result = await context.store.sql({ query: 'select 1 as n from runs where 1 = 0' });
      expect(result.columns.map((column) => column.name)).toEqual(['n']);
      expect(result.rows).toEqual([]);
    });

    it('a malformed query throws an AssayError', async () => {
      await expectAssayError(() => context.store.sql({ query: 'selec nothing frm nowhere' }), undefined);
    });

    it('without externalAccess, still answers queries over the tables and internal table functions', async () => {
      const query = "select (select count(*) from runs) as n, (select count(*) from range(3)) as r, (select count(*) from information_schema.tables where table_name = 'runs') as t";
      expect((await context.store.sql({ query, externalAccess: false })).rows).toEqual([[1, 3, 1]]);
    });

    const outside = [
      "select * from read_csv('/etc/passwd')",
      "select * from read_text('/etc/hostname')",
      "select count(*) from (select 1) where 1 in (select 1 from glob('/*'))",
      "select * from '/etc/passwd.csv'",
      "describe '/etc/passwd.csv'",
      "select (select count(*) from read_json_auto('/etc/x.json')) as n",
      'select * from query(\'select 1\')',
      'explain select 1',
    ];

    it.each(outside)('without externalAccess, refuses %j (InvalidParameterError)', async (query) => {
      await expectAssayError(() => context.store.sql({ query, externalAccess: false }), 'INVALID_PARAMETER_VALUE');
    });

    const copyTarget = join(tmpdir(), 'assay-contract-sql-copy.csv');
    const attachTarget = join(tmpdir(), 'assay-contract-sql-attach.duckdb');
    const writes = [
      'delete from runs',
      '  DeLeTe FROM runs',
      '/* looks harmless */ delete from runs',
      "update runs set run_name = 'hijacked'",
      'insert into params select * from params',
      'drop table runs',
      'create table intruder (a integer)',
      'alter table runs rename to runs_old',
      `COPY runs TO '${copyTarget}'`,
      `ATTACH '${attachTarget}' AS intruder`,
      'select 1; delete from runs',
      'select 1; drop table params',
      'with doomed as (select 1) delete from runs',
    ];

    it.each(writes)('rejects the write %j and changes nothing', async (statement) => {
      rmSync(copyTarget, { force: true });
      rmSync(attachTarget, { force: true });
      await expectAssayError(() => context.store.sql({ query: statement }), undefined);
      expect(await count(context.store, 'runs')).toBe(1);
      expect(await count(context.store, 'params')).toBe(2);
      expect(await count(context.store, 'experiments')).toBe(3);
      expect((await context.store.getRun({ runId })).info.runName).toBe('queried');
      await expectAssayError(() => context.store.sql({ query: 'select count(*) from intruder' }), undefined);
      expect(existsSync(copyTarget)).toBe(false);
      expect(existsSync(attachTarget)).toBe(false);
    });
  });

  describe('sql then writes', () => {
    const context = useFreshStore(createStore);

    it('the store keeps working after a rejected write', async () => {
      const runId = await seed(context.store);
      await expectAssayError(() => context.store.sql({ query: 'delete from runs' }), undefined);
      await context.store.logBatch({ runId, params: [{ key: 'after', value: 'yes' }] });
      expect((await context.store.getRun({ runId })).data.params['after']).toBe('yes');
      expect(await count(context.store, 'params')).toBe(3);
      await context.store.createRun({ experimentId: '0' });
      expect((await context.store.sql({ query: 'select count(*) as n from runs' })).rows).toEqual([[2]]);
    });
  });
}
