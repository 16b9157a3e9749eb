import { canWriteSync } from '@assay/core';
import { spanProcessorRegistry } from './span-processor-registry.js';

/**
 * At process exit (`process.exit()`, a signal, an uncaught error), writes
 * the spans still queued to the local store's spool synchronously; the next
 * process that opens the store ingests them. Spans bound for other sinks
 * cannot be saved then and are reported on stderr.
 */
export function spoolQueuedSpansSync(): void {
  for (const processor of spanProcessorRegistry) {
    for (const { sink, experimentId, spans } of processor.drainSync()) {
      if (!canWriteSync(sink)) {
        console.error(`[assay] ${spans.length} span(s) were not saved: the process exited before they were exported (call flush() first).`);
        continue;
      }
      try {
        sink.writeSync([{ op: 'logSpans', experimentId, spans }]);
      } catch (error) {
        console.error(`[assay] ${spans.length} span(s) could not be saved at exit: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
