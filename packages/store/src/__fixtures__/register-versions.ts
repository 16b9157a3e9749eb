// Registers versions of one model through a LocalStore, all at once, when told to start.
// Usage: node --conditions=@assay/source --import tsx register-versions.ts <root> <model> <count>
// Prints `ready` once the store is open (it has not touched the database yet), waits for a line on
// stdin (so that every process starts registering together), then prints the version numbers it got
// as JSON, each registered with the source `file:///<pid>/<index>`.
import { once } from 'node:events';
import { LocalStore } from '../local/local-store.js';

const [root, model, count] = process.argv.slice(2);
const store = await LocalStore.open({ root: root! });
process.stdout.write('ready\n');
await once(process.stdin, 'data');
process.stdin.destroy();
const versions = await Promise.all(
  Array.from({ length: Number(count) }, async (_, index) => (await store.createModelVersion({ name: model!, source: `file:///${process.pid}/${index}` })).version),
);
process.stdout.write(`${JSON.stringify(versions)}\n`);
await store.close();
