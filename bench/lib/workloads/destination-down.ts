/**
 * Workload: the steady app's 10-span traces, as fast as they come, while the
 * destination is down (every export rejects; retries far away), measuring
 * what stays in memory: heap and external (ArrayBuffers included) after a
 * full GC, before and after. Needs --expose-gc.
 */
import type { AssaySpanExporter } from '@assay/sdk';
import type { AssayBuild } from '../assay-build.js';
import { makeTracedApp, SPANS_PER_TRACE } from './steady-app.js';

export interface MemoryGrowth {
  spans: number;
  /** Bytes after minus before, each after a full GC. */
  heapGrowth: number;
  externalGrowth: number;
  rssGrowth: number;
  /** heapUsed + external before (the baseline). */
  before: number;
  /** The export counters at the end (dropped = discarded because the queue was full). */
  stats: { exported: number; dropped: number; failed: number; queued: number };
  seconds: number;
}

function collect(): NodeJS.MemoryUsage {
  if (!global.gc) throw new Error('run with --expose-gc');
  global.gc();
  global.gc();
  return process.memoryUsage();
}

export async function memoryWhileDestinationDown(build: AssayBuild, options: { spans: number }): Promise<MemoryGrowth> {
  const down: AssaySpanExporter = { export: () => Promise.reject(new Error('destination unavailable')) };
  const originalWarn = console.warn;
  console.warn = () => undefined; // one warning per failure streak is expected; keep the report readable
  try {
    await build.testing.resetForTests({ tracing: { resolveDestination: async () => ({ exporter: down, experimentId: '0' }), retryDelayMs: 60_000 } });
    const app = makeTracedApp(build);
    await app(); // load and compile before the first reading
    const before = collect();
    const started = performance.now();
    const traces = Math.ceil(options.spans / SPANS_PER_TRACE);
    for (let index = 0; index < traces; index += 1) await app();
    const seconds = (performance.now() - started) / 1000;
    const after = collect();
    const stats = build.sdk.getExportStats();
    return {
      spans: traces * SPANS_PER_TRACE,
      heapGrowth: after.heapUsed - before.heapUsed,
      externalGrowth: after.external - before.external,
      rssGrowth: after.rss - before.rss,
      before: before.heapUsed + before.external,
      stats: { exported: stats.exported, dropped: stats.dropped, failed: stats.failed, queued: stats.queued },
      seconds,
    };
  } finally {
    await build.testing.resetForTests();
    console.warn = originalWarn;
  }
}
