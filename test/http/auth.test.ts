import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAssayServer, UsersFile } from '@assay/server';
import { startAssayServer, type RunningAssayServer } from '@assay/server/node';
import { LocalStore } from '@assay/store/local';
import { createAssay, TRACKING_PASSWORD_ENV, TRACKING_TOKEN_ENV, TRACKING_USERNAME_ENV } from '@assay/sdk';
import { HTTP_SPOOL_DIR_ENV, HttpStore } from '@assay/sdk/http';

const PASSWORD = 'correct horse battery';

describe('the SDK against a server with auth', () => {
  let root: string;
  let store: LocalStore;
  let server: RunningAssayServer;
  let token: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-http-auth-'));
    store = await LocalStore.open({ root });
    const users = new UsersFile({ path: join(root, 'users.json') });
    await users.createUser({ username: 'ana', password: PASSWORD, isAdmin: true });
    await users.createUser({ username: 'bob', password: PASSWORD });
    token = (await users.createToken({ username: 'ana', name: 'ci' })).token;
    server = await startAssayServer({ app: createAssayServer({ store, artifactRoot: join(root, 'artifacts'), auth: { users }, log: () => undefined }), port: 0 });
    vi.stubEnv(HTTP_SPOOL_DIR_ENV, join(root, 'client-spool'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await server?.close();
    await store?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('sends ASSAY_TRACKING_TOKEN, or ASSAY_TRACKING_USERNAME and ASSAY_TRACKING_PASSWORD, with every request', async () => {
    vi.stubEnv(TRACKING_TOKEN_ENV, token);
    const withToken = createAssay({ trackingUri: server.url });
    await withToken.withRun({ runName: 'by-token' }, async (run) => {
      run.logMetric('m', 1);
      await run.logText('hello', 'notes.txt');
    });
    expect((await withToken.searchRuns({ experimentIds: ['0'] })).runs.map((run) => run.info.runName)).toEqual(['by-token']);
    await withToken.dispose();
    vi.stubEnv(TRACKING_TOKEN_ENV, '');

    vi.stubEnv(TRACKING_USERNAME_ENV, 'bob');
    vi.stubEnv(TRACKING_PASSWORD_ENV, PASSWORD);
    const withPassword = createAssay({ trackingUri: server.url });
    // bob has READ (the default permission) on the Default experiment: he reads, and may not write.
    expect((await withPassword.searchRuns({ experimentIds: ['0'] })).runs).toHaveLength(1);
    await expect(withPassword.startRun({ runName: 'not-allowed' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await withPassword.dispose();
  });

  it('says what to set when the server asks for credentials', async () => {
    const anonymous = await HttpStore.open({ url: server.url, headers: {} });
    const error = await anonymous.getExperiment({ experimentId: '0' }).catch((reason: unknown) => reason as Error & { code: string });
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('ASSAY_TRACKING_TOKEN') });
    await anonymous.close();
  });

  it("the registry over HttpStore: a reader's writes fail with PERMISSION_DENIED, the creator of a model manages it", async () => {
    const basic = (username: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${PASSWORD}`).toString('base64')}` });
    const ana = await HttpStore.open({ url: server.url, headers: basic('ana'), spoolDirectory: join(root, 'client-spool') });
    const bob = await HttpStore.open({ url: server.url, headers: basic('bob'), spoolDirectory: join(root, 'client-spool') });
    await ana.createRegisteredModel({ name: 'guarded-over-http' });
    expect((await bob.getRegisteredModel({ name: 'guarded-over-http' })).name).toBe('guarded-over-http');
    await expect(bob.setRegisteredModelTag({ name: 'guarded-over-http', key: 'k', value: 'v' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(bob.createModelVersion({ name: 'guarded-over-http', source: 'file:///m' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect((await ana.getRegisteredModel({ name: 'guarded-over-http' })).tags).toEqual({});
    await bob.createRegisteredModel({ name: 'bobs-model' });
    expect((await bob.createModelVersion({ name: 'bobs-model', source: 'file:///m' })).version).toBe(1);
    await bob.deleteRegisteredModel({ name: 'bobs-model' });
    await ana.close();
    await bob.close();
  });
});
