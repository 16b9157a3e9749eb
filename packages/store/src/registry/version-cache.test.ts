import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelVersion } from '@assay/core';
import { DuckDbStore } from '../duckdb-store.js';
import { LocalStore } from '../local/local-store.js';

const moveAliasScript = join(dirname(fileURLToPath(import.meta.url)), '..', '__fixtures__', 'move-alias.ts');

/** What a cached read must agree with: the fields a change can move. */
const seen = ({ version, currentStage, description, tags, aliases }: ModelVersion) => ({ version, currentStage, description, tags, aliases });

describe('single model versions read again after each registry change (the version cache)', () => {
  let store: DuckDbStore;
  beforeEach(async () => {
    store = await DuckDbStore.open({ path: ':memory:' });
    await store.createRegisteredModel({ name: 'm' });
    for (let index = 0; index < 3; index += 1) await store.createModelVersion({ name: 'm', source: `file:///m/${index}` });
    await store.setRegisteredModelAlias({ name: 'm', alias: 'champion', version: 1 });
  });
  afterEach(() => store.close());

  /** Reads twice (the second read is the cached one) and checks both against a fresh search. */
  async function expectFresh(read: () => Promise<ModelVersion>, expected: Partial<ReturnType<typeof seen>>): Promise<void> {
    await read();
    const version = await read();
    expect(seen(version)).toMatchObject(expected);
    const [searched] = (await store.searchModelVersions({ filter: `name = 'm' AND version_number = ${version.version}` })).items;
    expect(seen(version)).toEqual(seen(searched!));
  }

  const byAlias = () => store.getModelVersionByAlias({ name: 'm', alias: 'champion' });
  const two = () => store.getModelVersion({ name: 'm', version: 2 });

  it('follows an alias move and delete', async () => {
    await expectFresh(byAlias, { version: 1, aliases: ['champion'] });
    await expectFresh(two, { aliases: [] });
    await store.setRegisteredModelAlias({ name: 'm', alias: 'champion', version: 2 });
    await expectFresh(byAlias, { version: 2, aliases: ['champion'] });
    await expectFresh(two, { aliases: ['champion'] });
    await store.deleteRegisteredModelAlias({ name: 'm', alias: 'champion' });
    await expect(byAlias()).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    await expectFresh(two, { aliases: [] });
  });

  it('follows stage transitions (archiving others), descriptions and tags', async () => {
    await expectFresh(byAlias, { currentStage: 'None' });
    await store.transitionModelVersionStage({ name: 'm', version: 1, stage: 'Production' });
    await expectFresh(byAlias, { currentStage: 'Production' });
    await store.transitionModelVersionStage({ name: 'm', version: 2, stage: 'Production', archiveExistingVersions: true });
    await expectFresh(byAlias, { currentStage: 'Archived' });
    await store.updateModelVersion({ name: 'm', version: 1, description: 'retired' });
    await expectFresh(byAlias, { description: 'retired' });
    await store.setModelVersionTag({ name: 'm', version: 1, key: 'k', value: 'v' });
    await expectFresh(byAlias, { tags: { k: 'v' } });
    await store.deleteModelVersionTag({ name: 'm', version: 1, key: 'k' });
    await expectFresh(byAlias, { tags: {} });
  });

  it('follows a rename, a version delete and a model delete', async () => {
    await expectFresh(byAlias, { version: 1 });
    await store.renameRegisteredModel({ name: 'm', newName: 'n' });
    await expect(byAlias()).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    expect((await store.getModelVersionByAlias({ name: 'n', alias: 'champion' })).name).toBe('n');
    await store.renameRegisteredModel({ name: 'n', newName: 'm' });
    await expectFresh(byAlias, { version: 1 });
    await store.deleteModelVersion({ name: 'm', version: 1 });
    await expect(byAlias()).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    await expectFresh(two, { version: 2 });
    await store.deleteRegisteredModel({ name: 'm' });
    await expect(two()).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
  });

  it('follows an approved request on a protected model', async () => {
    await store.setRegisteredModelProtection({ name: 'm', protected: true });
    await expectFresh(byAlias, { version: 1 });
    const request = await store.createTransitionRequest({ name: 'm', version: 3, alias: 'champion', actor: 'ann' });
    await expectFresh(byAlias, { version: 1 });
    await store.approveTransitionRequest({ id: request.id, actor: 'bob' });
    await expectFresh(byAlias, { version: 3 });
  });

  it('hands each caller its own copy', async () => {
    const first = await byAlias();
    first.tags.changed = 'by the caller';
    first.aliases.push('not-an-alias');
    expect(seen(await byAlias())).toEqual({ version: 1, currentStage: 'None', tags: {}, aliases: ['champion'] });
  });
});

describe('the version cache with several processes on one store', () => {
  it('sees an alias moved by another process', async () => {
    const root = await mkdtemp(join(tmpdir(), 'assay-version-cache-'));
    const store = await LocalStore.open({ root });
    try {
      await store.createRegisteredModel({ name: 'm' });
      for (let index = 0; index < 2; index += 1) await store.createModelVersion({ name: 'm', source: `file:///m/${index}` });
      await store.setRegisteredModelAlias({ name: 'm', alias: 'champion', version: 1 });
      expect((await store.getModelVersionByAlias({ name: 'm', alias: 'champion' })).version).toBe(1);
      expect((await store.getModelVersionByAlias({ name: 'm', alias: 'champion' })).version).toBe(1);
      await promisify(execFile)(process.execPath, ['--conditions=@assay/source', '--import', 'tsx', moveAliasScript, root, 'm', 'champion', '2']);
      expect((await store.getModelVersionByAlias({ name: 'm', alias: 'champion' })).version).toBe(2);
    } finally {
      await store.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
