import { describe, expect, it } from 'vitest';
import type { RegistryEvent } from '../../entities/registry-event.js';
import { expectAssayError } from './expect-assay-error.js';
import type { RegistryStoreUnderTest } from './registry-contract.js';
import { useFreshStore, type CreateStore } from './store-fixture.js';

/** What a test compares of an event: all but its id and time. */
function summary({ id: _id, timestamp: _timestamp, ...rest }: RegistryEvent): Omit<RegistryEvent, 'id' | 'timestamp'> {
  return rest;
}

/** The audit log: every registry write leaves one event, in its own transaction. */
export function describeRegistryAuditContract(createStore: CreateStore<RegistryStoreUnderTest>): void {
  describe('audit log', () => {
    const context = useFreshStore(createStore);

    it('records each change with who, before → after and why, in order, and follows a rename', async () => {
      const store = context.store;
      const started = Date.now();
      await store.createRegisteredModel({ name: 'chat', description: 'support bot', actor: 'ana', comment: 'new bot' });
      await store.createModelVersion({ name: 'chat', source: 'file:///1', actor: 'ana' });
      await store.createModelVersion({ name: 'chat', source: 'file:///2', tags: { data: 'v2' }, actor: 'ana' });
      await store.setRegisteredModelAlias({ name: 'chat', alias: 'champion', version: 1, actor: 'ben', comment: 'first release' });
      await store.setRegisteredModelAlias({ name: 'chat', alias: 'champion', version: 2, actor: 'ben' });
      await store.transitionModelVersionStage({ name: 'chat', version: 1, stage: 'Production', actor: 'ben' });
      await store.transitionModelVersionStage({ name: 'chat', version: 2, stage: 'Production', archiveExistingVersions: true, actor: 'cy', comment: 'wins on BLEU' });
      await store.setModelVersionTag({ name: 'chat', version: 2, key: 'data', value: 'v3' });
      await store.deleteModelVersionTag({ name: 'chat', version: 2, key: 'data' });
      await store.updateModelVersion({ name: 'chat', version: 1, description: 'baseline' });
      await store.updateRegisteredModel({ name: 'chat', description: '' });
      await store.setRegisteredModelTag({ name: 'chat', key: 'team', value: 'ml' });
      await store.renameRegisteredModel({ name: 'chat', newName: 'chat-bot', actor: 'ana' });
      await store.deleteRegisteredModelAlias({ name: 'chat-bot', alias: 'champion', actor: 'ana' });
      await store.deleteModelVersion({ name: 'chat-bot', version: 1, actor: 'ana', comment: 'superseded' });

      const events = (await store.listRegistryEvents({ name: 'chat-bot' })).items;
      expect(events.map(summary)).toEqual([
        { name: 'chat', action: 'create_model', actor: 'ana', comment: 'new bot', after: { description: 'support bot' } },
        { name: 'chat', version: 1, action: 'create_version', actor: 'ana', after: { source: 'file:///1', status: 'READY' } },
        { name: 'chat', version: 2, action: 'create_version', actor: 'ana', after: { source: 'file:///2', status: 'READY' } },
        { name: 'chat', version: 1, action: 'set_alias', actor: 'ben', comment: 'first release', before: { alias: 'champion', version: null }, after: { alias: 'champion', version: 1 } },
        { name: 'chat', version: 2, action: 'set_alias', actor: 'ben', before: { alias: 'champion', version: 1 }, after: { alias: 'champion', version: 2 } },
        { name: 'chat', version: 1, action: 'transition_stage', actor: 'ben', before: { stage: 'None' }, after: { stage: 'Production' } },
        { name: 'chat', version: 2, action: 'transition_stage', actor: 'cy', comment: 'wins on BLEU', before: { stage: 'None' }, after: { stage: 'Production', archived: [1] } },
        { name: 'chat', version: 2, action: 'set_version_tag', before: { key: 'data', value: 'v2' }, after: { key: 'data', value: 'v3' } },
        { name: 'chat', version: 2, action: 'delete_version_tag', before: { key: 'data', value: 'v3' } },
        { name: 'chat', version: 1, action: 'update_version', before: { description: null }, after: { description: 'baseline' } },
        { name: 'chat', action: 'update_model', before: { description: 'support bot' }, after: { description: null } },
        { name: 'chat', action: 'set_model_tag', before: { key: 'team', value: null }, after: { key: 'team', value: 'ml' } },
        { name: 'chat', action: 'rename_model', actor: 'ana', before: { name: 'chat' }, after: { name: 'chat-bot' } },
        { name: 'chat-bot', version: 2, action: 'delete_alias', actor: 'ana', before: { alias: 'champion', version: 2 } },
        { name: 'chat-bot', version: 1, action: 'delete_version', actor: 'ana', comment: 'superseded', before: { stage: 'Archived', aliases: [] } },
      ]);
      const ids = events.map((event) => event.id);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
      for (const event of events) expect(event.timestamp).toBeGreaterThanOrEqual(started);

      // One version's events; the old name still finds the history.
      expect((await store.listRegistryEvents({ name: 'chat-bot', version: '1' })).items.map((event) => event.action)).toEqual([
        'create_version',
        'set_alias',
        'transition_stage',
        'update_version',
        'delete_version',
      ]);
      expect((await store.listRegistryEvents({ name: 'chat' })).items).toEqual(events);
    });

    it('pages oldest first', async () => {
      await context.store.createRegisteredModel({ name: 'm' });
      for (let index = 0; index < 6; index += 1) await context.store.createModelVersion({ name: 'm', source: `file:///${index}` });
      const seen: RegistryEvent[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const page = await context.store.listRegistryEvents({ name: 'm', maxResults: 3, ...(pageToken === undefined ? {} : { pageToken }) });
        seen.push(...page.items);
        pageToken = page.nextPageToken;
        pages += 1;
      } while (pageToken !== undefined);
      expect(pages).toBe(3);
      expect(seen.map((event) => event.version ?? 0)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      await expectAssayError(() => context.store.listRegistryEvents({ name: 'm', pageToken: 'abc' }), 'INVALID_PARAMETER_VALUE', 'nextPageToken');
    });

    it('records nothing for a failed or empty change, and keeps a deleted model apart from a new one of its name', async () => {
      const store = context.store;
      await store.createRegisteredModel({ name: 'm', actor: 'ana' });
      await expectAssayError(() => store.createModelVersion({ name: 'm', source: 'file:///x', runId: 'f'.repeat(32) }), 'RESOURCE_DOES_NOT_EXIST');
      await expectAssayError(() => store.setRegisteredModelAlias({ name: 'm', alias: 'champion', version: 4 }), 'RESOURCE_DOES_NOT_EXIST');
      await expectAssayError(() => store.createRegisteredModel({ name: 'm' }), 'RESOURCE_ALREADY_EXISTS');
      await expectAssayError(() => store.setRegisteredModelTag({ name: 'm', key: 'k', value: 'v', comment: 'x'.repeat(5001) }), 'INVALID_PARAMETER_VALUE', 'comment has length 5001');
      await store.deleteRegisteredModelAlias({ name: 'm', alias: 'never-set' });
      await store.deleteRegisteredModelTag({ name: 'm', key: 'never-set' });
      expect((await store.listRegistryEvents({ name: 'm' })).items.map(summary)).toEqual([{ name: 'm', action: 'create_model', actor: 'ana' }]);

      await store.createModelVersion({ name: 'm', source: 'file:///1' });
      await store.deleteRegisteredModel({ name: 'm', actor: 'ben', comment: 'retired' });
      // The deleted model's history stays readable under its name ...
      expect((await store.listRegistryEvents({ name: 'm' })).items.map(summary)).toEqual([
        { name: 'm', action: 'create_model', actor: 'ana' },
        { name: 'm', version: 1, action: 'create_version', after: { source: 'file:///1', status: 'READY' } },
        { name: 'm', action: 'delete_model', actor: 'ben', comment: 'retired', before: { versions: 1 } },
      ]);
      // ... until a new model takes the name; its history starts afresh.
      await store.createRegisteredModel({ name: 'm' });
      expect((await store.listRegistryEvents({ name: 'm' })).items.map((event) => event.action)).toEqual(['create_model']);
      await expectAssayError(() => store.listRegistryEvents({ name: 'never' }), 'RESOURCE_DOES_NOT_EXIST', "'never' not found");
    });
  });
}
