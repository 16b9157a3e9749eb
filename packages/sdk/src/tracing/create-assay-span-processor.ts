import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { installTracingExitHook } from './install-tracing-exit-hook.js';
import { spanProcessorRegistry } from './span-processor-registry.js';
import { StoreSpanProcessor, type StoreSpanProcessorOptions } from './store-span-processor.js';

/**
 * Assay's span processor, for an application that has its own
 * OpenTelemetry TracerProvider: add it to the provider's `spanProcessors`
 * and its spans are stored like Assay's. `flush()` and `getExportStats()`
 * cover it until it is shut down.
 *
 * @example
 * new NodeTracerProvider({ spanProcessors: [createAssaySpanProcessor(), otlpProcessor] })
 */
export function createAssaySpanProcessor(options: StoreSpanProcessorOptions = {}): SpanProcessor {
  const processor = new StoreSpanProcessor(options);
  spanProcessorRegistry.add(processor);
  installTracingExitHook();
  return processor;
}
