import type { ExportStats } from './span-export-queue.js';
import { spanProcessorRegistry } from './span-processor-registry.js';

/**
 * How span export is going, summed over Assay's span processors: spans
 * written, dropped because the queue was full, given up after failures, and
 * still queued.
 */
export function getExportStats(): ExportStats {
  const total: ExportStats = { exported: 0, dropped: 0, failed: 0, queued: 0 };
  for (const processor of spanProcessorRegistry) {
    const stats = processor.getExportStats();
    total.exported += stats.exported;
    total.dropped += stats.dropped;
    total.failed += stats.failed;
    total.queued += stats.queued;
  }
  return total;
}
