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
  /** Frames of an older generation were forgotten by `forgetAll`. */
  readonly generation: number;
  run: ActiveRun | undefined;
  /** Settles once the run exists or failed to start. */
  ready: Promise<unknown> | undefined;
  /** True from `enter` until the caller's synchronous code ends. */
  entering: boolean;
}

/** Which run is active in each async context, for one Assay instance. */
export class RunContext {
  private readonly storage = new AsyncLocalStorage<RunFrame>();
  private generation = 0;

  /** The innermost run of `frame`'s chain that has not been ended. */
  liveRun(frame: RunFrame | undefined): ActiveRun | undefined {
    for (let current = frame; current !== undefined && current.generation === this.generation; current = current.parent) {
      if (current.run !== undefined && !current.run.ended) return current.run;
    }
    return undefined;
  }

  /** Like liveRun, after waiting for runs of the chain that are still starting. */
  async settledLiveRun(frame: RunFrame | undefined): Promise<ActiveRun | undefined> {
    for (let current = frame; current !== undefined && current.generation === this.generation; current = current.parent) {
      if (current.run === undefined && current.ready !== undefined) await current.ready;
    }
    return this.liveRun(frame);
  }

  /** The innermost active (started and not ended) run of the current async context, or undefined. */
  activeRun(): ActiveRun | undefined {
    return this.liveRun(this.storage.getStore());
  }

  /**
   * A new frame whose parent is the current context's frame, skipping frames
   * entered by `startRun` in this same synchronous stretch of code: those
   * belong to sibling tasks (`Promise.all([train(1), train(2)])` calls both
   * `startRun`s before either awaits, and `enterWith` lets the first leak into
   * the second), never to an enclosing run.
   */
  createFrame(): RunFrame {
    let parent = this.storage.getStore();
    while (parent?.entering) parent = parent.parent;
    return { parent, generation: this.generation, run: undefined, ready: undefined, entering: false };
  }

  /** Makes `frame` current for the rest of the caller's synchronous code and everything it awaits or schedules. */
  enter(frame: RunFrame): void {
    frame.entering = true;
    this.storage.enterWith(frame);
    queueMicrotask(() => {
      frame.entering = false;
    });
  }

  /** Runs `callback` with `frame` current inside it only. */
  run<T>(frame: RunFrame, callback: () => T): T {
    return this.storage.run(frame, callback);
  }

  /** Makes every run started so far inactive in every context. */
  forgetAll(): void {
    this.generation += 1;
  }
}
