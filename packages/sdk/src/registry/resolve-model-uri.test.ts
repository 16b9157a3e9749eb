import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFoundError } from '@assay/core';
import { createAssay, type Assay } from '../index.js';

// One store for the file: an instance of its own (createAssay), as an app with several stores would use.
let root = '';
let assay: Assay;
let runId = '';
let artifactUri = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'assay-sdk-resolve-'));
  assay = createAssay({ trackingUri: root });
  const run = await assay.startRun({ runName: 'train' });
  await run.logText('flavor: prompt\n', 'model/MLmodel');
  await run.end();
  runId = run.id;
  artifactUri = (await assay.getRun(runId)).info.artifactUri;
  // chat: 1 (Production, then archived), 2 (Production, alias champion), 3 (Staging), 4 (None)
  for (let index = 0; index < 4; index += 1) await assay.registerModel(`runs:/${runId}/model`, 'chat');
  await assay.transitionModelVersionStage('chat', 1, 'Production');
  await assay.transitionModelVersionStage('chat', 2, 'production', { archiveExistingVersions: true });
  await assay.transitionModelVersionStage('chat', 3, 'Staging');
  await assay.setRegisteredModelAlias('chat', 'champion', 2);
  await assay.setRegisteredModelAlias('chat', 'challenger', 3);
  await assay.registerModel('file:///models/empty', 'other');
}, 60_000);

afterAll(async () => {
  await assay.dispose();
  await rm(root, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error('expected a rejection');
  return error;
}

describe('resolveModelUri', () => {
  it('resolves a version number to the version, its source and the run artifact location', async () => {
    const resolved = await assay.resolveModelUri('models:/chat/3');
    expect(resolved.version).toMatchObject({ name: 'chat', version: 3, runId, currentStage: 'Staging' });
    expect(resolved.source).toBe(`runs:/${runId}/model`);
    expect(resolved.downloadUri).toBe(`${artifactUri.replace(/\/+$/u, '')}/model`);
  });

  it('resolves an alias', async () => {
    expect((await assay.resolveModelUri('models:/chat@champion')).version.version).toBe(2);
    expect((await assay.resolveModelUri('models:/chat@challenger')).version.version).toBe(3);
  });

  it('follows an alias that moves', async () => {
    await assay.setRegisteredModelAlias('chat', 'moving', 1);
    expect((await assay.resolveModelUri('models:/chat@moving')).version.version).toBe(1);
    await assay.setRegisteredModelAlias('chat', 'moving', 4);
    expect((await assay.resolveModelUri('models:/chat@moving')).version.version).toBe(4);
    await assay.deleteRegisteredModelAlias('chat', 'moving');
    expect((await rejection(assay.resolveModelUri('models:/chat@moving'))).message).toContain("has no alias 'moving'");
  });

  it('resolves a stage to the newest version in it', async () => {
    expect((await assay.resolveModelUri('models:/chat/Production')).version.version).toBe(2);
    expect((await assay.resolveModelUri('models:/chat/staging')).version.version).toBe(3);
    expect((await assay.resolveModelUri('models:/chat/Archived')).version.version).toBe(1);
    expect((await assay.resolveModelUri('models:/chat/None')).version.version).toBe(4);
  });

  it('resolves latest to the newest version whatever its stage', async () => {
    expect((await assay.resolveModelUri('models:/chat/latest')).version.version).toBe(4);
  });

  it('returns a source of another scheme as the download URI', async () => {
    expect(await assay.resolveModelUri('models:/other/1')).toMatchObject({ source: 'file:///models/empty', downloadUri: 'file:///models/empty' });
  });

  it('says which versions exist when the number is unknown', async () => {
    const error = await rejection(assay.resolveModelUri('models:/chat/9'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe("Cannot resolve 'models:/chat/9': Model version 9 of 'chat' not found; its versions are 1, 2, 3, 4.");
  });

  it('names the URI and the aliases that exist for an unknown alias', async () => {
    const error = await rejection(assay.resolveModelUri('models:/chat@nope'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain("Cannot resolve 'models:/chat@nope'");
    expect(error.message).toContain('its aliases are challenger, champion');
  });

  it('names the URI for an unknown model', async () => {
    for (const uri of ['models:/ghost/1', 'models:/ghost@champion', 'models:/ghost/Production', 'models:/ghost/latest']) {
      const error = await rejection(assay.resolveModelUri(uri));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).toMatch(new RegExp(`^Cannot resolve '${uri.replace(/[/]/gu, '\\/')}': Registered model 'ghost' not found`, 'u'));
    }
  });

  it('says how to fill a stage that has no version', async () => {
    const error = await rejection(assay.resolveModelUri('models:/other/Production'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain("Model 'other' has no version in stage Production, so 'models:/other/Production' names none");
    expect(error.message).toContain('assay models stage other <version> Production');
  });

  it('refuses a malformed URI before touching the store', async () => {
    const error = await rejection(assay.resolveModelUri('models:/chat/Prod'));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.message).toContain("'Prod' is neither a version number, a stage nor 'latest'");
  });
});

describe('registry reads and tags on an instance', () => {
  it('gets versions by alias, searches, and sets tags', async () => {
    expect((await assay.getModelVersionByAlias('chat', 'champion')).aliases).toEqual(['champion']);
    await assay.setRegisteredModelTag('chat', 'owner', 'ana');
    await assay.setModelVersionTag('chat', 2, 'validated', 'true');
    const model = await assay.getRegisteredModel('chat');
    expect(model.tags).toEqual({ owner: 'ana' });
    expect(model.aliases).toEqual({ champion: 2, challenger: 3 });
    expect((await assay.getModelVersion('chat', 2)).tags).toEqual({ validated: 'true' });
    const { registeredModels } = await assay.searchRegisteredModels({ filter: "tags.owner = 'ana'" });
    expect(registeredModels.map((registered) => registered.name)).toEqual(['chat']);
    const { modelVersions } = await assay.searchModelVersions({ filter: "name = 'chat' AND tags.validated = 'true'" });
    expect(modelVersions.map((version) => version.version)).toEqual([2]);
  });
});
