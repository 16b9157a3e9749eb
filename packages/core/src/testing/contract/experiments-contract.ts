import { beforeAll, describe, expect, it } from 'vitest';
import { AssayError } from '../../errors/assay-error.js';
import { DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME, type Experiment } from '../../entities/experiment.js';
import type { SearchExperimentsInput } from '../../store/experiment-store.js';
import type { Store } from '../../store/store.js';
import { expectAssayError } from './expect-assay-error.js';
import { useFreshStore, useSharedStore, type CreateStore } from './store-fixture.js';

async function searchNames(store: Store, input: SearchExperimentsInput): Promise<string[]> {
  const page = await store.searchExperiments(input);
  return page.items.map((experiment) => experiment.name);
}

function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}

/** Creates eval-b {team: ml}, train-a {team: ml}, eval-a {team: web}, other {} in that order. */
async function seedExperiments(store: Store): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  ids['eval-b'] = await store.createExperiment({ name: 'eval-b', tags: { team: 'ml' } });
  ids['train-a'] = await store.createExperiment({ name: 'train-a', tags: { team: 'ml' } });
  ids['eval-a'] = await store.createExperiment({ name: 'eval-a', tags: { team: 'web' } });
  ids['other'] = await store.createExperiment({ name: 'other' });
  return ids;
}

export function describeExperimentsContract(createStore: CreateStore): void {
  describe('experiments', () => {
    const context = useFreshStore(createStore);

    it('a new store has the Default experiment with id 0', async () => {
      const experiment = await context.store.getExperiment({ experimentId: DEFAULT_EXPERIMENT_ID });
      expect(experiment.experimentId).toBe('0');
      expect(experiment.name).toBe(DEFAULT_EXPERIMENT_NAME);
      expect(experiment.name).toBe('Default');
      expect(experiment.lifecycleStage).toBe('active');
      const byName = await context.store.getExperimentByName({ name: 'Default' });
      expect(byName?.experimentId).toBe('0');
    });

    it('a new store lists only the Default experiment', async () => {
      const page = await context.store.searchExperiments();
      expect(page.items.map((experiment) => experiment.experimentId)).toEqual(['0']);
      expect(page.nextPageToken).toBeUndefined();
    });

    it('createExperiment returns a new decimal id', async () => {
      const first = await context.store.createExperiment({ name: 'first' });
      const second = await context.store.createExperiment({ name: 'second' });
      expect(first).toMatch(/^[0-9]+$/u);
      expect(second).toMatch(/^[0-9]+$/u);
      expect(first).not.toBe('0');
      expect(second).not.toBe(first);
    });

    it('getExperiment returns what was created', async () => {
      const before = Date.now();
      const experimentId = await context.store.createExperiment({ name: 'tracked', tags: { team: 'ml', 'owner.email': 'a@b.c' } });
      const after = Date.now();
      const experiment = await context.store.getExperiment({ experimentId });
      expect(experiment.experimentId).toBe(experimentId);
      expect(experiment.name).toBe('tracked');
      expect(experiment.lifecycleStage).toBe('active');
      expect(experiment.tags).toEqual({ team: 'ml', 'owner.email': 'a@b.c' });
      expect(typeof experiment.artifactLocation).toBe('string');
      expect(experiment.artifactLocation.length).toBeGreaterThan(0);
      expect(Number.isInteger(experiment.creationTime)).toBe(true);
      expect(Number.isInteger(experiment.lastUpdateTime)).toBe(true);
      expect(experiment.creationTime).toBeGreaterThanOrEqual(before);
      expect(experiment.creationTime).toBeLessThanOrEqual(after);
      expect(experiment.lastUpdateTime).toBeGreaterThanOrEqual(experiment.creationTime);
    });

    it('getExperimentByName returns the same experiment as getExperiment', async () => {
      const experimentId = await context.store.createExperiment({ name: 'by-name', tags: { a: '1' } });
      const byId = await context.store.getExperiment({ experimentId });
      const byName = await context.store.getExperimentByName({ name: 'by-name' });
      expect(byName).toEqual(byId);
    });

    it('keeps a caller-given artifact location', async () => {
      const experimentId = await context.store.createExperiment({ name: 'located', artifactLocation: 'mlflow-artifacts:/custom' });
      expect((await context.store.getExperiment({ experimentId })).artifactLocation).toBe('mlflow-artifacts:/custom');
    });

    it('rejects a duplicate name with AlreadyExistsError', async () => {
      await context.store.createExperiment({ name: 'twice' });
      const error = await expectAssayError(() => context.store.createExperiment({ name: 'twice' }), 'RESOURCE_ALREADY_EXISTS');
      expect(AssayError.isInstance(error)).toBe(true);
      expect(error.code).toBe('RESOURCE_ALREADY_EXISTS');
      expect(error.message).toContain('twice');
    });

    it('rejects the name of a deleted experiment with AlreadyExistsError', async () => {
      const experimentId = await context.store.createExperiment({ name: 'deleted-name' });
      await context.store.deleteExperiment({ experimentId });
      await expectAssayError(() => context.store.createExperiment({ name: 'deleted-name' }), 'RESOURCE_ALREADY_EXISTS');
    });

    it.each(['', '   '])('rejects the experiment name %j with InvalidParameterError', async (name) => {
      await expectAssayError(() => context.store.createExperiment({ name }), 'INVALID_PARAMETER_VALUE');
      const page = await context.store.searchExperiments({ viewType: 'ALL' });
      expect(page.items).toHaveLength(1);
    });

    it('rejects an experiment tag with an invalid key and creates nothing', async () => {
      await expectAssayError(
        () => context.store.createExperiment({ name: 'bad-tag', tags: { 'bad!key': 'x' } }),
        'INVALID_PARAMETER_VALUE',
        'bad!key',
      );
      expect(await context.store.getExperimentByName({ name: 'bad-tag' })).toBeUndefined();
    });

    describe('rename', () => {
      it('renameExperiment changes the name', async () => {
        const experimentId = await context.store.createExperiment({ name: 'old-name' });
        const before = await context.store.getExperiment({ experimentId });
        await context.store.renameExperiment({ experimentId, newName: 'new-name' });
        const after = await context.store.getExperiment({ experimentId });
        expect(after.name).toBe('new-name');
        expect(after.creationTime).toBe(before.creationTime);
        expect(after.lastUpdateTime).toBeGreaterThanOrEqual(before.lastUpdateTime);
        expect(await context.store.getExperimentByName({ name: 'old-name' })).toBeUndefined();
        expect((await context.store.getExperimentByName({ name: 'new-name' }))?.experimentId).toBe(experimentId);
      });

      it('renaming to a taken name throws AlreadyExistsError', async () => {
        await context.store.createExperiment({ name: 'taken' });
        const experimentId = await context.store.createExperiment({ name: 'mine' });
        await expectAssayError(() => context.store.renameExperiment({ experimentId, newName: 'taken' }), 'RESOURCE_ALREADY_EXISTS');
        expect((await context.store.getExperiment({ experimentId })).name).toBe('mine');
      });

      it('renaming to an empty name throws InvalidParameterError', async () => {
        const experimentId = await context.store.createExperiment({ name: 'keep-me' });
        await expectAssayError(() => context.store.renameExperiment({ experimentId, newName: '' }), 'INVALID_PARAMETER_VALUE');
        expect((await context.store.getExperiment({ experimentId })).name).toBe('keep-me');
      });
    });

    describe('delete and restore', () => {
      it('deleteExperiment marks it deleted and restoreExperiment makes it active again', async () => {
        const experimentId = await context.store.createExperiment({ name: 'doomed' });
        await context.store.deleteExperiment({ experimentId });
        expect((await context.store.getExperiment({ experimentId })).lifecycleStage).toBe('deleted');
        expect((await context.store.getExperimentByName({ name: 'doomed' }))?.lifecycleStage).toBe('deleted');
        await context.store.restoreExperiment({ experimentId });
        expect((await context.store.getExperiment({ experimentId })).lifecycleStage).toBe('active');
      });

      it('searchExperiments honours viewType', async () => {
        const keptId = await context.store.createExperiment({ name: 'kept' });
        const deletedId = await context.store.createExperiment({ name: 'deleted' });
        await context.store.deleteExperiment({ experimentId: deletedId });
        const ids = async (input: SearchExperimentsInput): Promise<string[]> =>
          sorted((await context.store.searchExperiments(input)).items.map((experiment) => experiment.experimentId));
        expect(await ids({})).toEqual(sorted(['0', keptId]));
        expect(await ids({ viewType: 'ACTIVE_ONLY' })).toEqual(sorted(['0', keptId]));
        expect(await ids({ viewType: 'DELETED_ONLY' })).toEqual([deletedId]);
        expect(await ids({ viewType: 'ALL' })).toEqual(sorted(['0', keptId, deletedId]));
        await context.store.restoreExperiment({ experimentId: deletedId });
        expect(await ids({ viewType: 'DELETED_ONLY' })).toEqual([]);
        expect(await ids({ viewType: 'ACTIVE_ONLY' })).toEqual(sorted(['0', keptId, deletedId]));
      });
    });

    describe('tags', () => {
      it('setExperimentTag adds and overwrites a tag', async () => {
        const experimentId = await context.store.createExperiment({ name: 'tagged', tags: { keep: 'yes' } });
        await context.store.setExperimentTag({ experimentId, key: 'stage', value: 'dev' });
        expect((await context.store.getExperiment({ experimentId })).tags).toEqual({ keep: 'yes', stage: 'dev' });
        await context.store.setExperimentTag({ experimentId, key: 'stage', value: 'prod' });
        expect((await context.store.getExperiment({ experimentId })).tags).toEqual({ keep: 'yes', stage: 'prod' });
      });

      it('deleteExperimentTag removes only that tag', async () => {
        const experimentId = await context.store.createExperiment({ name: 'untagged', tags: { a: '1', b: '2' } });
        await context.store.deleteExperimentTag({ experimentId, key: 'a' });
        expect((await context.store.getExperiment({ experimentId })).tags).toEqual({ b: '2' });
      });

      it('setExperimentTag with an invalid key throws InvalidParameterError naming the key', async () => {
        const experimentId = await context.store.createExperiment({ name: 'strict' });
        await expectAssayError(() => context.store.setExperimentTag({ experimentId, key: 'a/../b', value: 'x' }), 'INVALID_PARAMETER_VALUE', 'a/../b');
        expect((await context.store.getExperiment({ experimentId })).tags).toEqual({});
      });
    });
  });

  describe('searchExperiments', () => {
    // Searches only read, so one seeded store serves all of them.
    const context = useSharedStore(createStore);
    const pageIds: string[] = [];

    beforeAll(async () => {
      await seedExperiments(context.store);
      for (let index = 1; index <= 5; index += 1) {
        pageIds.push(await context.store.createExperiment({ name: `page-${index}` }));
      }
    });

    it("filters by name LIKE 'eval-%'", async () => {
      expect(sorted(await searchNames(context.store, { filter: "name LIKE 'eval-%'" }))).toEqual(['eval-a', 'eval-b']);
    });

    it("filters by name ILIKE 'EVAL-%' case-insensitively", async () => {
      expect(sorted(await searchNames(context.store, { filter: "name ILIKE 'EVAL-%'" }))).toEqual(['eval-a', 'eval-b']);
    });

    it('filters by name equality', async () => {
      expect(await searchNames(context.store, { filter: "name = 'train-a'" })).toEqual(['train-a']);
    });

    it("filters by tags.team = 'ml'", async () => {
      expect(sorted(await searchNames(context.store, { filter: "tags.team = 'ml'" }))).toEqual(['eval-b', 'train-a']);
    });

    it('combines conditions with AND', async () => {
      expect(await searchNames(context.store, { filter: "name LIKE 'eval-%' AND tags.team = 'ml'" })).toEqual(['eval-b']);
    });

    it('combines conditions with OR', async () => {
      expect(sorted(await searchNames(context.store, { filter: "name = 'other' OR tags.team = 'web'" }))).toEqual([
        'eval-a',
        'other',
      ]);
    });

    it('groups conditions with parentheses', async () => {
      const filter = "(name LIKE 'eval-%' OR name LIKE 'train-%') AND tags.team = 'ml'";
      expect(sorted(await searchNames(context.store, { filter }))).toEqual(['eval-b', 'train-a']);
    });

    it('orders by name ASC and DESC', async () => {
      const filter = "name LIKE 'eval-%' OR name LIKE 'train-%'";
      expect(await searchNames(context.store, { filter, orderBy: ['name ASC'] })).toEqual(['eval-a', 'eval-b', 'train-a']);
      expect(await searchNames(context.store, { filter, orderBy: ['name DESC'] })).toEqual(['train-a', 'eval-b', 'eval-a']);
    });

    it('orders by experiment_id ASC numerically', async () => {
      expect(await searchNames(context.store, { orderBy: ['experiment_id ASC'] })).toEqual([
        'Default',
        'eval-b',
        'train-a',
        'eval-a',
        'other',
        'page-1',
        'page-2',
        'page-3',
        'page-4',
        'page-5',
      ]);
    });

    it('orders by creation_time', async () => {
      const page = await context.store.searchExperiments({ orderBy: ['creation_time ASC'] });
      const times = page.items.map((experiment) => experiment.creationTime);
      expect(times).toHaveLength(10);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    });

    it('pages with maxResults: tokens chain until absent, without duplicates or gaps', async () => {
      const pages: Experiment[][] = [];
      let pageToken: string | undefined;
      do {
        const page = await context.store.searchExperiments({
          filter: "name LIKE 'page-%'",
          maxResults: 2,
          ...(pageToken === undefined ? {} : { pageToken }),
        });
        pages.push(page.items);
        pageToken = page.nextPageToken;
        if (pages.length > 10) throw new Error('searchExperiments paging never ended');
      } while (pageToken !== undefined);
      expect(pages.map((items) => items.length)).toEqual([2, 2, 1]);
      const ids = pages.flat().map((experiment) => experiment.experimentId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(sorted(ids)).toEqual(sorted(pageIds));
    });

    it('a malformed filter throws InvalidParameterError', async () => {
      await expectAssayError(() => context.store.searchExperiments({ filter: 'name LIKE' }), 'INVALID_PARAMETER_VALUE');
    });
  });
}
