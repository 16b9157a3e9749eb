import { join } from 'node:path';
import { describeStoreContract } from '@assay/core/test';
import { HttpStore } from '@assay/sdk/http';
import { startTestHttpServer } from './http-server.js';

// The Store contract, unchanged, against HttpStore talking to a real server (a LocalStore in a temp directory behind
// createAssayServer on @hono/node-server, 127.0.0.1, a random port): a remote store behaves as a local one.
describeStoreContract('HttpStore against an Assay server on 127.0.0.1', async () => {
  const server = await startTestHttpServer();
  const store = await HttpStore.open({ url: server.url, spoolDirectory: join(server.root, 'client-spool'), headers: {} });
  return {
    store,
    cleanup: async () => {
      await server.dispose();
      if (server.errors.length > 0) throw new Error(`the server logged unexpected errors: ${JSON.stringify(server.errors.slice(0, 3))}`);
    },
  };
});
