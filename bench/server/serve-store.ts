// The server process of bench/server: a LocalStore over the root given, served
// by createAssayServer on 127.0.0.1 (a free port). Prints `{"url": ...}` once
// it listens; closes the server, then the store, when its stdin ends.
// Run: node --import tsx bench/server/serve-store.ts <root> [--hold]
//   --hold: keep the database (lingerMs/maxHoldMs of minutes), as for a read-only search store
import { LocalStore } from '@assay/store';
import { createAssayServer } from '@assay/server';
import { startAssayServer } from '@assay/server/node';

const root = process.argv[2];
if (root === undefined) throw new Error('usage: serve-store.ts <root> [--hold]');
const hold = process.argv.includes('--hold');
const store = await LocalStore.open(hold ? { root, lingerMs: 60_000, maxHoldMs: 600_000 } : { root });
const server = await startAssayServer({ app: createAssayServer({ store, log: () => undefined }), port: 0 });
console.log(JSON.stringify({ url: server.url }));
process.stdin.on('end', () => {
  void (async () => {
    await server.close();
    await store.close();
    process.exit(0);
  })();
});
process.stdin.resume();
