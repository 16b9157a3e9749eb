// Damages Assay store files the ways a disk, a copy or a person can, for the damaged-store tests.
import { open, stat, truncate, writeFile } from 'node:fs/promises';
import { openDuckDb } from '../duckdb/open-duckdb.js';

// DuckDB's file starts with three 4 KiB headers; blocks follow.
const HEADERS_SIZE = 3 * 4096;

/** Cuts a file to `fraction` of its size, as a full disk or an interrupted copy does. */
export async function truncateFile(path: string, fraction: number): Promise<void> {
  await truncate(path, Math.floor((await stat(path)).size * fraction));
}

/** Replaces a file with text, as another program writing the same name does. */
export async function overwriteWithText(path: string): Promise<void> {
  await writeFile(path, 'this is not a database\n');
}

/**
 * Garbles one storage block that holds rows of `table` and of no other table:
 * DuckDB then fails the block's checksum when it reads those rows. Returns the
 * number of rows the table has.
 */
export async function corruptBlockOf({ path, table }: { path: string; table: string }): Promise<number> {
  const handle = await openDuckDb({ path, readOnly: true });
  let offset: number;
  let rows: number;
  try {
    const { connection } = handle;
    const blockSize = Number((await connection.runAndReadAll('SELECT block_size FROM pragma_database_size()')).getRows()[0]![0]);
    const tables = (await connection.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()`)).getRows().map(([name]) => String(name));
    const blocksOf = async (name: string): Promise<Set<number>> =>
      new Set(
        (await connection.runAndReadAll(`SELECT DISTINCT block_id FROM pragma_storage_info('${name}') WHERE persistent AND block_id >= 0`))
          .getRows()
          .map(([id]) => Number(id)),
      );
    const others = new Set<number>();
    for (const name of tables) if (name !== table) for (const id of await blocksOf(name)) others.add(id);
    const own = [...(await blocksOf(table))].filter((id) => !others.has(id)).sort((left, right) => left - right);
    if (own.length < 3) throw new Error(`table ${table} has too few blocks of its own (${own.length}) to damage one`);
    offset = HEADERS_SIZE + own[Math.floor(own.length / 2)]! * blockSize + 1024;
    rows = Number((await connection.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0]![0]);
  } finally {
    handle.closeSync();
  }
  const file = await open(path, 'r+');
  try {
    await file.write(Buffer.alloc(4096, 0x5a), 0, 4096, offset);
  } finally {
    await file.close();
  }
  return rows;
}
