/**
 * Runs asynchronous work one piece at a time, in the order it was queued: a
 * promise mutex. A piece that fails does not stop the ones after it; its
 * caller gets the failure.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` once everything queued before it has settled; resolves or rejects as `work` does. */
  runExclusive<T>(work: () => T | Promise<T>): Promise<T> {
    const next = this.tail.then(work);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Settles (never rejects) once everything queued so far has settled. */
  async whenIdle(): Promise<void> {
    await this.tail;
  }
}
