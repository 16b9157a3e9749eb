import { isWebhookStore, type RegistryStore, type Store, type WebhookStore } from '@assay/core';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

/** The store's webhooks when it has them (DuckDbStore and LocalStore do), else undefined. */
export function webhookStoreOf(store: Store): WebhookStore | undefined {
  return isWebhookStore(store) ? store : undefined;
}

// Registry calls that change something (and may file webhook deliveries).
const WRITES = /^(create|rename|update|delete|set|transition|approve|reject)/u;

/**
 * The registry the routes use, kicking the dispatcher after each write that
 * succeeded: its deliveries go out at once, in the background (the call
 * does not wait for them).
 */
export function kickingDispatcher(registry: RegistryStore, dispatcher: WebhookDispatcher): RegistryStore {
  return new Proxy(registry, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || !WRITES.test(property)) return value;
      return async (...args: unknown[]) => {
        const result: unknown = await (value as (...parameters: unknown[]) => Promise<unknown>).apply(target, args);
        dispatcher.kick();
        return result;
      };
    },
  });
}
