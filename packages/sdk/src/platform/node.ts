import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type { OpenTelemetryApiModule } from '../tracer/otel-api.js';
import type { Platform } from './platform.js';

/** Node (and Deno, Bun): Node's AsyncLocalStorage, and @opentelemetry/api required on first use (~30 ms, not paid at import). */
export const platform: Platform = {
  name: 'node',
  createContextStorage: () => new AsyncLocalStorage(),
  loadOpenTelemetry: () => createRequire(import.meta.url)('@opentelemetry/api') as OpenTelemetryApiModule,
};
