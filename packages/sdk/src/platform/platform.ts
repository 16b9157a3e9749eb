import type { OpenTelemetryApiModule } from '../tracer/otel-api.js';

/** Where Assay keeps the current trace context: what `AsyncLocalStorage` offers, reduced to what Assay uses. */
export interface ContextStorage<T> {
  getStore(): T | undefined;
  run<R>(store: T, callback: () => R): R;
}

/**
 * What the tracing path needs from the runtime it runs on. Two
 * implementations, picked by the bundler or Node through the package's
 * `#platform` import conditions (package.json `imports`): `node.ts` (Node's
 * built-ins) and `edge.ts` (web-standard globals only, for Next.js Edge
 * routes, Vercel and Cloudflare workers), so that the tracer, the export
 * queue and the OpenAI wrappers import no `node:` module anywhere.
 */
export interface Platform {
  /** `'node'` or `'edge'`: for messages and tests. */
  readonly name: 'node' | 'edge';
  /** A storage whose value follows async calls (Node's AsyncLocalStorage where the runtime has it). */
  createContextStorage<T>(): ContextStorage<T>;
  /** The OpenTelemetry API package, when tracing first needs it. */
  loadOpenTelemetry(): OpenTelemetryApiModule;
}
