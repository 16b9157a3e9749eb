import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFoundError } from '@assay/core';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { getModelVersion, getRegisteredModel, getRun, registerModel, searchModelVersions, startRun } from '../index.js';

useTempTrackingUri();

async function runWithModel(): Promise<string> {
  const run = await startRun({ runName: 'train' });
  run.logParam('temperature', 0.2);
  await run.logText('flavor: prompt\n', 'model/MLmodel');
  await run.end();
  return run.id;
}

describe('registerModel', () => {
  it('registers a run artifact, creating the model and recording the run as lineage', async () => {
    const runId = await runWithModel();
    const version = await registerModel(`runs:/${runId}/model`, 'support-bot', { tags: { team: 'ml' }, description: 'first cut' });
    expect(version).toMatchObject({
      name: 'support-bot',
      version: 1,
      source: `runs:/${runId}/model`,
      runId,
      currentStage: 'None',
      status: 'READY',
      tags: { team: 'ml' },
      description: 'first cut',
    });
    // The lineage leads back to the run and its params.
    expect((await getRun(version.runId!)).data.params).toEqual({ temperature: '0.2' });
    const model = await getRegisteredModel('support-bot');
    expect(model.latestVersions.map((latest) => latest.version)).toEqual([1]);
    expect(await getModelVersion('support-bot', '1')).toEqual(version);
  });

  it('adds versions to an existing model, numbered in order', async () => {
    const runId = await runWithModel();
    await registerModel(`runs:/${runId}/model`, 'chat');
    const second = await registerModel('file:///models/chat-v2', 'chat');
    expect(second.version).toBe(2);
    expect(second.runId).toBeUndefined();
    const { modelVersions } = await searchModelVersions({ filter: "name = 'chat'" });
    expect(modelVersions.map((version) => version.version)).toEqual([2, 1]);
  });

  it('takes a runId for a source of another scheme', async () => {
    const runId = await runWithModel();
    const version = await registerModel('s3://bucket/chat', 'chat', { runId });
    expect(version.runId).toBe(runId);
  });

  it('handles registrations racing to create the model: one model, distinct versions', async () => {
    const runId = await runWithModel();
    const versions = await Promise.all([1, 2, 3, 4].map(() => registerModel(`runs:/${runId}/model`, 'raced')));
    expect(versions.map((version) => version.version).sort()).toEqual([1, 2, 3, 4]);
    expect((await getRegisteredModel('raced')).latestVersions.map((version) => version.version)).toEqual([4]);
  });

  it('refuses a runId that contradicts the runs:/ source, and creates nothing', async () => {
    const runId = await runWithModel();
    const error = await registerModel(`runs:/${runId}/model`, 'chat', { runId: 'another' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toContain(`runId 'another'`);
    expect((error as Error).message).toContain(`comes from run '${runId}'`);
    await expect(getRegisteredModel('chat')).rejects.toThrow(NotFoundError);
  });

  it('refuses a runs:/ source of a run that is not in the store', async () => {
    await expect(registerModel('runs:/0123456789abcdef/model', 'chat')).rejects.toThrow(/Run '0123456789abcdef' not found/);
  });

  it('refuses an empty source and a bad name', async () => {
    await expect(registerModel('', 'chat')).rejects.toThrow(/source must be a non-empty artifact URI/);
    await expect(registerModel('file:///m', 'a/b')).rejects.toThrow(/must not contain '\/', '@' or ':'/);
  });
});
