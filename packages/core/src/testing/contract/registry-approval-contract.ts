import { describe, expect, it } from 'vitest';
import { expectAssayError } from './expect-assay-error.js';
import type { RegistryStoreUnderTest } from './registry-contract.js';
import { useFreshStore, type CreateStore } from './store-fixture.js';

/** Protected models and transition requests: a second person approves each stage change and alias move. */
export function describeRegistryApprovalContract(createStore: CreateStore<RegistryStoreUnderTest>): void {
  describe('protected models and transition requests', () => {
    const context = useFreshStore(createStore);

    async function protectedModel(): Promise<void> {
      await context.store.createRegisteredModel({ name: 'chat' });
      await context.store.createModelVersion({ name: 'chat', source: 'file:///1' });
      await context.store.createModelVersion({ name: 'chat', source: 'file:///2' });
      await context.store.transitionModelVersionStage({ name: 'chat', version: 1, stage: 'Production' });
      const model = await context.store.setRegisteredModelProtection({ name: 'chat', protected: true, actor: 'cy', comment: 'serves customers' });
      expect(model.protected).toBe(true);
    }

    it('a protected model changes stage or alias only through a request another user approves', async () => {
      const store = context.store;
      await protectedModel();
      await expectAssayError(() => store.transitionModelVersionStage({ name: 'chat', version: 2, stage: 'Production' }), 'PERMISSION_DENIED', "'chat' is protected", 'createTransitionRequest');
      await expectAssayError(() => store.setRegisteredModelAlias({ name: 'chat', alias: 'champion', version: 2 }), 'PERMISSION_DENIED', 'moving an alias');
      expect((await store.getModelVersion({ name: 'chat', version: 2 })).currentStage).toBe('None');

      const stage = await store.createTransitionRequest({ name: 'chat', version: '2', stage: 'production', archiveExistingVersions: true, actor: 'ana', comment: 'BLEU +2.1' });
      expect(stage).toMatchObject({ name: 'chat', version: 2, stage: 'Production', archiveExistingVersions: true, status: 'PENDING', requestedBy: 'ana', comment: 'BLEU +2.1' });
      const alias = await store.createTransitionRequest({ name: 'chat', version: 2, alias: 'champion', actor: 'ana' });
      expect(alias.id).toBeGreaterThan(stage.id);
      expect((await store.listTransitionRequests({ name: 'chat' })).items.map((request) => request.id)).toEqual([stage.id, alias.id]);
      await expectAssayError(() => store.createTransitionRequest({ name: 'chat', version: 2, alias: 'champion', actor: 'ben' }), 'RESOURCE_ALREADY_EXISTS', 'pending');

      await expectAssayError(() => store.approveTransitionRequest({ id: stage.id, actor: 'ana' }), 'PERMISSION_DENIED', 'ana made transition request', 'cannot approve it');
      expect((await store.getModelVersion({ name: 'chat', version: 2 })).currentStage).toBe('None');
      const approved = await store.approveTransitionRequest({ id: String(stage.id), actor: 'ben', comment: 'checked the eval' });
      expect(approved).toMatchObject({ status: 'APPROVED', decidedBy: 'ben', decisionComment: 'checked the eval' });
      expect(approved.decidedAt).toBeGreaterThanOrEqual(approved.requestedAt);
      expect((await store.searchModelVersions({ filter: "name = 'chat'", orderBy: ['version_number ASC'] })).items.map((version) => version.currentStage)).toEqual([
        'Archived',
        'Production',
      ]);
      await expectAssayError(() => store.approveTransitionRequest({ id: stage.id, actor: 'cy' }), 'INVALID_PARAMETER_VALUE', 'is APPROVED (by ben), not pending');

      const rejected = await store.rejectTransitionRequest({ id: alias.id, actor: 'ben', comment: 'wait a week' });
      expect(rejected).toMatchObject({ status: 'REJECTED', decidedBy: 'ben', decisionComment: 'wait a week' });
      expect((await store.getRegisteredModel({ name: 'chat' })).aliases).toEqual({});
      expect((await store.listTransitionRequests({})).items).toEqual([]);
      expect((await store.listTransitionRequests({ status: 'APPROVED' })).items).toEqual([approved]);

      const log = (await store.listRegistryEvents({ name: 'chat' })).items.filter((event) => event.id > 0).slice(4);
      expect(log.map((event) => [event.action, event.actor ?? null, event.version ?? null, event.comment ?? null])).toEqual([
        ['set_protection', 'cy', null, 'serves customers'],
        ['create_request', 'ana', 2, 'BLEU +2.1'],
        ['create_request', 'ana', 2, null],
        ['transition_stage', 'ben', 2, 'checked the eval'],
        ['approve_request', 'ben', 2, 'checked the eval'],
        ['reject_request', 'ben', 2, 'wait a week'],
      ]);
      expect(log[3]!.after).toEqual({ stage: 'Production', archived: [1] });
    });

    it('gets one request by id, as list and approve return it, whatever its status', async () => {
      const store = context.store;
      await protectedModel();
      const created = await store.createTransitionRequest({ name: 'chat', version: 2, stage: 'Staging', actor: 'ana', comment: 'ready for QA' });
      const pending = await store.getTransitionRequest({ id: created.id });
      expect(pending).toEqual(created);
      expect(pending).toMatchObject({ status: 'PENDING', requestedBy: 'ana', comment: 'ready for QA' });
      expect((await store.listTransitionRequests({ name: 'chat' })).items).toEqual([pending]);
      expect(await store.getTransitionRequest({ id: String(created.id) })).toEqual(pending);

      const approved = await store.approveTransitionRequest({ id: created.id, actor: 'ben', comment: 'QA signed off' });
      const got = await store.getTransitionRequest({ id: created.id });
      expect(got).toEqual(approved);
      expect(got).toMatchObject({ status: 'APPROVED', decidedBy: 'ben', decisionComment: 'QA signed off' });
      expect(got.decidedAt).toBeGreaterThanOrEqual(got.requestedAt);
      expect((await store.listTransitionRequests({ status: 'APPROVED' })).items).toEqual([got]);
    });

    it('getTransitionRequest refuses an unknown id and an id that is not a positive integer', async () => {
      const store = context.store;
      await expectAssayError(() => store.getTransitionRequest({ id: 99 }), 'RESOURCE_DOES_NOT_EXIST', 'Transition request 99 not found', 'listTransitionRequests');
      await expectAssayError(() => store.getTransitionRequest({ id: '99' }), 'RESOURCE_DOES_NOT_EXIST', 'Transition request 99 not found');
      for (const id of [0, -1, 'abc', 1.5]) {
        await expectAssayError(() => store.getTransitionRequest({ id }), 'INVALID_PARAMETER_VALUE', 'positive integer');
      }
    });

    it('checks requests, cancels those of a deleted version, and lifts protection', async () => {
      const store = context.store;
      await protectedModel();
      await expectAssayError(() => store.createTransitionRequest({ name: 'chat', version: 2, actor: 'ana' }), 'INVALID_PARAMETER_VALUE', 'either a stage or an alias');
      await expectAssayError(() => store.createTransitionRequest({ name: 'chat', version: 2, stage: 'Staging', alias: 'x', actor: 'ana' }), 'INVALID_PARAMETER_VALUE', 'either a stage or an alias');
      await expectAssayError(() => store.createTransitionRequest({ name: 'chat', version: 2, stage: 'Staging', actor: '' }), 'INVALID_PARAMETER_VALUE', 'needs an actor');
      await expectAssayError(() => store.createTransitionRequest({ name: 'chat', version: 9, stage: 'Staging', actor: 'ana' }), 'RESOURCE_DOES_NOT_EXIST', 'its versions are 1, 2');
      await expectAssayError(() => store.createTransitionRequest({ name: 'chat', version: 2, stage: 'Archived', archiveExistingVersions: true, actor: 'ana' }), 'INVALID_PARAMETER_VALUE', 'Staging or Production');
      await expectAssayError(() => store.approveTransitionRequest({ id: 99, actor: 'ben' }), 'RESOURCE_DOES_NOT_EXIST', 'Transition request 99 not found');
      await expectAssayError(() => store.approveTransitionRequest({ id: 'one', actor: 'ben' }), 'INVALID_PARAMETER_VALUE', 'positive integer');
      await expectAssayError(() => store.listTransitionRequests({ status: 'DONE' as never }), 'INVALID_PARAMETER_VALUE', 'PENDING, APPROVED, REJECTED, CANCELLED');

      const request = await store.createTransitionRequest({ name: 'chat', version: 2, stage: 'Staging', actor: 'ana' });
      // The requester may withdraw (reject) their own request.
      expect((await store.rejectTransitionRequest({ id: request.id, actor: 'ana' })).status).toBe('REJECTED');
      const pending = await store.createTransitionRequest({ name: 'chat', version: 2, stage: 'Staging', actor: 'ana' });
      await store.deleteModelVersion({ name: 'chat', version: 2, actor: 'cy' });
      expect((await store.listTransitionRequests({ status: 'CANCELLED' })).items).toMatchObject([{ id: pending.id, status: 'CANCELLED', decidedBy: 'cy' }]);
      await expectAssayError(() => store.approveTransitionRequest({ id: pending.id, actor: 'ben' }), 'INVALID_PARAMETER_VALUE', 'is CANCELLED');

      expect((await store.setRegisteredModelProtection({ name: 'chat', protected: false, actor: 'cy' })).protected).toBe(false);
      await store.setRegisteredModelAlias({ name: 'chat', alias: 'champion', version: 1 });
      expect((await store.getRegisteredModel({ name: 'chat' })).aliases).toEqual({ champion: 1 });
    });
  });
}
