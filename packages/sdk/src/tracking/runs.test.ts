import { describe, expect, it } from 'vitest';
import { NotFoundError, SearchSyntaxError } from '@assay/core';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { deleteRun, getRun, restoreRun, searchRuns, setExperiment, withRun } from '../index.js';

useTempTrackingUri();

async function logRun(experimentName: string, runName: string, accuracy: number, model: string): Promise<string> {
  return withRun({ experimentName, runName }, (run) => {
    run.logParam('model', model).logMetric('accuracy', accuracy);
    return run.id;
  });
}

describe('searchRuns', () => {
  it('finds runs by experiment names with a filter and an order', async () => {
    await logRun('qa-bot', 'low', 0.5, 'gpt-4o-mini');
    const high = await logRun('qa-bot', 'high', 0.9, 'gpt-4o');
    const middle = await logRun('qa-bot', 'middle', 0.8, 'gpt-4o');
    await logRun('other', 'elsewhere', 0.99, 'gpt-4o');

    const found = await searchRuns({ experimentNames: ['qa-bot'], filter: 'metrics.accuracy > 0.6', orderBy: ['metrics.accuracy DESC'] });
    expect(found.runs.map((run) => run.info.runId)).toEqual([high, middle]);
    expect(found.nextPageToken).toBeUndefined();

    const both = await searchRuns({ experimentNames: ['qa-bot', 'other'], filter: "params.model = 'gpt-4o'", orderBy: ['metrics.accuracy ASC'] });
    expect(both.runs.map((run) => run.info.runName)).toEqual(['middle', 'high', 'elsewhere']);

    const page = await searchRuns({ experimentNames: ['qa-bot'], orderBy: ['metrics.accuracy ASC'], maxResults: 2 });
    expect(page.runs.map((run) => run.info.runName)).toEqual(['low', 'middle']);
    const rest = await searchRuns({ experimentNames: ['qa-bot'], orderBy: ['metrics.accuracy ASC'], maxResults: 2, pageToken: page.nextPageToken! });
    expect(rest.runs.map((run) => run.info.runName)).toEqual(['high']);

    await expect(searchRuns({ experimentNames: ['missing'] })).rejects.toThrow(NotFoundError);
    await expect(searchRuns({ experimentNames: ['missing'] })).rejects.toThrow(/'missing'/);
    await expect(searchRuns({ experimentNames: ['qa-bot'], filter: 'metrics.accuracy >' })).rejects.toThrow(SearchSyntaxError);
  });

  it('searches the current experiment by default, and sees deletes and restores', async () => {
    await setExperiment('current');
    const id = await withRun((run) => run.id);
    await logRun('not-current', 'x', 1, 'm');
    expect((await searchRuns()).runs.map((run) => run.info.runId)).toEqual([id]);
    await deleteRun(id);
    expect((await searchRuns()).runs).toEqual([]);
    expect((await searchRuns({ viewType: 'DELETED_ONLY' })).runs).toHaveLength(1);
    expect((await getRun(id)).info.lifecycleStage).toBe('deleted');
    await restoreRun(id);
    expect((await searchRuns()).runs).toHaveLength(1);
  });
});
