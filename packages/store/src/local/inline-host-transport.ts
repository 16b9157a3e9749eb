import type { StoreHost } from './store-host.js';
import type { HostReply, HostRequest, HostTransport, HostTransportEvents, StoreHostOptions } from './store-protocol.js';

/**
 * A StoreHost on the app's own thread (LocalStoreOptions.thread 'inline'):
 * the same requests and replies as a worker thread, without copying them.
 * DuckDB is imported when the first request comes.
 */
export class InlineHostTransport implements HostTransport {
  readonly exited: Promise<void>;
  private host: StoreHost | undefined;
  private backlog: HostRequest[] | undefined = [];
  private stopped = false;

  constructor(options: StoreHostOptions, events: HostTransportEvents, previous?: Promise<void>) {
    this.exited = (async () => {
      await previous;
      let StoreHostClass: typeof StoreHost;
      try {
        ({ StoreHost: StoreHostClass } = await import('./store-host.js'));
      } catch (error) {
        if (!this.stopped) events.onGone(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (this.stopped) return;
      // Replies arrive asynchronously, as from a thread: never inside the caller's own call.
      const send = (reply: HostReply): void => queueMicrotask(() => events.onReply(reply));
      const host = new StoreHostClass(options, send);
      this.host = host;
      send({ type: 'ready' });
      const backlog = this.backlog ?? [];
      this.backlog = undefined;
      for (const request of backlog) host.receive(request);
    })();
  }

  get ready(): boolean {
    return this.host !== undefined;
  }

  post(request: HostRequest): void {
    if (this.backlog) this.backlog.push(request);
    else this.host?.receive(request);
  }

  keepAlive(): void {
    // The host's work is the app thread's own: it keeps the process alive as any other I/O does.
  }

  durableThrough(): number {
    return this.host?.durableThrough ?? 0;
  }

  stopSync(): number {
    this.stopped = true;
    this.backlog = undefined;
    if (!this.host) return 0;
    // Nothing asynchronous runs any more: the transaction in progress, if any, is abandoned with the file.
    this.host.releaseSync();
    return this.host.durableThrough;
  }

  async closed(): Promise<void> {
    this.stopped = true;
    this.backlog = undefined;
    await this.exited;
  }
}
