import * as openTelemetryApi from '@opentelemetry/api';
import type { ContextStorage, Platform } from './platform.js';

type ContextStorageConstructor = new <T>() => ContextStorage<T>;

/**
 * Holds the value for the synchronous extent of `run` only: where the
 * runtime offers no AsyncLocalStorage, a span is current for the code it
 * calls directly, not across `await` (spans started after one become roots).
 */
class SynchronousContextStorage<T> implements ContextStorage<T> {
  private current: T | undefined;

  getStore(): T | undefined {
    return this.current;
  }

  run<R>(store: T, callback: () => R): R {
    const previous = this.current;
    this.current = store;
    try {
      return callback();
    } finally {
      this.current = previous;
    }
  }
}

/**
 * Web-standard runtimes (Next.js Edge routes, Vercel Edge, Cloudflare
 * workers): no `node:` module. Next.js's Edge runtime and workers with
 * `nodejs_als` put AsyncLocalStorage on `globalThis`; the API package is
 * bundled with the route, so it is imported statically.
 */
export const platform: Platform = {
  name: 'edge',
  createContextStorage: <T>(): ContextStorage<T> => {
    const AsyncLocalStorage = (globalThis as { AsyncLocalStorage?: ContextStorageConstructor }).AsyncLocalStorage;
    return typeof AsyncLocalStorage === 'function' ? new AsyncLocalStorage<T>() : new SynchronousContextStorage<T>();
  },
  loadOpenTelemetry: () => openTelemetryApi,
};
