// bench/search: where the time of one runs search goes (issue 13: runs/search p50 ≤ 50 ms over HTTP on
// 100,000 runs, measured by bench/server). On bench/server's search store, the same search
// (lib/search-store.ts: three key/value comparisons, ordered by a metric, 100 a page) timed piece by piece:
//   compiling it, DuckDB's bind + plan of the page query (EXPLAIN), the page query, reading the page's
//   runs, their dataset inputs; then the whole call in this thread (DuckDbStore), through LocalStore's
//   worker, and over HTTP (the server in this process); JSON of the result.
// Each piece: median wall ms and median CPU ms of this process (DuckDB's thread included): the machine
// is shared, and CPU time moves less with the load than wall time.
// DuckDB's profile of the page query follows (operators' times and rows).
// Then a layout experiment, on copies of the store's run tables: the same page query joined
//   (1) on run_id (as before schema 8), the key/value rows in the store's order, (2) the same with the
//   key/value tables sorted by (key, run_id), so the zone maps of the `key` column skip the other keys'
//   row groups, (3) on the integer run_key (schema 8; DuckDB joins a dense integer range by a perfect
//   hash, no probing), rows in the store's order, (4) on run_key, sorted by (key, run_key). The page's
//   ids are checked to be the same in every layout. A store upgraded to schema 8 starts sorted (the
//   migration rebuilds the tables so), rows written later are appended; a store made by schema 8 is in
//   write order: (3) and (4) bound what a search costs as a store's rows go from one to the other.
// It imports the store's query functions from its sources (they are internal): run through tsx.
// Run: pnpm bench search [--quick]   (--quick: 10,000 runs, fewer samples)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { FilterField } from '@assay/core';
import { createAssayServer } from '@assay/server';
import { startAssayServer } from '@assay/server/node';
import { DuckDbStore, LocalStore } from '@assay/store';
import { openDuckDb } from '../../packages/store/src/duckdb/open-duckdb.js';
import { attachRunInputs } from '../../packages/store/src/queries/attach-run-inputs.js';
import type { FilterMapping } from '../../packages/store/src/queries/compile-filter.js';
import { compileRunSearch } from '../../packages/store/src/queries/compile-run-search.js';
import { RUN_FILTER_MAPPING } from '../../packages/store/src/queries/run-filter-mapping.js';
import { readPageRuns } from '../../packages/store/src/queries/search-runs.js';
import { hasFlag } from '../lib/assay-build.js';
import { formatLoad, median } from '../lib/report.js';
import { RUN_FILTER, RUN_ORDER_BY, buildSearchStore } from '../lib/search-store.js';

const quick = hasFlag('quick');
const SIZE = quick ? 10_000 : 100_000;
const SAMPLES = quick ? 7 : 21;
const WARM_UPS = 3;
const startLoad = loadavg();

interface Timing {
  wall: number;
  cpu: number;
}

/** Median wall and CPU milliseconds of `work` over SAMPLES runs, after WARM_UPS. */
async function measure(work: () => Promise<unknown>): Promise<Timing> {
  for (let index = 0; index < WARM_UPS; index += 1) await work();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let index = 0; index < SAMPLES; index += 1) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await work();
    walls.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuBefore);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

function line(name: string, timing: Timing): void {
  console.log(`  ${name.padEnd(58)} ${timing.wall.toFixed(1).padStart(7)} ms wall ${timing.cpu.toFixed(1).padStart(7)} ms CPU`);
}

interface ProfiledOperator {
  operator_name?: string;
  operator_timing?: number;
  operator_cardinality?: number;
  extra_info?: Record<string, unknown>;
  children?: ProfiledOperator[];
}

/** DuckDB's own profile of one run of the query: each operator's time and rows (profiling slows the query; the shares are what matters). */
async function printOperators(connection: DuckDBConnection, sql: string, values: DuckDBValue[]): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'assay-bench-search-profile-'));
  const output = join(directory, 'profile.json');
  await connection.run(`PRAGMA enable_profiling = 'json'`);
  await connection.run(`PRAGMA profiling_output = '${output}'`);
  await connection.runAndReadAll(sql, values);
  await connection.run('PRAGMA disable_profiling');
  const profile = JSON.parse(await readFile(output, 'utf8')) as ProfiledOperator & { latency: number };
  await rm(directory, { recursive: true, force: true });
  console.log(`\nthe page query's operators (DuckDB's profile of one run, ${(profile.latency * 1000).toFixed(0)} ms with profiling):`);
  const print = (operator: ProfiledOperator, depth: number): void => {
    if (operator.operator_name !== undefined) {
      const table = operator.extra_info?.['Table'] ?? operator.extra_info?.['Join Type'] ?? '';
      const filters = operator.extra_info?.['Filters'] ?? operator.extra_info?.['Expression'] ?? '';
      console.log(
        `  ${`${'  '.repeat(depth)}${operator.operator_name} ${String(table)}`.padEnd(58)} ${((operator.operator_timing ?? 0) * 1000).toFixed(1).padStart(7)} ms ` +
          `${String(operator.operator_cardinality ?? '').padStart(8)} rows  ${String(filters).replace(/\s+/gu, ' ').slice(0, 60)}`,
      );
    }
    for (const child of operator.children ?? []) print(child, operator.operator_name === undefined ? depth : depth + 1);
  };
  print(profile, 0);
}

const root = await buildSearchStore(SIZE);
const path = join(root, 'assay.duckdb');
const input = { experimentIds: [] as string[], filter: RUN_FILTER, orderBy: RUN_ORDER_BY, maxResults: 100 };
console.log(`load average at start: ${formatLoad(startLoad, availableParallelism())}`);
console.log(`runs search over ${SIZE.toLocaleString('en-US')} runs: ${RUN_FILTER} order by ${RUN_ORDER_BY.join(', ')}, 100 a page\n`);

// ---------------------------------------------------------------- the pieces, on one read-only connection
let pageIds: string[];
{
  const database = await openDuckDb({ path, readOnly: true });
  const { connection } = database;
  const experiment = await connection.runAndReadAll(`SELECT experiment_id FROM experiments WHERE name = 'bench-runs'`);
  input.experimentIds = [String(experiment.getRows()[0]![0])];
  const compiled = compileRunSearch(input);
  const readIds = async (): Promise<string[]> => (await connection.runAndReadAll(compiled.sql, compiled.values)).getRows().map(([id]) => String(id));
  pageIds = await readIds();
  const runs = await readPageRuns(connection, pageIds);
  console.log(`the page query (${pageIds.length} ids: a page and one more):\n${compiled.sql.replace(/\s+/gu, ' ')}\n`);
  console.log('pieces of DuckDbStore.searchRuns:');
  line('compile (parse filter and order, SQL)', await measure(async () => compileRunSearch(input)));
  line('bind + plan of the page query (EXPLAIN)', await measure(() => connection.runAndReadAll(`EXPLAIN ${compiled.sql}`, compiled.values)));
  line('page query (bind, plan, run): ids of the page', await measure(readIds));
  line(`read the page's ${runs.length} runs (run_id IN, summaries decoded)`, await measure(() => readPageRuns(connection, pageIds)));
  line("the page's dataset inputs (attachRunInputs)", await measure(() => attachRunInputs(connection, runs)));
  line('JSON.stringify of the page', await measure(async () => JSON.stringify(runs)));
  await printOperators(connection, compiled.sql, compiled.values);
  database.closeSync();
}

// ---------------------------------------------------------------- the whole call, through each layer
console.log('\nthe whole search, through each layer:');
{
  const store = await DuckDbStore.open({ path });
  line('DuckDbStore.searchRuns (DuckDB in this thread)', await measure(() => store.searchRuns(input)));
  await store.close();
}
{
  const store = await LocalStore.open({ root, lingerMs: 60_000, maxHoldMs: 600_000 });
  line('LocalStore.searchRuns (its worker thread)', await measure(() => store.searchRuns(input)));
  line('LocalStore.getExperiment (the hand-over alone, about)', await measure(() => store.getExperiment({ experimentId: input.experimentIds[0]! })));
  const server = await startAssayServer({ app: createAssayServer({ store, log: () => undefined }), port: 0 });
  const api = `${server.url}/api/2.0/mlflow`;
  const body = JSON.stringify({ experiment_ids: input.experimentIds, filter: RUN_FILTER, order_by: RUN_ORDER_BY, max_results: 100 });
  const post = async (): Promise<void> => {
    const response = await fetch(`${api}/runs/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (!response.ok) throw new Error(`runs/search: ${response.status} ${await response.text()}`);
    await response.text();
  };
  line('POST runs/search (server and client in this process)', await measure(post));
  line('GET experiments/get (HTTP and hand-over alone, about)', await measure(async () => (await fetch(`${api}/experiments/get?experiment_id=${input.experimentIds[0]}`)).text()));
  await server.close();
  await store.close();
}

// ---------------------------------------------------------------- the layout experiment
/** The run dialect's mapping as it was before schema 8, joining the key/value tables on run_id. */
const RUN_ID_MAPPING: FilterMapping = {
  column: (field: FilterField, parameters) => RUN_FILTER_MAPPING.column(field, parameters),
  keyed(field: FilterField, parameters) {
    const keyed = RUN_FILTER_MAPPING.keyed(field, parameters);
    return keyed?.outerId === 'r.run_key' ? { ...keyed, outerId: 'r.run_id', idColumn: 'run_id' } : keyed;
  },
};

interface Layout {
  name: string;
  runKeys: boolean;
  sorted: boolean;
}

/** Copies the run tables into a new database file in the layout given. */
async function copyInLayout(directory: string, layout: Layout): Promise<string> {
  const target = join(directory, `${layout.runKeys ? 'keys' : 'ids'}-${layout.sorted ? 'sorted' : 'as-written'}.duckdb`);
  const database = await openDuckDb({ path: target });
  const { connection } = database;
  await connection.run(`ATTACH '${path}' AS source (READ_ONLY)`);
  await connection.run('CREATE TABLE runs AS SELECT * FROM source.runs ORDER BY rowid');
  for (const table of ['params', 'tags', 'latest_metrics']) {
    const order = layout.sorted ? (layout.runKeys ? 'key, run_key' : 'key, run_id') : 'rowid';
    await connection.run(`CREATE TABLE ${table} AS SELECT * FROM source.${table} ORDER BY ${order}`);
  }
  await connection.run('DETACH source');
  await connection.run('CHECKPOINT');
  database.closeSync();
  return target;
}

console.log('\nthe page query in other layouts of the run tables (copies; the same search, the same ids):');
{
  const directory = await mkdtemp(join(tmpdir(), 'assay-bench-search-layout-'));
  const layouts: Layout[] = [
    { name: "(1) run_id joins, rows in the store's order", runKeys: false, sorted: false },
    { name: '(2) run_id joins, rows sorted by (key, run_id)', runKeys: false, sorted: true },
    { name: "(3) integer run_key joins, rows in the store's order", runKeys: true, sorted: false },
    { name: '(4) integer run_key joins, rows sorted by (key, run_key)', runKeys: true, sorted: true },
  ];
  try {
    for (const layout of layouts) {
      const database = await openDuckDb({ path: await copyInLayout(directory, layout), readOnly: true });
      const compiled = compileRunSearch(input, layout.runKeys ? RUN_FILTER_MAPPING : RUN_ID_MAPPING);
      const readIds = async (): Promise<string[]> =>
        (await database.connection.runAndReadAll(compiled.sql, compiled.values)).getRows().map(([id]) => String(id));
      const ids = await readIds();
      if (ids.join() !== pageIds.join()) throw new Error(`${layout.name}: another page (${ids.length} ids) than the store's`);
      line(layout.name, await measure(readIds));
      database.closeSync();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

console.log(`\nload average at start: ${formatLoad(startLoad, availableParallelism())}; at end: ${formatLoad(loadavg(), availableParallelism())}`);
process.exit(0);
