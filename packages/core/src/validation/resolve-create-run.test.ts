import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Experiment } from '../entities/experiment.js';
import { InvalidParameterError, NotFoundError } from '../errors/assay-error.js';
import { SYSTEM_TAGS } from '../system-tags.js';
import { resolveCreateRun } from './resolve-create-run.js';

const experiment: Experiment = {
  experimentId: '7',
  name: 'exp',
  artifactLocation: 'mlflow-artifacts:/7/',
  lifecycleStage: 'active',
  creationTime: 1,
  lastUpdateTime: 1,
  tags: {},
};

describe('resolveCreateRun', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fills every default: a 32-hex id, a two-word name, now, the artifact URI and the run-name tag', () => {
    vi.useFakeTimers({ now: 1_700_000_000_123 });
    const { op, run } = resolveCreateRun({ input: { experimentId: '7' }, experiment });
    expect(op).toBe('createRun');
    expect(run.runId).toMatch(/^[0-9a-f]{32}$/u);
    expect(run.runName).toMatch(/^[a-z]+-[a-z]+-\d{1,3}$/u);
    expect(run.startTime).toBe(1_700_000_000_123);
    expect(run.userId).toBe('');
    expect(run.experimentId).toBe('7');
    // The trailing slash of the location is not doubled.
    expect(run.artifactUri).toBe(`mlflow-artifacts:/7/${run.runId}/artifacts`);
    expect(run.tags).toEqual([{ key: SYSTEM_TAGS.runName, value: run.runName }]);
    expect(run).not.toHaveProperty('parentRunId');
  });

  it('keeps what the caller chose and adds the user and parent system tags after the caller tags', () => {
    const parent = 'b'.repeat(32);
    const { run } = resolveCreateRun({
      input: { experimentId: '7', runId: 'a'.repeat(32), runName: 'mine', startTime: 5, userId: 'ana', parentRunId: parent, tags: { team: 'ml' } },
      experiment,
    });
    expect(run).toMatchObject({ runId: 'a'.repeat(32), runName: 'mine', startTime: 5, userId: 'ana', parentRunId: parent });
    expect(run.tags).toEqual([
      { key: 'team', value: 'ml' },
      { key: SYSTEM_TAGS.runName, value: 'mine' },
      { key: SYSTEM_TAGS.user, value: 'ana' },
      { key: SYSTEM_TAGS.parentRunId, value: parent },
    ]);
  });

  it('lets system tags win over caller tags of the same key', () => {
    const { run } = resolveCreateRun({ input: { experimentId: '7', runName: 'real', tags: { [SYSTEM_TAGS.runName]: 'fake' } }, experiment });
    expect(run.tags).toEqual([{ key: SYSTEM_TAGS.runName, value: 'real' }]);
  });

  it('treats an empty run name as absent', () => {
    expect(resolveCreateRun({ input: { experimentId: '7', runName: '' }, experiment }).run.runName).not.toBe('');
  });

  it('refuses a deleted experiment with NotFoundError saying how to restore it', () => {
    expect(() => resolveCreateRun({ input: { experimentId: '7' }, experiment: { ...experiment, lifecycleStage: 'deleted' } })).toThrow(
      new NotFoundError("Experiment 'exp' (id 7) is deleted; restore it (restoreExperiment) before starting runs in it."),
    );
  });

  it.each([
    [{ runId: '../x' }, 'Invalid run id'],
    [{ runName: 'x'.repeat(251) }, 'Run name'],
    [{ startTime: -1 }, 'startTime must be integer milliseconds'],
    [{ startTime: 1.5 }, 'startTime must be integer milliseconds'],
    [{ parentRunId: 'not ok' }, 'Invalid run id'],
    [{ tags: { 'bad//key': 'v' } }, 'Tag key'],
  ])('rejects %j with InvalidParameterError', (bad, message) => {
    const call = (): unknown => resolveCreateRun({ input: { experimentId: '7', ...bad }, experiment });
    expect(call).toThrow(InvalidParameterError);
    expect(call).toThrow(message);
  });
});
