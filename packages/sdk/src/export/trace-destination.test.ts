import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { EXPERIMENT_NAME_ENV, ExperimentSelection } from '../tracking/experiment-selection.js';
import { getStore } from '../index.js';
import { createDestinationResolvers } from './trace-destination.js';

useTempTrackingUri();

const previous = process.env[EXPERIMENT_NAME_ENV];
afterEach(() => {
  if (previous === undefined) delete process.env[EXPERIMENT_NAME_ENV];
  else process.env[EXPERIMENT_NAME_ENV] = previous;
  vi.restoreAllMocks();
});

describe('ExperimentSelection.resolveCurrent (where a new trace goes)', () => {
  it('is the Default experiment when nothing chooses one', async () => {
    delete process.env[EXPERIMENT_NAME_ENV];
    expect(await new ExperimentSelection().resolveCurrent(await getStore())).toBe('0');
  });

  it('looks the ASSAY_EXPERIMENT_NAME experiment up once, not once per trace, and follows a change of the variable', async () => {
    const selection = new ExperimentSelection();
    const store = await getStore();
    const lookups = vi.spyOn(store, 'getExperimentByName');
    process.env[EXPERIMENT_NAME_ENV] = 'from-env';
    const first = await selection.resolveCurrent(store);
    expect((await store.getExperimentByName({ name: 'from-env' }))?.experimentId).toBe(first);
    lookups.mockClear();
    for (let trace = 0; trace < 5; trace += 1) expect(await selection.resolveCurrent(store)).toBe(first);
    expect(lookups).not.toHaveBeenCalled();

    process.env[EXPERIMENT_NAME_ENV] = 'renamed-in-env';
    const second = await selection.resolveCurrent(store);
    expect(second).not.toBe(first);
    expect((await store.getExperimentByName({ name: 'renamed-in-env' }))?.experimentId).toBe(second);
  });

  it('lets the chosen experiment (setExperiment) win over the cached ASSAY_EXPERIMENT_NAME experiment', async () => {
    const selection = new ExperimentSelection();
    const store = await getStore();
    process.env[EXPERIMENT_NAME_ENV] = 'from-env';
    const fromEnvironment = await selection.resolveCurrent(store);
    const chosen = await selection.choose(store, 'chosen');
    expect(await selection.resolveCurrent(store)).toBe(chosen.experimentId);
    expect(chosen.experimentId).not.toBe(fromEnvironment);
  });
});

describe('createDestinationResolver', () => {
  it('lets traces outside a run share one resolution until the store or the experiment settings change', async () => {
    delete process.env[EXPERIMENT_NAME_ENV];
    const experiments = new ExperimentSelection();
    const store = getStore();
    const { resolve } = createDestinationResolvers({ getStore: () => store, trackingUri: () => '/unused', experiments });
    const first = resolve({ run: undefined });
    expect(resolve({ run: undefined })).toBe(first);
    expect((await first).experimentId).toBe('0');

    process.env[EXPERIMENT_NAME_ENV] = 'from-env';
    const fromEnvironment = resolve({ run: undefined });
    expect(fromEnvironment).not.toBe(first);
    expect((await fromEnvironment).experimentId).toBe((await (await store).getExperimentByName({ name: 'from-env' }))?.experimentId);
    // One exporter per store, whatever the experiment.
    expect((await fromEnvironment).exporter).toBe((await first).exporter);

    const chosen = await experiments.choose(await store, 'chosen');
    expect((await resolve({ run: undefined })).experimentId).toBe(chosen.experimentId);
  });
});
