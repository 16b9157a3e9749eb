import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '@assay/core';
import { createAssay, createRegistryClient, openStore, type Assay } from '../index.js';

let directory = '';
let store: Store | undefined;
let assay: Assay | undefined;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'assay-registry-client-'));
});
afterEach(async () => {
  await store?.close();
  await assay?.dispose();
  store = undefined;
  assay = undefined;
  await rm(directory, { recursive: true, force: true });
});

describe('the actor of registry changes', () => {
  it("is a RegistryClient's actor, unless a call names its own", async () => {
    store = await openStore(directory);
    const registry = createRegistryClient(store, { trackingUri: directory, actor: 'ci-bot' });
    await registry.registerModel('file:///models/a', 'bot');
    await registry.setRegisteredModelTag('bot', 'team', 'ml', { actor: 'dana', comment: 'owner' });
    const request = await registry.createTransitionRequest('bot', 1, { stage: 'Staging' });
    expect(request.requestedBy).toBe('ci-bot');
    await expect(registry.approveTransitionRequest(request.id)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await registry.approveTransitionRequest(request.id, { actor: 'dana' });
    const { events } = await registry.listRegistryEvents('bot');
    expect(events.map((event) => [event.action, event.actor, event.comment ?? null])).toEqual([
      ['create_model', 'ci-bot', null],
      ['create_version', 'ci-bot', null],
      ['set_model_tag', 'dana', 'owner'],
      ['create_request', 'ci-bot', null],
      ['transition_stage', 'dana', null],
      ['approve_request', 'dana', null],
    ]);
  });

  it("is the call's actor on an Assay instance's methods", async () => {
    assay = createAssay({ trackingUri: directory });
    await assay.registerModel('file:///models/a', 'bot', { actor: 'erin', comment: 'v1' });
    await assay.setRegisteredModelProtection('bot', true, { actor: 'erin' });
    const request = await assay.createTransitionRequest('bot', 1, { alias: 'champion', actor: 'finn', comment: 'please' });
    await assay.rejectTransitionRequest(request.id, { actor: 'erin', comment: 'no' });
    expect((await assay.listTransitionRequests({ name: 'bot', status: 'REJECTED' })).requests).toEqual([
      expect.objectContaining({ id: request.id, requestedBy: 'finn', decidedBy: 'erin', decisionComment: 'no', alias: 'champion' }),
    ]);
    const { events } = await assay.listRegistryEvents('bot', { version: 1 });
    expect(events.map((event) => [event.action, event.actor])).toEqual([
      ['create_version', 'erin'],
      ['create_request', 'finn'],
      ['reject_request', 'erin'],
    ]);
  });
});
