import { setDefaultIntegrationTracing } from '../autolog/autolog-settings.js';
import { Assay } from './assay.js';
import { AssayRuntime, type AssayOptions } from './assay-runtime.js';

// The instance the module-level API uses, made on first use.
let current: { assay: Assay; runtime: AssayRuntime } | undefined;
let nextOptions: AssayOptions = {};

function defaultInstance(): { assay: Assay; runtime: AssayRuntime } {
  if (!current) {
    const runtime = new AssayRuntime(nextOptions);
    current = { assay: new Assay(runtime), runtime };
  }
  return current;
}

/** The default Assay instance, which the module-level API (`startRun`, `trace`, ...) uses. */
export function defaultAssay(): Assay {
  return defaultInstance().assay;
}

/** The default instance's state. @internal */
export function defaultRuntime(): AssayRuntime {
  return defaultInstance().runtime;
}

/**
 * Disposes the default instance; the next module-level call makes a fresh
 * one, with `options` (tests route tracing to memory this way).
 */
export async function resetDefaultAssay(options: AssayOptions = {}): Promise<void> {
  const previous = current;
  current = undefined;
  nextOptions = options;
  await previous?.runtime.dispose();
}

setDefaultIntegrationTracing(() => defaultRuntime().tracing);
