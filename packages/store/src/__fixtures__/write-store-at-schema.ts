// Makes a store of an older schema version holding what this code writes, for upgrade tests: this
// code only writes rows of the latest schema, so the data is written to a store of the latest schema
// and its rows copied (the columns the old tables have, in the order written) into the old one.
import { rm } from 'node:fs/promises';
import { DuckDbStore } from '../duckdb-store.js';
import { tablesOfVersion } from '../schema/migrations.js';

/** Options of writeStoreAtSchema. */
export interface WriteStoreAtSchemaOptions {
  /** The database file to create, at `schemaVersion`. */
  path: string;
  schemaVersion: number;
  /** Writes the store's contents through the store's API. */
  write: (store: DuckDbStore) => Promise<void>;
}

/** Creates a store of schema `schemaVersion` at `path` holding what `write` wrote; returns nothing open. */
export async function writeStoreAtSchema({ path, schemaVersion, write }: WriteStoreAtSchemaOptions): Promise<void> {
  const latestPath = `${path}.latest.duckdb`;
  const latest = await DuckDbStore.open({ path: latestPath });
  await write(latest);
  await latest.close();
  const old = await DuckDbStore.open({ path, schemaVersion });
  const { connection } = old;
  await connection.run(`ATTACH '${latestPath}' AS latest (READ_ONLY)`);
  for (const table of tablesOfVersion(schemaVersion)) {
    const columns = await connection.runAndReadAll(
      `SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    const list = columns
      .getRows()
      .map(([name]) => `"${String(name)}"`)
      .join(', ');
    await connection.run(`DELETE FROM main."${table}"`);
    await connection.run(`INSERT INTO main."${table}" (${list}) SELECT ${list} FROM latest.main."${table}" ORDER BY rowid`);
  }
  await connection.run('DETACH latest');
  await old.close();
  await rm(latestPath, { force: true });
  await rm(`${latestPath}.wal`, { force: true });
}
