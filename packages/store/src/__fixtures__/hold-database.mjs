// Holds a DuckDB file open (and so locked), as another Assay process would: for <milliseconds>, or,
// without them, until its stdin ends. While another process still has the file, it retries until it gets it.
// Usage: node hold-database.mjs <path> [milliseconds]   (prints "locked" once it holds the file, "released" when done)
import { DuckDBInstance } from '@duckdb/node-api';

const [path, milliseconds] = process.argv.slice(2);
let instance;
while (instance === undefined) {
  try {
    instance = await DuckDBInstance.create(path, { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  } catch (error) {
    if (!/Could not set lock on file|Conflicting lock is held/u.test(String(error))) throw error;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
const connection = await instance.connect();
process.stdout.write('locked\n');
if (milliseconds === undefined) {
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.on('end', resolve));
} else {
  await new Promise((resolve) => setTimeout(resolve, Number(milliseconds)));
}
connection.closeSync();
instance.closeSync();
process.stdout.write('released\n');
