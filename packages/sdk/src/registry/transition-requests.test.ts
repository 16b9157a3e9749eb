import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import {
  approveTransitionRequest,
  createTransitionRequest,
  getModelVersion,
  getRegisteredModel,
  getTransitionRequest,
  listRegistryEvents,
  listTransitionRequests,
  registerModel,
  registerPrompt,
  rejectTransitionRequest,
  setRegisteredModelAlias,
  setRegisteredModelProtection,
  transitionModelVersionStage,
} from '../index.js';

useTempTrackingUri();

const localUser = userInfo().username;

describe('approvals and the audit log through the module-level functions', () => {
  it('protect a model, then change its stage only through a request another user approves', async () => {
    await registerModel('file:///models/bot-1', 'bot', { actor: 'ana', comment: 'first' });
    const protectedModel = await setRegisteredModelProtection('bot', true, { actor: 'ana' });
    expect(protectedModel.protected).toBe(true);

    await expect(transitionModelVersionStage('bot', 1, 'Production', { actor: 'ana' })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringContaining("registered model 'bot' is protected") as unknown,
    });

    const request = await createTransitionRequest('bot', 1, { stage: 'production', comment: 'passed eval', actor: 'ben' });
    expect(request).toMatchObject({ name: 'bot', version: 1, stage: 'Production', status: 'PENDING', requestedBy: 'ben', comment: 'passed eval' });
    await expect(approveTransitionRequest(request.id, { actor: 'ben' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect((await listTransitionRequests({ name: 'bot' })).requests.map((pending) => pending.id)).toEqual([request.id]);

    const approved = await approveTransitionRequest(String(request.id), { actor: 'ana', comment: 'ship it' });
    expect(approved).toMatchObject({ status: 'APPROVED', decidedBy: 'ana', decisionComment: 'ship it' });
    expect((await getModelVersion('bot', 1)).currentStage).toBe('Production');
    expect((await listTransitionRequests({ name: 'bot' })).requests).toEqual([]);
    expect((await listTransitionRequests({ status: 'APPROVED' })).requests.map((done) => done.id)).toEqual([request.id]);
    expect(await getTransitionRequest(request.id)).toEqual(approved);
    await expect(getTransitionRequest(request.id + 1)).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });

    const { events } = await listRegistryEvents('bot');
    expect(events.map((event) => [event.action, event.actor, event.comment])).toEqual([
      ['create_model', 'ana', 'first'],
      ['create_version', 'ana', 'first'],
      ['set_protection', 'ana', undefined],
      ['create_request', 'ben', 'passed eval'],
      ['transition_stage', 'ana', 'ship it'],
      ['approve_request', 'ana', 'ship it'],
    ]);
    expect(events[4]).toMatchObject({ version: 1, before: { stage: 'None' }, after: { stage: 'Production' } });
  });

  it('name the local user when no actor is given, so the requester cannot approve it too', async () => {
    await registerModel('file:///models/bot-1', 'bot');
    await registerModel('file:///models/bot-2', 'bot');
    await setRegisteredModelAlias('bot', 'champion', 1, { comment: 'baseline' });
    await setRegisteredModelProtection('bot', true);

    const request = await createTransitionRequest('bot', 2, { alias: 'champion' });
    expect(request).toMatchObject({ alias: 'champion', requestedBy: localUser });
    await expect(approveTransitionRequest(request.id)).rejects.toThrow(`${localUser} made transition request ${request.id} and cannot approve it`);
    const rejected = await rejectTransitionRequest(request.id, { comment: 'withdrawn' });
    expect(rejected).toMatchObject({ status: 'REJECTED', decidedBy: localUser, decisionComment: 'withdrawn' });
    expect((await getRegisteredModel('bot')).aliases).toEqual({ champion: 1 });

    const versionTwo = await listRegistryEvents('bot', { version: 2 });
    expect(versionTwo.events.map((event) => event.action)).toEqual(['create_version', 'create_request', 'reject_request']);
    const all = await listRegistryEvents('bot');
    expect(new Set(all.events.map((event) => event.actor))).toEqual(new Set([localUser]));
    expect(all.events.find((event) => event.action === 'set_alias')).toMatchObject({ comment: 'baseline', after: { alias: 'champion', version: 1 } });
  });

  it('record prompt registrations under the local user', async () => {
    await registerPrompt({ name: 'greet', template: 'Hi {{name}}' });
    const { events } = await listRegistryEvents('greet');
    expect(events.map((event) => [event.action, event.actor])).toEqual([
      ['create_model', localUser],
      ['create_version', localUser],
    ]);
  });

  it('refuse a request with both a stage and an alias, and an unknown model', async () => {
    await registerModel('file:///models/bot-1', 'bot');
    await expect(createTransitionRequest('bot', 1, { stage: 'Staging', alias: 'champion' })).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE' });
    await expect(listRegistryEvents('ghost')).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
  });
});
