import { platform } from '#platform';
import type * as OpenTelemetryApi from '@opentelemetry/api';

/** The OpenTelemetry API package, as `import * as api from '@opentelemetry/api'` gives it. */
export type OpenTelemetryApiModule = typeof OpenTelemetryApi;

// Loading @opentelemetry/api takes ~30 ms, more than the rest of the SDK: it is
// loaded when tracing is first used, so an app that only tracks runs, or only
// imports the SDK, never pays for it. Its globals (the context manager, the
// tracer provider) live under Symbol.for keys, so this copy shares them with
// any copy the app imports itself.
let loaded: OpenTelemetryApiModule | undefined;

/** The OpenTelemetry API (a peer dependency), loaded on first use. */
export function openTelemetry(): OpenTelemetryApiModule {
  return (loaded ??= platform.loadOpenTelemetry());
}
