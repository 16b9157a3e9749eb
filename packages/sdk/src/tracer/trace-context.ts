import { platform } from '#platform';
import type { Context } from '@opentelemetry/api';
import { openTelemetry } from './otel-api.js';

// Where the current span lives. When the application registered a global
// OpenTelemetry context manager (as its own tracing set-up does), Assay uses
// it: Assay's spans then join the app's active span (same trace, the app's
// span as parent) and spans the app starts inside Assay's (its HTTP client
// instrumentation under an OpenAI call, say) nest under them. Without one,
// Assay keeps its context in its own AsyncLocalStorage and never registers a
// global manager: that is process-wide state belonging to the application,
// and only the first registration wins.
//
// This module's state is process-wide by nature, as the async context is: every
// Assay instance of the process shares it.
const storage = platform.createContextStorage<Context>();
// A context holding a marker: inside `context.with(PROBE, ...)` a registered
// manager reports it as active; the no-op manager reports the root context.
const PROBE_KEY = Symbol('assay.context-probe');
let probe: Context | undefined;
let globalManagerFound = false;
let ownStorageUsed = false;

/**
 * Given the current context, returns the context new spans should start in.
 * Integrations whose framework tracks its own call tree (LangChain's runs)
 * install one so that spans made inside a framework step nest under it.
 */
export type TraceContextResolver = (current: Context) => Context;

let resolver: TraceContextResolver | undefined;

/** Installs (or, with `undefined`, removes) the resolver `currentTraceContext` consults. */
export function setTraceContextResolver(next: TraceContextResolver | undefined): void {
  resolver = next;
}

// Where @opentelemetry/api 1.x keeps the globals an application registers
// (the key names the API's major version, which Assay's peer range pins).
const OPENTELEMETRY_GLOBALS = Symbol.for('opentelemetry.js.api.1');

/**
 * True once the application has registered a global OpenTelemetry context
 * manager. Checked on each call until one is seen: the API's global registry
 * tells in one property read that none is registered (every span asks);
 * when one is, a context is run through it to see that it really propagates.
 */
export function usesGlobalContextManager(): boolean {
  if (globalManagerFound) return true;
  if ((globalThis as Record<symbol, { context?: unknown } | undefined>)[OPENTELEMETRY_GLOBALS]?.context === undefined) return false;
  const api = openTelemetry();
  probe ??= api.ROOT_CONTEXT.setValue(PROBE_KEY, true);
  globalManagerFound = api.context.with(probe, () => api.context.active().getValue(PROBE_KEY) === true);
  return globalManagerFound;
}

/** The current context, without integrations' parents: the global manager's, else Assay's own. */
export function ownTraceContext(): Context {
  if (usesGlobalContextManager()) return openTelemetry().context.active();
  return storage.getStore() ?? openTelemetry().ROOT_CONTEXT;
}

/** The OpenTelemetry context new spans start in here (its active span, if any). */
export function currentTraceContext(): Context {
  const current = ownTraceContext();
  return resolver === undefined ? current : resolver(current);
}

/** Runs `callback` with `context` current inside it and in everything it awaits or schedules. */
export function runInTraceContext<T>(context: Context, callback: () => T): T {
  if (usesGlobalContextManager()) return openTelemetry().context.with(context, callback);
  ownStorageUsed = true;
  return storage.run(context, callback);
}

/**
 * True once a context may hold a span of Assay's: the global manager is in
 * use, or Assay's own storage was. Until then Assay avoids touching its
 * storage itself: a first `AsyncLocalStorage.run` turns on Node's promise
 * hooks for the rest of the process, a cost on every promise of the app.
 */
export function isTraceContextInUse(): boolean {
  return ownStorageUsed || globalManagerFound;
}
