import { spanProcessorRegistry } from './span-processor-registry.js';

/** Writes every span finished so far by Assay's span processors to their stores; never rejects. */
export async function flushTracing(): Promise<void> {
  await Promise.all([...spanProcessorRegistry].map((processor) => processor.forceFlush()));
}
