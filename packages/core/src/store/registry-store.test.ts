import { describe, expect, it } from 'vitest';
import { isRegistryStore, REGISTRY_STORE_METHODS } from './registry-store.js';
import { isWebhookStore, WEBHOOK_STORE_METHODS } from './webhook-store.js';

function storeWith(methods: readonly string[]): Record<string, () => Promise<void>> {
  return Object.fromEntries(methods.map((method) => [method, () => Promise.resolve()]));
}

describe('isRegistryStore', () => {
  it('is true for an object with every registry method', () => {
    expect(isRegistryStore(storeWith(REGISTRY_STORE_METHODS))).toBe(true);
  });

  it('is false when any one method is missing', () => {
    for (const missing of REGISTRY_STORE_METHODS) {
      expect(isRegistryStore(storeWith(REGISTRY_STORE_METHODS.filter((method) => method !== missing)))).toBe(false);
    }
  });

  it('is false for non-objects and plain stores', () => {
    expect(isRegistryStore(undefined)).toBe(false);
    expect(isRegistryStore(null)).toBe(false);
    expect(isRegistryStore('store')).toBe(false);
    expect(isRegistryStore(storeWith(['getRun', 'createRun']))).toBe(false);
  });

  it('checks all 28 methods of the contract', () => {
    expect(REGISTRY_STORE_METHODS).toHaveLength(28);
  });
});

describe('isWebhookStore', () => {
  it('is true with every webhook method, false when any one is missing or for a registry alone', () => {
    expect(isWebhookStore(storeWith(WEBHOOK_STORE_METHODS))).toBe(true);
    for (const missing of WEBHOOK_STORE_METHODS) expect(isWebhookStore(storeWith(WEBHOOK_STORE_METHODS.filter((method) => method !== missing)))).toBe(false);
    expect(isWebhookStore(storeWith(REGISTRY_STORE_METHODS))).toBe(false);
    expect(isWebhookStore(undefined)).toBe(false);
    expect(WEBHOOK_STORE_METHODS).toHaveLength(9);
  });
});
