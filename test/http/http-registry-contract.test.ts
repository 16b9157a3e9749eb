import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRegistryStoreContract } from '@assay/core/test';
import { HttpStore } from '@assay/sdk/http';
import { createAssayServer, type ServerLogEntry } from '@assay/server';
import { startAssayServer } from '@assay/server/node';
import { DuckDbStore } from '@assay/store';

// The RegistryStore contract, unchanged, against HttpStore talking to a real server (createAssayServer on a
// DuckDbStore in memory, @hono/node-server on 127.0.0.1, a random port): the registry over MLflow's routes
// behaves as the local one.
describeRegistryStoreContract('model registry over HTTP (HttpStore against a server on a DuckDbStore)', async () => {
  const root = await mkdtemp(join(tmpdir(), 'assay-http-registry-'));
  const backing = await DuckDbStore.open({ path: ':memory:' });
  const logged: ServerLogEntry[] = [];
  const server = await startAssayServer({ app: createAssayServer({ store: backing, log: (entry) => logged.push(entry) }), port: 0, shutdownTimeoutMs: 2000 });
  const store = await HttpStore.open({ url: `http://127.0.0.1:${server.port}`, spoolDirectory: join(root, 'client-spool'), headers: {} });
  return {
    store,
    cleanup: async () => {
      await server.close();
      await backing.close();
      await rm(root, { recursive: true, force: true });
      if (logged.length > 0) throw new Error(`the server logged unexpected errors: ${JSON.stringify(logged.slice(0, 3))}`);
    },
  };
});
