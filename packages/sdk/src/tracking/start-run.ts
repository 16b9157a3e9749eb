import { AssayError, InvalidParameterError, SYSTEM_TAGS, validateRunId } from '@assay/core';
import type { AssayRuntime } from '../assay/assay-runtime.js';
import type { RunFrame } from './run-context.js';
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
export function beginRun(runtime: AssayRuntime, frame: RunFrame, options: StartRunOptions): Promise<ActiveRun> {
  const created = createRunInFrame(runtime, frame, options);
  frame.ready = created.catch(() => undefined);
  return created;
}

async function createRunInFrame(runtime: AssayRuntime, frame: RunFrame, options: StartRunOptions): Promise<ActiveRun> {
  runtime.saveAtExit();
  const outer = await runtime.runContext.settledLiveRun(frame.parent);
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

  const store = await runtime.getStore();
  const explicitExperiment = options.experimentId !== undefined || options.experimentName !== undefined;
  const experimentId =
    !explicitExperiment && parentExperimentId !== undefined
      ? parentExperimentId
      : (await runtime.experiments.resolve(store, options, true))!;

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
  const handle = new ActiveRun(run, store, runtime);
  frame.run = handle;
  runtime.openRuns.add(handle);
  return handle;
}

/** Starts a run and makes it the active run of the caller's async context (see `Assay.startRun`). */
export function startRun(runtime: AssayRuntime, options: StartRunOptions = {}): Promise<ActiveRun> {
  const frame = runtime.runContext.createFrame();
  runtime.runContext.enter(frame);
  return beginRun(runtime, frame, options);
}
