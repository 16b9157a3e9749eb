import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistryEvent } from '@assay/core';
import { createAssayServer, UsersFile } from '@assay/server';
import { startAssayServer, type RunningAssayServer } from '@assay/server/node';
import { LocalStore } from '@assay/store/local';
import { HttpStore } from '@assay/sdk/http';

const PASSWORD = 'correct horse battery';
const MODEL = 'support-bot';
const basic = (username: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${PASSWORD}`).toString('base64')}` });

/** The error a call fails with (it must fail). */
async function failure(call: Promise<unknown>): Promise<{ code?: string; message: string }> {
  const outcome = await call.then(
    () => undefined,
    (reason: unknown) => reason as { code?: string; message: string },
  );
  if (outcome === undefined) throw new Error('expected the call to fail');
  return outcome;
}

// The issue's check: protected models and approvals over HTTP (HttpStore against a real server on a
// LocalStore, auth on), with real users: owner (created the model: MANAGE), editor (EDIT), reader (the
// default, READ), and outsider (NO_PERMISSIONS on the model). The audit log names the signed-in users,
// whatever `actor` the clients send.
describe('protected models and transition requests over HTTP with auth', () => {
  let root: string;
  let backing: LocalStore;
  let server: RunningAssayServer;
  const clients: Record<'owner' | 'editor' | 'reader' | 'outsider', HttpStore> = {} as never;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-http-approvals-'));
    backing = await LocalStore.open({ root });
    const users = new UsersFile({ path: join(root, 'users.json') });
    for (const username of Object.keys({ owner: 0, editor: 0, reader: 0, outsider: 0 })) await users.createUser({ username, password: PASSWORD });
    server = await startAssayServer({ app: createAssayServer({ store: backing, auth: { users }, log: () => undefined }), port: 0 });
    for (const username of ['owner', 'editor', 'reader', 'outsider'] as const) {
      clients[username] = await HttpStore.open({ url: server.url, headers: basic(username), spoolDirectory: join(root, `spool-${username}`) });
    }
    await clients.owner.createRegisteredModel({ name: MODEL });
    await clients.owner.createModelVersion({ name: MODEL, source: 'file:///m/1' });
    await clients.owner.createModelVersion({ name: MODEL, source: 'file:///m/2' });
    await clients.owner.transitionModelVersionStage({ name: MODEL, version: 1, stage: 'Production' });
    // The creator manages the model, so grants on it.
    for (const [username, permission] of [
      ['editor', 'EDIT'],
      ['outsider', 'NO_PERMISSIONS'],
    ]) {
      const granted = await fetch(`${server.url}/api/2.0/mlflow/registered-models/permissions/create`, {
        method: 'POST',
        headers: { ...basic('owner'), 'content-type': 'application/json' },
        body: JSON.stringify({ name: MODEL, username, permission }),
      });
      expect(granted.status).toBe(200);
    }
  });

  afterAll(async () => {
    for (const client of Object.values(clients)) await client.close();
    await server?.close();
    await backing?.close();
    await rm(root, { recursive: true, force: true });
  });

  const stages = async () => (await clients.owner.searchModelVersions({ filter: `name = '${MODEL}'`, orderBy: ['version_number ASC'] })).items.map((version) => version.currentStage);

  it('owner protects, editor asks, only another MANAGE user approves, and the audit log names the signed-in users', async () => {
    const { owner, editor, reader, outsider } = clients;

    // A reader may not protect; the owner does (claiming to be someone else, which is ignored).
    expect(await failure(reader.setRegisteredModelProtection({ name: MODEL, protected: true }))).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining('needs MANAGE') });
    expect((await owner.setRegisteredModelProtection({ name: MODEL, protected: true, actor: 'mallory', comment: 'serves customers' })).protected).toBe(true);
    expect((await reader.getRegisteredModel({ name: MODEL })).protected).toBe(true);

    // The editor cannot move the stage or an alias directly: 403, nothing changes.
    expect(await failure(editor.transitionModelVersionStage({ name: MODEL, version: 2, stage: 'Production' }))).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringContaining(`'${MODEL}' is protected`),
    });
    expect(await failure(editor.setRegisteredModelAlias({ name: MODEL, alias: 'champion', version: 2 }))).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await stages()).toEqual(['Production', 'None']);
    expect((await owner.getRegisteredModel({ name: MODEL })).aliases).toEqual({});

    // A reader cannot file a request (needs EDIT); the editor does, claiming to be the owner (ignored).
    expect(await failure(reader.createTransitionRequest({ name: MODEL, version: 2, stage: 'Production', actor: 'reader' }))).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringContaining('needs EDIT'),
    });
    const request = await editor.createTransitionRequest({ name: MODEL, version: 2, stage: 'Production', archiveExistingVersions: true, actor: 'owner', comment: 'BLEU +2.1' });
    expect(request).toMatchObject({ name: MODEL, version: 2, stage: 'Production', archiveExistingVersions: true, status: 'PENDING', requestedBy: 'editor', comment: 'BLEU +2.1' });

    // Listing: READ on the model shows it; the outsider sees neither the model's list nor the request among all.
    expect((await reader.listTransitionRequests({ name: MODEL })).items.map((item) => item.id)).toEqual([request.id]);
    expect((await reader.listTransitionRequests()).items.map((item) => item.id)).toEqual([request.id]);
    expect(await failure(outsider.listTransitionRequests({ name: MODEL }))).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect((await outsider.listTransitionRequests()).items).toEqual([]);
    // Getting it by id: READ on its model, as listing.
    expect(await reader.getTransitionRequest({ id: request.id })).toEqual(request);
    expect(await failure(outsider.getTransitionRequest({ id: request.id }))).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining('needs READ') });
    expect(await failure(outsider.listRegistryEvents({ name: MODEL }))).toMatchObject({ code: 'PERMISSION_DENIED' });

    // Neither the editor (lacks MANAGE) nor the reader may approve it, nor the reader reject it; nothing changes.
    for (const client of [editor, reader]) {
      expect(await failure(client.approveTransitionRequest({ id: request.id, actor: 'owner' }))).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining('needs MANAGE') });
    }
    expect(await failure(reader.rejectTransitionRequest({ id: request.id, actor: 'editor' }))).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining('needs MANAGE') });
    expect(await stages()).toEqual(['Production', 'None']);
    expect((await reader.getTransitionRequest({ id: request.id })).status).toBe('PENDING');

    // The editor withdraws a request of their own (rejecting it; no MANAGE needed for that), the reader could not.
    const withdrawn = await editor.createTransitionRequest({ name: MODEL, version: 1, alias: 'fallback', actor: 'editor' });
    expect(await failure(reader.rejectTransitionRequest({ id: withdrawn.id, actor: 'editor' }))).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await editor.rejectTransitionRequest({ id: withdrawn.id, actor: 'owner', comment: 'not yet' })).toMatchObject({ status: 'REJECTED', requestedBy: 'editor', decidedBy: 'editor' });
    expect((await owner.getRegisteredModel({ name: MODEL })).aliases).toEqual({});

    // A MANAGE user who filed a request cannot approve it: the store refuses the requester.
    const ownRequest = await owner.createTransitionRequest({ name: MODEL, version: 2, alias: 'champion', actor: 'editor' });
    expect(ownRequest.requestedBy).toBe('owner');
    expect(await failure(owner.approveTransitionRequest({ id: ownRequest.id, actor: 'someone-else' }))).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringContaining('owner made transition request'),
    });
    expect((await owner.getRegisteredModel({ name: MODEL })).aliases).toEqual({});

    // The owner approves the editor's request with a comment: the version moves, the other is archived.
    const approved = await owner.approveTransitionRequest({ id: request.id, actor: 'editor', comment: 'checked the eval' });
    expect(approved).toMatchObject({ status: 'APPROVED', requestedBy: 'editor', decidedBy: 'owner', decisionComment: 'checked the eval' });
    expect(await stages()).toEqual(['Archived', 'Production']);
    expect((await reader.listTransitionRequests({ name: MODEL })).items.map((item) => item.id)).toEqual([ownRequest.id]);
    expect(await reader.getTransitionRequest({ id: String(request.id) })).toEqual(approved);

    // The audit log, read over HTTP by the reader: each step with the signed-in user.
    const log = (await reader.listRegistryEvents({ name: MODEL })).items;
    const steps = (events: RegistryEvent[]) => events.map((event) => [event.action, event.actor ?? null, event.version ?? null, event.comment ?? null]);
    expect(steps(log)).toEqual([
      ['create_model', 'owner', null, null],
      ['create_version', 'owner', 1, null],
      ['create_version', 'owner', 2, null],
      ['transition_stage', 'owner', 1, null],
      ['set_protection', 'owner', null, 'serves customers'],
      ['create_request', 'editor', 2, 'BLEU +2.1'],
      ['create_request', 'editor', 1, null],
      ['reject_request', 'editor', 1, 'not yet'],
      ['create_request', 'owner', 2, null],
      ['transition_stage', 'owner', 2, 'checked the eval'],
      ['approve_request', 'owner', 2, 'checked the eval'],
    ]);
    expect(log[9]!.after).toEqual({ stage: 'Production', archived: [1] });
    expect(steps((await reader.listRegistryEvents({ name: MODEL, version: 1 })).items).map(([action]) => action)).toEqual(['create_version', 'transition_stage', 'create_request', 'reject_request']);
  });
});
