import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, InvalidParameterError, NotFoundError } from '@assay/core';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { createExperiment, deleteExperiment, getExperiment, getExperimentByName, restoreExperiment, searchExperiments, setExperiment, startRun } from '../index.js';

useTempTrackingUri();

describe('experiments', () => {
  it('create, get, search, delete and restore', async () => {
    const id = await createExperiment('qa-bot', { tags: { team: 'ml' } });
    await createExperiment('summarizer');
    await expect(createExperiment('qa-bot')).rejects.toThrow(AlreadyExistsError);
    expect(await getExperimentByName('qa-bot')).toMatchObject({ experimentId: id, name: 'qa-bot', tags: { team: 'ml' } });
    expect(await getExperimentByName('nope')).toBeUndefined();
    expect((await getExperiment(id)).name).toBe('qa-bot');
    await expect(getExperiment('999')).rejects.toThrow(NotFoundError);

    const filtered = await searchExperiments({ filter: "tags.team = 'ml'" });
    expect(filtered.experiments.map((experiment) => experiment.name)).toEqual(['qa-bot']);
    const ordered = await searchExperiments({ orderBy: ['name ASC'] });
    expect(ordered.experiments.map((experiment) => experiment.name)).toEqual(['Default', 'qa-bot', 'summarizer']);
    const paged = await searchExperiments({ orderBy: ['name ASC'], maxResults: 2 });
    expect(paged.experiments).toHaveLength(2);
    const next = await searchExperiments({ orderBy: ['name ASC'], maxResults: 2, pageToken: paged.nextPageToken! });
    expect(next.experiments.map((experiment) => experiment.name)).toEqual(['summarizer']);
    expect(next.nextPageToken).toBeUndefined();

    await deleteExperiment(id);
    expect((await searchExperiments()).experiments.map((experiment) => experiment.name)).not.toContain('qa-bot');
    expect((await searchExperiments({ viewType: 'DELETED_ONLY' })).experiments.map((experiment) => experiment.name)).toEqual([
      'qa-bot',
    ]);
    await expect(setExperiment('qa-bot')).rejects.toThrow(/deleted.*restoreExperiment/);
    await expect(startRun({ experimentName: 'qa-bot' })).rejects.toThrow(InvalidParameterError);
    await restoreExperiment(id);
    expect((await getExperiment(id)).lifecycleStage).toBe('active');
    expect((await setExperiment('qa-bot')).experimentId).toBe(id);
  });
});
