import { describe, expect, it } from 'vitest';
import type { RegistryStore } from '../../store/registry-store.js';
import type { Store } from '../../store/store.js';
import { expectAssayError } from './expect-assay-error.js';
import { describeRegistryApprovalContract } from './registry-approval-contract.js';
import { describeRegistryAuditContract } from './registry-audit-contract.js';
import { useFreshStore, type CreateStore } from './store-fixture.js';

/** A store with the model registry. */
export type RegistryStoreUnderTest = Store & RegistryStore;

export function describeRegistryContract(createStore: CreateStore<RegistryStoreUnderTest>): void {
  describe('registered models', () => {
    const context = useFreshStore(createStore);

    it('create, get, update the description, rename, delete', async () => {
      const before = Date.now();
      const created = await context.store.createRegisteredModel({ name: 'chat', description: 'support bot', tags: { team: 'ml' } });
      expect(created).toMatchObject({ name: 'chat', description: 'support bot', tags: { team: 'ml' }, latestVersions: [], aliases: {} });
      expect(created.creationTimestamp).toBeGreaterThanOrEqual(before);
      expect(created.lastUpdatedTimestamp).toBe(created.creationTimestamp);
      expect(await context.store.getRegisteredModel({ name: 'chat' })).toEqual(created);

      const updated = await context.store.updateRegisteredModel({ name: 'chat', description: 'support bot, v2 prompts' });
      expect(updated.description).toBe('support bot, v2 prompts');
      expect((await context.store.updateRegisteredModel({ name: 'chat', description: '' })).description).toBeUndefined();

      await context.store.createModelVersion({ name: 'chat', source: 's3://bucket/chat/1' });
      await context.store.setRegisteredModelAlias({ name: 'chat', alias: 'champion', version: 1 });
      const renamed = await context.store.renameRegisteredModel({ name: 'chat', newName: 'chat-bot' });
      expect(renamed).toMatchObject({ name: 'chat-bot', tags: { team: 'ml' }, aliases: { champion: 1 } });
      expect(renamed.latestVersions.map((version) => [version.name, version.version])).toEqual([['chat-bot', 1]]);
      await expectAssayError(() => context.store.getRegisteredModel({ name: 'chat' }), 'RESOURCE_DOES_NOT_EXIST', "Registered model 'chat' not found");
      expect((await context.store.getModelVersionByAlias({ name: 'chat-bot', alias: 'champion' })).source).toBe('s3://bucket/chat/1');

      await context.store.deleteRegisteredModel({ name: 'chat-bot' });
      await expectAssayError(() => context.store.getRegisteredModel({ name: 'chat-bot' }), 'RESOURCE_DOES_NOT_EXIST');
      expect((await context.store.searchModelVersions({})).items).toEqual([]);
      // The name is free again, and the new model starts at version 1.
      await context.store.createRegisteredModel({ name: 'chat-bot' });
      expect((await context.store.createModelVersion({ name: 'chat-bot', source: 'file:///m' })).version).toBe(1);
    });

    it('rejects taken names, unknown models and bad names with what to do', async () => {
      await context.store.createRegisteredModel({ name: 'a' });
      await context.store.createRegisteredModel({ name: 'b' });
      await expectAssayError(() => context.store.createRegisteredModel({ name: 'a' }), 'RESOURCE_ALREADY_EXISTS', "'a' already exists");
      await expectAssayError(() => context.store.renameRegisteredModel({ name: 'a', newName: 'b' }), 'RESOURCE_ALREADY_EXISTS', "'b' already exists");
      await expectAssayError(() => context.store.renameRegisteredModel({ name: 'zz', newName: 'c' }), 'RESOURCE_DOES_NOT_EXIST', "'zz' not found");
      await expectAssayError(() => context.store.updateRegisteredModel({ name: 'zz', description: 'x' }), 'RESOURCE_DOES_NOT_EXIST');
      await expectAssayError(() => context.store.deleteRegisteredModel({ name: 'zz' }), 'RESOURCE_DOES_NOT_EXIST');
      await expectAssayError(() => context.store.createRegisteredModel({ name: '' }), 'INVALID_PARAMETER_VALUE', 'non-empty');
      await expectAssayError(() => context.store.createRegisteredModel({ name: 'a@b' }), 'INVALID_PARAMETER_VALUE', "must not contain '/', '@' or ':'");
      await expectAssayError(() => context.store.createRegisteredModel({ name: 'x'.repeat(251) }), 'INVALID_PARAMETER_VALUE', 'limit of 250');
      await expectAssayError(
        () => context.store.createRegisteredModel({ name: 'c', tags: { '../up': 'v' } }),
        'INVALID_PARAMETER_VALUE',
        "Tag key '../up' is invalid",
      );
      // Renaming to its own name is a no-op.
      expect((await context.store.renameRegisteredModel({ name: 'a', newName: 'a' })).name).toBe('a');
    });

    it('sets, replaces and deletes model tags', async () => {
      await context.store.createRegisteredModel({ name: 'tagged' });
      await context.store.setRegisteredModelTag({ name: 'tagged', key: 'owner', value: 'ana' });
      await context.store.setRegisteredModelTag({ name: 'tagged', key: 'owner', value: 'bo' });
      await context.store.setRegisteredModelTag({ name: 'tagged', key: 'mlflow.prompt.is_prompt', value: 'false' });
      expect((await context.store.getRegisteredModel({ name: 'tagged' })).tags).toEqual({ owner: 'bo', 'mlflow.prompt.is_prompt': 'false' });
      await context.store.deleteRegisteredModelTag({ name: 'tagged', key: 'owner' });
      await context.store.deleteRegisteredModelTag({ name: 'tagged', key: 'never-set' });
      expect((await context.store.getRegisteredModel({ name: 'tagged' })).tags).toEqual({ 'mlflow.prompt.is_prompt': 'false' });
      await expectAssayError(() => context.store.setRegisteredModelTag({ name: 'nope', key: 'k', value: 'v' }), 'RESOURCE_DOES_NOT_EXIST');
      await expectAssayError(
        () => context.store.setRegisteredModelTag({ name: 'tagged', key: 'k', value: 'v'.repeat(5001) }),
        'INVALID_PARAMETER_VALUE',
        'limit of 5000',
      );
    });

    it('searches with MLflow filters, OR and parentheses, order_by and pages', async () => {
      await context.store.createRegisteredModel({ name: 'chat-small', tags: { team: 'ml', tier: 'cheap' } });
      await context.store.createRegisteredModel({ name: 'chat-large', tags: { team: 'ml', tier: 'premium' } });
      await context.store.createRegisteredModel({ name: 'Embedder', tags: { team: 'search' } });
      await context.store.createRegisteredModel({ name: 'greeting', tags: { 'mlflow.prompt.is_prompt': 'true' } });
      const names = async (filter?: string, orderBy?: string[]): Promise<string[]> =>
        (await context.store.searchRegisteredModels({ ...(filter !== undefined ? { filter } : {}), ...(orderBy ? { orderBy } : {}) })).items.map(
          (model) => model.name,
        );
      expect(await names()).toEqual(['Embedder', 'chat-large', 'chat-small', 'greeting']);
      expect(await names("name LIKE 'chat-%'")).toEqual(['chat-large', 'chat-small']);
      expect(await names("name ILIKE 'EMB%'")).toEqual(['Embedder']);
      expect(await names("tags.team = 'ml' AND tags.tier != 'cheap'")).toEqual(['chat-large']);
      expect(await names("tags.tier = 'cheap' OR (tags.team = 'search' AND name = 'Embedder')")).toEqual(['Embedder', 'chat-small']);
      // What MLflow 3 clients append to every model search: prompts are left out, models without the tag kept.
      expect(await names("name != 'x' AND tags.`mlflow.prompt.is_prompt` != 'true'")).toEqual(['Embedder', 'chat-large', 'chat-small']);
      expect(await names("tags.`mlflow.prompt.is_prompt` = 'true'")).toEqual(['greeting']);
      expect(await names("name IN ('greeting', 'Embedder')")).toEqual(['Embedder', 'greeting']);
      expect(await names(undefined, ['name DESC'])).toEqual(['greeting', 'chat-small', 'chat-large', 'Embedder']);
      expect(await names(undefined, ['creation_timestamp DESC', 'name ASC'])).toHaveLength(4);

      const first = await context.store.searchRegisteredModels({ maxResults: 3 });
      expect(first.items.map((model) => model.name)).toEqual(['Embedder', 'chat-large', 'chat-small']);
      const second = await context.store.searchRegisteredModels({ maxResults: 3, pageToken: first.nextPageToken! });
      expect(second.items.map((model) => model.name)).toEqual(['greeting']);
      expect(second.nextPageToken).toBeUndefined();

      await expectAssayError(() => context.store.searchRegisteredModels({ filter: "metrics.acc > 1" }), 'INVALID_PARAMETER_VALUE');
      await expectAssayError(() => context.store.searchRegisteredModels({ filter: "name = " }), 'INVALID_PARAMETER_VALUE');
      await expectAssayError(() => context.store.searchRegisteredModels({ maxResults: 1001 }), 'INVALID_PARAMETER_VALUE', 'between 1 and 1000');
    });
  });

  describe('model versions', () => {
    const context = useFreshStore(createStore);

    it('numbers versions per model from 1, keeps run lineage, and resolves the download URI', async () => {
      const experimentId = await context.store.createExperiment({ name: 'training' });
      const run = await context.store.createRun({ experimentId, runName: 'fine-tune' });
      const runId = run.info.runId;
      await context.store.logBatch({
        runId,
        params: [{ key: 'lr', value: '0.001' }],
        metrics: [{ key: 'rougeL', value: 0.61, timestamp: 1, step: 0 }],
      });
      await context.store.createRegisteredModel({ name: 'summarizer' });
      await context.store.createRegisteredModel({ name: 'other' });

      const v1 = await context.store.createModelVersion({
        name: 'summarizer',
        source: `runs:/${runId}/model`,
        runId,
        description: 'first cut',
        tags: { dataset: 'cnn' },
      });
      expect(v1).toMatchObject({
        name: 'summarizer',
        version: 1,
        currentStage: 'None',
        status: 'READY',
        source: `runs:/${runId}/model`,
        runId,
        description: 'first cut',
        tags: { dataset: 'cnn' },
        aliases: [],
      });
      expect((await context.store.createModelVersion({ name: 'other', source: 'file:///other' })).version).toBe(1);
      expect((await context.store.createModelVersion({ name: 'summarizer', source: 's3://b/m2' })).version).toBe(2);
      expect(await context.store.getModelVersion({ name: 'summarizer', version: '1' })).toEqual(v1);

      // Lineage: the run, its experiment, params and metrics are reachable from the version.
      const lineage = await context.store.getRun({ runId: (await context.store.getModelVersion({ name: 'summarizer', version: 1 })).runId! });
      expect(lineage.info.experimentId).toBe(experimentId);
      expect((await context.store.getExperiment({ experimentId: lineage.info.experimentId })).name).toBe('training');
      expect(lineage.data.params).toEqual({ lr: '0.001' });
      expect(lineage.data.metrics).toEqual({ rougeL: 0.61 });

      expect(await context.store.getModelVersionDownloadUri({ name: 'summarizer', version: 1 })).toBe(`${run.info.artifactUri}/model`);
      expect(await context.store.getModelVersionDownloadUri({ name: 'summarizer', version: 2 })).toBe('s3://b/m2');

      await expectAssayError(
        () => context.store.createModelVersion({ name: 'summarizer', source: 's', runId: 'f'.repeat(32) }),
        'RESOURCE_DOES_NOT_EXIST',
        `Run '${'f'.repeat(32)}' not found`,
      );
      await expectAssayError(() => context.store.createModelVersion({ name: 'nope', source: 's' }), 'RESOURCE_DOES_NOT_EXIST', "'nope' not found");
      await expectAssayError(() => context.store.createModelVersion({ name: 'summarizer', source: '' }), 'INVALID_PARAMETER_VALUE', 'non-empty artifact URI');
      await expectAssayError(() => context.store.getModelVersion({ name: 'summarizer', version: 9 }), 'RESOURCE_DOES_NOT_EXIST', 'its versions are 1, 2');
      await expectAssayError(() => context.store.getModelVersion({ name: 'summarizer', version: 0 }), 'INVALID_PARAMETER_VALUE', 'at least 1');
      // The failed registrations took no number.
      expect((await context.store.createModelVersion({ name: 'summarizer', source: 's3://b/m3' })).version).toBe(3);
    });

    it('deleting a version never frees its number; latestVersions follow', async () => {
      await context.store.createRegisteredModel({ name: 'm' });
      for (let index = 0; index < 3; index += 1) await context.store.createModelVersion({ name: 'm', source: `file:///m/${index}` });
      await context.store.setRegisteredModelAlias({ name: 'm', alias: 'champion', version: 3 });
      await context.store.deleteModelVersion({ name: 'm', version: 3 });
      const model = await context.store.getRegisteredModel({ name: 'm' });
      expect(model.aliases).toEqual({});
      expect(model.latestVersions.map((version) => version.version)).toEqual([2]);
      expect((await context.store.createModelVersion({ name: 'm', source: 'file:///m/4' })).version).toBe(4);
      await expectAssayError(() => context.store.deleteModelVersion({ name: 'm', version: 3 }), 'RESOURCE_DOES_NOT_EXIST', 'its versions are 1, 2, 4');
    });

    it('updates descriptions and moves a pending registration to READY or FAILED_REGISTRATION once', async () => {
      await context.store.createRegisteredModel({ name: 'm' });
      const pending = await context.store.createModelVersion({ name: 'm', source: 'file:///m', status: 'PENDING_REGISTRATION', statusMessage: 'copying' });
      expect(pending).toMatchObject({ status: 'PENDING_REGISTRATION', statusMessage: 'copying' });
      const ready = await context.store.updateModelVersion({ name: 'm', version: 1, status: 'READY', statusMessage: '' });
      expect(ready.status).toBe('READY');
      expect(ready.statusMessage).toBeUndefined();
      await expectAssayError(
        () => context.store.updateModelVersion({ name: 'm', version: 1, status: 'FAILED_REGISTRATION' }),
        'INVALID_PARAMETER_VALUE',
        'only a PENDING_REGISTRATION',
      );
      const described = await context.store.updateModelVersion({ name: 'm', version: 1, description: 'good' });
      expect(described).toMatchObject({ description: 'good', status: 'READY' });
      expect(described.lastUpdatedTimestamp).toBeGreaterThanOrEqual(pending.lastUpdatedTimestamp);
      const failed = await context.store.createModelVersion({ name: 'm', source: 'file:///m2', status: 'PENDING_REGISTRATION' });
      expect((await context.store.updateModelVersion({ name: 'm', version: failed.version, status: 'FAILED_REGISTRATION', statusMessage: 'disk full' })).statusMessage).toBe(
        'disk full',
      );
      await expectAssayError(() => context.store.updateModelVersion({ name: 'm', version: 1 }), 'INVALID_PARAMETER_VALUE', 'needs a description');
      await expectAssayError(
        () => context.store.createModelVersion({ name: 'm', source: 's', status: 'DONE' as 'READY' }),
        'INVALID_PARAMETER_VALUE',
        'PENDING_REGISTRATION, READY, FAILED_REGISTRATION',
      );
    });

    it('sets and deletes version tags', async () => {
      await context.store.createRegisteredModel({ name: 'm' });
      await context.store.createModelVersion({ name: 'm', source: 'file:///m', tags: { a: '1' } });
      await context.store.setModelVersionTag({ name: 'm', version: 1, key: 'validated', value: 'yes' });
      await context.store.setModelVersionTag({ name: 'm', version: 1, key: 'a', value: '2' });
      expect((await context.store.getModelVersion({ name: 'm', version: 1 })).tags).toEqual({ a: '2', validated: 'yes' });
      await context.store.deleteModelVersionTag({ name: 'm', version: 1, key: 'a' });
      expect((await context.store.getModelVersion({ name: 'm', version: 1 })).tags).toEqual({ validated: 'yes' });
      await expectAssayError(() => context.store.setModelVersionTag({ name: 'm', version: 2, key: 'k', value: 'v' }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('searches versions by name, run_id, source, version number, tags, with OR, order_by and pages', async () => {
      const run = await context.store.createRun({ experimentId: '0' });
      const runId = run.info.runId;
      await context.store.createRegisteredModel({ name: 'a' });
      await context.store.createRegisteredModel({ name: 'b' });
      await context.store.createModelVersion({ name: 'a', source: `runs:/${runId}/model`, runId });
      await context.store.createModelVersion({ name: 'a', source: 's3://bucket/a2', tags: { validated: 'yes' } });
      await context.store.createModelVersion({ name: 'b', source: 's3://bucket/b1', runId });
      const found = async (filter?: string, orderBy?: string[]): Promise<string[]> =>
        (await context.store.searchModelVersions({ ...(filter !== undefined ? { filter } : {}), ...(orderBy ? { orderBy } : {}) })).items.map(
          (version) => `${version.name}/${version.version}`,
        );
      expect(await found()).toEqual(['a/2', 'a/1', 'b/1']);
      expect(await found("name = 'a'")).toEqual(['a/2', 'a/1']);
      expect(await found(`run_id = '${runId}'`)).toEqual(['a/1', 'b/1']);
      expect(await found(`run_id IN ('${runId}', 'x')`)).toEqual(['a/1', 'b/1']);
      expect(await found("source_path LIKE 's3://bucket/%'")).toEqual(['a/2', 'b/1']);
      expect(await found("tags.validated = 'yes'")).toEqual(['a/2']);
      // A version without the tag is not 'yes' either (the registry's rule for != and NOT IN on tags).
      expect(await found("tags.validated != 'yes'")).toEqual(['a/1', 'b/1']);
      expect(await found("tags.validated NOT IN ('no')")).toEqual(['a/2', 'a/1', 'b/1']);
      expect(await found("name = 'a' AND version_number >= 2")).toEqual(['a/2']);
      expect(await found("tags.validated = 'yes' OR (name = 'b' AND run_id != '')")).toEqual(['a/2', 'b/1']);
      expect(await found(undefined, ['version_number ASC', 'name DESC'])).toEqual(['b/1', 'a/1', 'a/2']);
      const page = await context.store.searchModelVersions({ maxResults: 2 });
      expect(page.items).toHaveLength(2);
      expect((await context.store.searchModelVersions({ maxResults: 2, pageToken: page.nextPageToken! })).items.map((version) => version.name)).toEqual(['b']);
      await expectAssayError(() => context.store.searchModelVersions({ filter: "version_number = 'x'" }), 'INVALID_PARAMETER_VALUE');
      await expectAssayError(() => context.store.searchModelVersions({ filter: "params.lr = '1'" }), 'INVALID_PARAMETER_VALUE');
    });
  });

  describe('aliases and stages', () => {
    const context = useFreshStore(createStore);

    it('an alias points at one version; setting it again moves it', async () => {
      await context.store.createRegisteredModel({ name: 'm' });
      await context.store.createModelVersion({ name: 'm', source: 'file:///1' });
      await context.store.createModelVersion({ name: 'm', source: 'file:///2' });
      await context.store.setRegisteredModelAlias({ name: 'm', alias: 'champion', version: 1 });
      await context.store.setRegisteredModelAlias({ name: 'm', alias: 'challenger', version: '2' });
      expect((await context.store.getModelVersionByAlias({ name: 'm', alias: 'champion' })).version).toBe(1);
      await context.store.setRegisteredModelAlias({ name: 'm', alias: 'champion', version: 2 });
      expect((await context.store.getModelVersionByAlias({ name: 'm', alias: 'champion' })).version).toBe(2);
      expect((await context.store.getModelVersion({ name: 'm', version: 2 })).aliases).toEqual(['challenger', 'champion']);
      expect((await context.store.getModelVersion({ name: 'm', version: 1 })).aliases).toEqual([]);
      expect((await context.store.getRegisteredModel({ name: 'm' })).aliases).toEqual({ challenger: 2, champion: 2 });

      await context.store.deleteRegisteredModelAlias({ name: 'm', alias: 'challenger' });
      await context.store.deleteRegisteredModelAlias({ name: 'm', alias: 'never-set' });
      await expectAssayError(() => context.store.getModelVersionByAlias({ name: 'm', alias: 'challenger' }), 'RESOURCE_DOES_NOT_EXIST', 'its aliases are champion');
      await expectAssayError(() => context.store.setRegisteredModelAlias({ name: 'm', alias: 'x', version: 7 }), 'RESOURCE_DOES_NOT_EXIST', 'its versions are 1, 2');
      await expectAssayError(() => context.store.setRegisteredModelAlias({ name: 'm', alias: 'latest', version: 1 }), 'INVALID_PARAMETER_VALUE', 'reserved');
      await expectAssayError(() => context.store.setRegisteredModelAlias({ name: 'm', alias: 'v3', version: 1 }), 'INVALID_PARAMETER_VALUE', 'reserved');
      await expectAssayError(() => context.store.setRegisteredModelAlias({ name: 'm', alias: 'a b', version: 1 }), 'INVALID_PARAMETER_VALUE', "letters, digits, '_' and '-'");
      await expectAssayError(() => context.store.getModelVersionByAlias({ name: 'nope', alias: 'champion' }), 'RESOURCE_DOES_NOT_EXIST', "'nope' not found");
    });

    it('transitions stages, archiving the versions already there when asked, as MLflow', async () => {
      await context.store.createRegisteredModel({ name: 'm' });
      for (let index = 0; index < 3; index += 1) await context.store.createModelVersion({ name: 'm', source: `file:///${index}` });
      expect((await context.store.transitionModelVersionStage({ name: 'm', version: 1, stage: 'Production' })).currentStage).toBe('Production');
      // Without archiving, two versions can be in Production.
      await context.store.transitionModelVersionStage({ name: 'm', version: 2, stage: 'production' });
      expect((await context.store.getModelVersion({ name: 'm', version: 1 })).currentStage).toBe('Production');
      await context.store.transitionModelVersionStage({ name: 'm', version: 3, stage: 'Production', archiveExistingVersions: true });
      const stages = (await context.store.searchModelVersions({ filter: "name = 'm'", orderBy: ['version_number ASC'] })).items.map((version) => version.currentStage);
      expect(stages).toEqual(['Archived', 'Archived', 'Production']);
      expect((await context.store.getLatestVersions({ name: 'm' })).map((version) => [version.currentStage, version.version])).toEqual([
        ['Production', 3],
        ['Archived', 2],
      ]);
      expect((await context.store.getLatestVersions({ name: 'm', stages: ['archived'] })).map((version) => version.version)).toEqual([2]);
      expect((await context.store.searchModelVersions({ filter: "current_stage = 'Archived'" })).items).toHaveLength(2);
      await expectAssayError(() => context.store.transitionModelVersionStage({ name: 'm', version: 1, stage: 'Live' }), 'INVALID_PARAMETER_VALUE', 'None, Staging, Production, Archived');
      await expectAssayError(
        () => context.store.transitionModelVersionStage({ name: 'm', version: 1, stage: 'Archived', archiveExistingVersions: true }),
        'INVALID_PARAMETER_VALUE',
        'only to a transition to Staging or Production',
      );
    });
  });

  describeRegistryAuditContract(createStore);
  describeRegistryApprovalContract(createStore);
}
