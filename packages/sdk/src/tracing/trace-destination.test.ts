import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { getStore } from '../store/get-store.js';
import { EXPERIMENT_NAME_ENV, resetActiveExperiment, setExperiment } from '../tracking/experiments.js';
import { resolveCurrentExperimentId, resolveTraceDestination } from './trace-destination.js';

useTempTrackingUri();

const previous = process.env[EXPERIMENT_NAME_ENV];
afterEach(() => {
  if (previous === undefined) delete process.env[EXPERIMENT_NAME_ENV];
  else process.env[EXPERIMENT_NAME_ENV] = previous;
  resetActiveExperiment();
  vi.restoreAllMocks();
});

describe('resolveCurrentExperimentId (where a new trace goes)', () => {
  it('is the Default experiment when nothing chooses one', async () => {
    delete process.env[EXPERIMENT_NAME_ENV];
    expect(await resolveCurrentExperimentId(await getStore())).toBe('0');
  });

  it('looks the ASSAY_EXPERIMENT_NAME experiment up once, not once per trace, and follows a change of the variable', async () => {
    const store = await getStore();
    const lookups = vi.spyOn(store, 'getExperimentByName');
    process.env[EXPERIMENT_NAME_ENV] = 'from-env';
    const first = await resolveCurrentExperimentId(store);
    expect((await store.getExperimentByName({ name: 'from-env' }))?.experimentId).toBe(first);
    lookups.mockClear();
    for (let trace = 0; trace < 5; trace += 1) expect(await resolveCurrentExperimentId(store)).toBe(first);
    expect(lookups).not.toHaveBeenCalled();

    process.env[EXPERIMENT_NAME_ENV] = 'renamed-in-env';
    const second = await resolveCurrentExperimentId(store);
    expect(second).not.toBe(first);
    expect((await store.getExperimentByName({ name: 'renamed-in-env' }))?.experimentId).toBe(second);
  });

  it('lets setExperiment win over the cached ASSAY_EXPERIMENT_NAME experiment', async () => {
    const store = await getStore();
    process.env[EXPERIMENT_NAME_ENV] = 'from-env';
    const fromEnvironment = await resolveCurrentExperimentId(store);
    const chosen = await setExperiment('chosen');
    expect(await resolveCurrentExperimentId(store)).toBe(chosen.experimentId);
    expect(chosen.experimentId).not.toBe(fromEnvironment);
  });

  it('lets traces outside a run share one resolution until the store or the experiment settings change', async () => {
    delete process.env[EXPERIMENT_NAME_ENV];
    const first = resolveTraceDestination({ run: undefined });
    expect(resolveTraceDestination({ run: undefined })).toBe(first);
    expect((await first).experimentId).toBe('0');
    expect((await first).sink).toBe(await getStore());

    process.env[EXPERIMENT_NAME_ENV] = 'from-env';
    const fromEnvironment = resolveTraceDestination({ run: undefined });
    expect(fromEnvironment).not.toBe(first);
    expect((await fromEnvironment).experimentId).toBe((await (await getStore()).getExperimentByName({ name: 'from-env' }))?.experimentId);

    const chosen = await setExperiment('chosen');
    expect((await resolveTraceDestination({ run: undefined })).experimentId).toBe(chosen.experimentId);
  });
});
