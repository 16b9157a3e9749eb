import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, type Context } from '@opentelemetry/api';

// Assay keeps its own OpenTelemetry context in an AsyncLocalStorage and passes
// it explicitly to `tracer.startSpan`, instead of registering a global
// ContextManager: registering one is process-wide state that belongs to the
// application (and only the first registration wins), so Assay's tracing works
// the same whether or not the app set up OpenTelemetry itself.
const storage = new AsyncLocalStorage<Context>();

/**
 * Given Assay's own current context, returns the context new spans should
 * start in. Integrations whose framework tracks its own call tree (LangChain's
 * runs) install one so that spans made inside a framework step nest under it.
 */
export type TraceContextResolver = (current: Context) => Context;

let resolver: TraceContextResolver | undefined;
let contextUsed = false;

/** Installs (or, with `undefined`, removes) the resolver `currentTraceContext` consults. */
export function setTraceContextResolver(next: TraceContextResolver | undefined): void {
  resolver = next;
}

/** Assay's own context in the current async context, without integrations' parents. */
export function ownTraceContext(): Context {
  return storage.getStore() ?? ROOT_CONTEXT;
}

/** The OpenTelemetry context of Assay's tracing in the current async context (its active span, if any). */
export function currentTraceContext(): Context {
  const current = storage.getStore() ?? ROOT_CONTEXT;
  return resolver === undefined ? current : resolver(current);
}

/** Runs `callback` with `context` as Assay's current tracing context inside it and in everything it awaits or schedules. */
export function runInTraceContext<T>(context: Context, callback: () => T): T {
  contextUsed = true;
  return storage.run(context, callback);
}

/**
 * True once Assay's context storage was used. Until then nothing in the
 * process can start a span under an Assay context, and Assay avoids using it
 * itself: a first `AsyncLocalStorage.run` turns on Node's promise hooks for
 * the rest of the process, a cost on every promise of the app.
 */
export function isTraceContextInUse(): boolean {
  return contextUsed;
}
