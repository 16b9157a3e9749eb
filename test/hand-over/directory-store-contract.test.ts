import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract } from '@assay/core/test';
import { announceServer, withdrawServerAnnouncement } from '@assay/store/announcement';
import { currentProcessIdentity } from '@assay/store/process';
import { DirectoryStore } from '../../packages/sdk/src/store/directory-store.js';
import { startTestHttpServer } from '../http/http-server.js';

// The Store contract, unchanged, against the SDK's DirectoryStore on both of its routes: the file of a directory no
// server serves, and a real server on 127.0.0.1 that announced itself in the directory.
describeStoreContract('DirectoryStore on the file of a store directory', async () => {
  const root = await mkdtemp(join(tmpdir(), 'assay-directory-file-'));
  const store = await DirectoryStore.open({ root });
  if (store.via !== 'file') throw new Error(`expected the file route, got ${store.via}`);
  return { store, cleanup: () => rm(root, { recursive: true, force: true }) };
});

describeStoreContract('DirectoryStore on a store directory an Assay server announced itself in', async () => {
  const server = await startTestHttpServer();
  const token = randomBytes(16).toString('hex');
  const identity = currentProcessIdentity();
  announceServer(server.root, { url: server.url, pid: identity.pid, host: identity.host, startTime: identity.startTime, token, createdAt: Date.now() });
  const store = await DirectoryStore.open({ root: server.root });
  if (store.via !== server.url) throw new Error(`expected the server route, got ${store.via}`);
  return {
    store,
    cleanup: async () => {
      withdrawServerAnnouncement(server.root, token);
      await server.dispose();
      if (server.errors.length > 0) throw new Error(`the server logged unexpected errors: ${JSON.stringify(server.errors.slice(0, 3))}`);
    },
  };
});
