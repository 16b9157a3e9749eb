// Holds a DuckDB file open (and so locked) for a while, as another Assay process would.
// Usage: node hold-database.mjs <path> <milliseconds>
import { DuckDBInstance } from '@duckdb/node-api';

const [path, milliseconds] = process.argv.slice(2);
const instance = await DuckDBInstance.create(path, { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
const connection = await instance.connect();
process.stdout.write('locked\n');
await new Promise((resolve) => setTimeout(resolve, Number(milliseconds)));
connection.closeSync();
instance.closeSync();
process.stdout.write('released\n');
