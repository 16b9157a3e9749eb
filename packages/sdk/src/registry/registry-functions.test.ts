import { describe, expect, it } from 'vitest';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import {
  deleteRegisteredModelAlias,
  getModelVersion,
  getModelVersionByAlias,
  getRegisteredModel,
  registerModel,
  resolveModelUri,
  searchRegisteredModels,
  setModelVersionTag,
  setRegisteredModelAlias,
  setRegisteredModelTag,
  transitionModelVersionStage,
} from '../index.js';

useTempTrackingUri();

describe('the module-level registry functions', () => {
  it('promote a version with an alias and a stage, and resolve it by both', async () => {
    await registerModel('file:///models/chat-1', 'chat');
    await registerModel('file:///models/chat-2', 'chat');
    await setRegisteredModelAlias('chat', 'champion', '2');
    expect((await getModelVersionByAlias('chat', 'champion')).version).toBe(2);
    const promoted = await transitionModelVersionStage('chat', 2, 'production');
    expect(promoted.currentStage).toBe('Production');
    expect(await resolveModelUri('models:/chat@champion')).toMatchObject({ version: { version: 2 }, downloadUri: 'file:///models/chat-2' });
    expect((await resolveModelUri('models:/chat/Production')).source).toBe('file:///models/chat-2');

    await deleteRegisteredModelAlias('chat', 'champion');
    expect((await getRegisteredModel('chat')).aliases).toEqual({});
    await expect(resolveModelUri('models:/chat@champion')).rejects.toThrow("Cannot resolve 'models:/chat@champion'");
  });

  it('set tags on models and versions', async () => {
    await registerModel('file:///models/summarizer', 'summarizer');
    await setRegisteredModelTag('summarizer', 'owner', 'ana');
    await setModelVersionTag('summarizer', 1, 'eval', 'passed');
    expect((await getRegisteredModel('summarizer')).tags).toEqual({ owner: 'ana' });
    expect((await getModelVersion('summarizer', 1)).tags).toEqual({ eval: 'passed' });
    const { registeredModels } = await searchRegisteredModels({ filter: "tags.owner = 'ana'" });
    expect(registeredModels.map((model) => model.name)).toEqual(['summarizer']);
  });
});
