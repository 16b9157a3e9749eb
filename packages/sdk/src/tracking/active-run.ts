import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActiveRun } from './run-handle.js';

/**
 * One link of the chain of runs started in an async context. A frame is
 * entered before its run exists (so the caller's context holds it at once)
 * and filled in when the store has created the run. Ended runs stay in the
 * chain and are skipped, which is how ending a run makes its parent active
 * again without touching the (already captured) async context.
 */
export interface RunFrame {
  readonly parent: RunFrame | undefined;
  /** Frames of an older generation were forgotten by `forgetActiveRuns`. */
  readonly generation: number;
  run: ActiveRun | undefined;
  /** Settles once the run exists or failed to start. */
  ready: Promise<unknown> | undefined;
  /** True from `enterFrame` until the caller's synchronous code ends. */
  entering: boolean;
}

const storage = new AsyncLocalStorage<RunFrame>();
let generation = 0;

/** The innermost run of `frame`'s chain that has not been ended. */
export function liveRun(frame: RunFrame | undefined): ActiveRun | undefined {
  for (let current = frame; current !== undefined && current.generation === generation; current = current.parent) {
    if (current.run !== undefined && !current.run.ended) return current.run;
  }
  return undefined;
}

/** Like liveRun, after waiting for runs of the chain that are still starting. */
export async function settledLiveRun(frame: RunFrame | undefined): Promise<ActiveRun | undefined> {
  for (let current = frame; current !== undefined && current.generation === generation; current = current.parent) {
    if (current.run === undefined && current.ready !== undefined) await current.ready;
  }
  return liveRun(frame);
}

/**
 * The innermost active (started and not ended) run of the current async
 * context, or undefined. Runs started with `withRun` are active inside its
 * callback only; concurrent tasks each see their own run.
 */
export function activeRun(): ActiveRun | undefined {
  return liveRun(storage.getStore());
}

/**
 * A new frame whose parent is the current context's frame, skipping frames
 * entered by `startRun` in this same synchronous stretch of code: those
 * belong to sibling tasks (`Promise.all([train(1), train(2)])` calls both
 * `startRun`s before either awaits, and `enterWith` lets the first leak into
 * the second), never to an enclosing run.
 */
export function createFrame(): RunFrame {
  let parent = storage.getStore();
  while (parent?.entering) parent = parent.parent;
  return { parent, generation, run: undefined, ready: undefined, entering: false };
}

/** Makes `frame` current for the rest of the caller's synchronous code and everything it awaits or schedules. */
export function enterFrame(frame: RunFrame): void {
  frame.entering = true;
  storage.enterWith(frame);
  queueMicrotask(() => {
    frame.entering = false;
  });
}

/** Runs `callback` with `frame` current inside it only. */
export function runInFrame<T>(frame: RunFrame, callback: () => T): T {
  return storage.run(frame, callback);
}

/** Makes every run started so far inactive in every context (tests only). */
export function forgetActiveRuns(): void {
  generation += 1;
}
