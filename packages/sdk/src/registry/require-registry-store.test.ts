import { describe, expect, it } from 'vitest';
import { AssayError, type Store } from '@assay/core';
import { createRegistryClient } from './registry-client.js';

// A store of the tracking API alone (as the HTTP client was before the registry routes).
const trackingOnlyStore = { getRun: () => Promise.reject(new Error('unused')), close: () => Promise.resolve() } as unknown as Store;

function thrownBy(work: () => unknown): AssayError {
  try {
    work();
  } catch (error) {
    if (AssayError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an AssayError');
}

describe('createRegistryClient', () => {
  it('refuses a server store without the registry, saying which tracking URIs have one', () => {
    const error = thrownBy(() => createRegistryClient(trackingOnlyStore, { trackingUri: 'http://127.0.0.1:5000' }));
    expect(error.code).toBe('NOT_IMPLEMENTED');
    expect(error.message).toContain("The store of tracking URI 'http://127.0.0.1:5000' cannot be used for the model registry");
    expect(error.message).toContain('HTTP client');
    expect(error.message).toContain("a path such as './.assay' or a file:// URI");
  });

  it('refuses any other store without the registry', () => {
    const error = thrownBy(() => createRegistryClient(trackingOnlyStore));
    expect(error.message).toMatch(/^The configured store cannot be used for the model registry: it does not implement the model registry\./u);
  });
});
