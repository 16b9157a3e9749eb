import type { Tracer } from '@opentelemetry/api';
import { setLastTraceId } from './get-last-trace-id.js';
import { installExitHooks } from '../tracking/exit-hooks.js';
import { AssayTracer } from './assay-tracer.js';
import { installTracingExitHook } from './install-tracing-exit-hook.js';
import { spanProcessorRegistry } from './span-processor-registry.js';
import { StoreSpanProcessor, type StoreSpanProcessorOptions } from './store-span-processor.js';

/** The instrumentation scope of Assay's spans. */
export const TRACER_NAME = '@assay/sdk';

let provider: { processor: StoreSpanProcessor; tracer: Tracer } | undefined;
let processorOptions: StoreSpanProcessorOptions = {};

// Assay's tracer is never registered globally (`trace.setGlobalTracerProvider`):
// the global provider belongs to the application. Apps with their own
// provider add `createAssaySpanProcessor()` to it instead.
function ensureProvider(): NonNullable<typeof provider> {
  if (!provider) {
    const processor = new StoreSpanProcessor(processorOptions);
    spanProcessorRegistry.add(processor);
    installTracingExitHook();
    installExitHooks();
    provider = { processor, tracer: new AssayTracer(processor) };
  }
  return provider;
}

/** The tracer Assay's tracing API starts spans with. */
export function getTracer(): Tracer {
  return ensureProvider().tracer;
}

/**
 * Shuts Assay's tracer down (exporting what it queued) and makes the next
 * span create a fresh one with `options`, e.g. an in-memory sink; also
 * forgets the last trace id. For tests; not part of the public API.
 */
export async function resetTracingForTests(options: StoreSpanProcessorOptions = {}): Promise<void> {
  const previous = provider;
  provider = undefined;
  processorOptions = options;
  setLastTraceId(undefined);
  if (previous) {
    spanProcessorRegistry.delete(previous.processor);
    await previous.processor.shutdown();
  }
}
