import { AssayError, InvalidParameterError, SYSTEM_TAGS, validateRunId } from '@assay/core';
import { getStore } from '../store/get-store.js';
import { createFrame, enterFrame, settledLiveRun, type RunFrame } from './active-run.js';
import { installExitHooks } from './exit-hooks.js';
import { resolveExperimentId } from './experiments.js';
import { openRuns } from './open-runs.js';
import { ActiveRun } from './run-handle.js';
import { getSystemTags } from './system-tags.js';

/** Options of `startRun` and `withRun`. */
export interface StartRunOptions {
  /** A readable name; a random two-word name when absent. */
  runName?: string;
  /** The experiment's id. Takes precedence over `experimentName`. */
  experimentId?: string;
  /**
   * The experiment's name; created if missing. Without either, the run goes
   * to the experiment of `setExperiment`, else ASSAY_EXPERIMENT_NAME, else
   * ASSAY_EXPERIMENT_ID, else Default; a nested run goes to its parent's.
   */
  experimentName?: string;
  /** Start the run under the active run of this async context (which must exist). */
  nested?: boolean;
  /** Start the run under this run (any run, active or not). */
  parentRunId?: string;
  /** Tags to set at start; they override system tags of the same key. */
  tags?: Record<string, string>;
  /** A description, shown in the UI (the `mlflow.note.content` tag). */
  description?: string;
}

/** Creates the run of `frame`, which the caller has made current. */
export function beginRun(frame: RunFrame, options: StartRunOptions): Promise<ActiveRun> {
  const created = createRunInFrame(frame, options);
  frame.ready = created.catch(() => undefined);
  return created;
}

async function createRunInFrame(frame: RunFrame, options: StartRunOptions): Promise<ActiveRun> {
  installExitHooks();
  const outer = await settledLiveRun(frame.parent);
  let parentRunId: string | undefined;
  let parentExperimentId: string | undefined;
  if (options.parentRunId !== undefined) {
    parentRunId = validateRunId(options.parentRunId);
    if (outer?.id === parentRunId) parentExperimentId = outer.experimentId;
  } else if (options.nested === true) {
    if (!outer) {
      throw new InvalidParameterError(
        'startRun({ nested: true }) needs an active run to nest under, and there is none in this async context. Start the parent run first, or pass parentRunId.',
      );
    }
    parentRunId = outer.id;
    parentExperimentId = outer.experimentId;
  } else if (outer) {
    throw new AssayError(
      'BAD_REQUEST',
      `Run with UUID ${outer.id} is already active. To start a nested run, call startRun with nested: true, or end the active run first.`,
    );
  }

  const store = await getStore();
  const explicitExperiment = options.experimentId !== undefined || options.experimentName !== undefined;
  const experimentId =
    !explicitExperiment && parentExperimentId !== undefined
      ? parentExperimentId
      : (await resolveExperimentId(store, options, true))!;

  const tags: Record<string, string> = { ...(await getSystemTags()) };
  if (options.description !== undefined) tags[SYSTEM_TAGS.note] = options.description;
  Object.assign(tags, options.tags);
  const userId = tags[SYSTEM_TAGS.user];
  const run = await store.createRun({
    experimentId,
    tags,
    ...(options.runName !== undefined ? { runName: options.runName } : {}),
    ...(userId !== undefined ? { userId } : {}),
    ...(parentRunId !== undefined ? { parentRunId } : {}),
  });
  const handle = new ActiveRun(run, store);
  frame.run = handle;
  openRuns.add(handle);
  return handle;
}

/**
 * Starts a run and makes it the active run of the calling async context
 * (for `activeRun()` and the module-level `logMetric`, `logParam`, ...).
 * End it with `run.end()`; its parent, if any, becomes active again.
 *
 * The run becomes active in the caller's *current* async context, which
 * also covers code the caller's caller runs after it (Node's `enterWith`).
 * Tasks started side by side (`Promise.all([train(1), train(2)])`, each
 * calling `startRun` before its first await) each get their own run. To
 * scope a run to exactly one callback, use `withRun`.
 *
 * Throws when a run is already active here, unless `nested: true` or
 * `parentRunId` is given.
 *
 * @example
 * const run = await startRun({ runName: 'baseline', experimentName: 'qa-bot' });
 * run.logParam('model', 'gpt-4o-mini').logMetric('accuracy', 0.91);
 * await run.end();
 */
export function startRun(options: StartRunOptions = {}): Promise<ActiveRun> {
  const frame = createFrame();
  enterFrame(frame);
  return beginRun(frame, options);
}
