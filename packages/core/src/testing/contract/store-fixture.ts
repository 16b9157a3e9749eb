import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Store } from '../../store/store.js';

/** What a contract-suite factory returns: a new, empty store and how to dispose of what it used. */
export interface StoreUnderTest<S extends Store = Store> {
  store: S;
  /** Called after `store.close()`, e.g. to remove a temp directory. */
  cleanup?: () => Promise<void>;
}

/** Makes a new, empty store. */
export type CreateStore<S extends Store = Store> = () => Promise<StoreUnderTest<S>>;

/** The store a contract test works on. */
export interface StoreFixture<S extends Store = Store> {
  /** The current store; only readable inside tests and hooks. */
  readonly store: S;
  /** Tells the fixture that the test closed the store itself, so it is not closed again. */
  markClosed(): void;
}

interface Holder<S extends Store> {
  current: (StoreUnderTest<S> & { closed: boolean }) | undefined;
}

function fixtureOf<S extends Store>(holder: Holder<S>): StoreFixture<S> {
  return {
    get store(): S {
      if (holder.current === undefined) throw new Error('The contract store is only available inside tests and hooks.');
      return holder.current.store;
    },
    markClosed(): void {
      if (holder.current !== undefined) holder.current.closed = true;
    },
  };
}

async function open<S extends Store>(holder: Holder<S>, createStore: CreateStore<S>): Promise<void> {
  const created = await createStore();
  holder.current = { ...created, closed: false };
}

async function dispose<S extends Store>(holder: Holder<S>): Promise<void> {
  const finished = holder.current;
  holder.current = undefined;
  if (finished === undefined) return;
  try {
    if (!finished.closed) await finished.store.close();
  } finally {
    await finished.cleanup?.();
  }
}

/** Gives every test of the enclosing `describe` a new, empty store, closed and cleaned up after it. */
export function useFreshStore<S extends Store>(createStore: CreateStore<S>): StoreFixture<S> {
  const holder: Holder<S> = { current: undefined };
  beforeEach(() => open(holder, createStore));
  afterEach(() => dispose(holder));
  return fixtureOf(holder);
}

/**
 * Gives all tests of the enclosing `describe` one store, made before the first
 * and closed after the last. Only for tests that do not change the store (or
 * check that nothing changed): it saves re-creating and re-seeding per test.
 */
export function useSharedStore<S extends Store>(createStore: CreateStore<S>): StoreFixture<S> {
  const holder: Holder<S> = { current: undefined };
  beforeAll(() => open(holder, createStore));
  afterAll(() => dispose(holder));
  return fixtureOf(holder);
}
