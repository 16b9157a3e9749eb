import type { Span } from '@assay/core';
import { afterEach, beforeEach } from 'vitest';
import { defaultAssay } from '../../assay/default-assay.js';
import { decodeSpanBatch } from '../../export/decode-span-batch.js';
import type { AssaySpanExporter } from '../../export/span-exporter.js';
import type { SpanExportQueueOptions } from '../../export/span-export-queue.js';
import { resetForTests } from '../../testing/reset-for-tests.js';

/** A span as written, with the experiment it went to. */
export interface CapturedSpan {
  experimentId: string;
  span: Span;
}

/** What `useMemoryTracing` gives a test. */
export interface MemoryTracing {
  /** Flushes and returns every span written so far, in export order. */
  spans(): Promise<CapturedSpan[]>;
  /** Like `spans`, with ids, times and stacks replaced by stable placeholders (for snapshots). */
  normalizedSpans(): Promise<Span[]>;
}

/** Replaces ids (in order of appearance), times and stack traces with stable placeholders. */
export function normalizeSpans(spans: Span[]): Span[] {
  const ids = new Map<string, string>();
  const label = (prefix: string, id: string): string => {
    let known = ids.get(id);
    if (known === undefined) {
      known = `<${prefix}-${ids.size + 1}>`;
      ids.set(id, known);
    }
    return known;
  };
  return spans.map((span) => ({
    ...span,
    traceId: label('trace', span.traceId),
    spanId: label('span', span.spanId),
    ...(span.parentSpanId !== undefined ? { parentSpanId: label('span', span.parentSpanId) } : {}),
    startTimeUnixNano: '<time>',
    ...(span.endTimeUnixNano !== undefined ? { endTimeUnixNano: '<time>' } : {}),
    events: span.events.map((event) => ({
      ...event,
      timeUnixNano: '<time>',
      attributes: Object.fromEntries(
        Object.entries(event.attributes).map(([key, value]) => [key, key === 'exception.stacktrace' ? '<stack>' : value]),
      ),
    })),
  }));
}

/** An exporter that keeps whole spans in memory, with the experiment each went to. */
export function createMemoryExporter(captured: CapturedSpan[]): AssaySpanExporter {
  return {
    export: async (batch) => {
      captured.push(...decodeSpanBatch(batch).map((span) => ({ experimentId: batch.experimentId, span })));
    },
  };
}

/**
 * Routes the default instance's tracing to memory for each test (experiment:
 * the active run's, else '0'). It keeps the tracking URI an earlier
 * `beforeEach` (useTempTrackingUri) set.
 */
export function useMemoryTracing(options: SpanExportQueueOptions = {}): MemoryTracing {
  let captured: CapturedSpan[] = [];
  beforeEach(async () => {
    captured = [];
    const exporter = createMemoryExporter(captured);
    await resetForTests({
      trackingUri: defaultAssay().getTrackingUri(),
      tracing: {
        resolveDestination: async (origin) => ({ exporter, experimentId: origin.run?.experimentId ?? '0' }),
        flushIntervalMs: 60_000,
        ...options,
      },
    });
  });
  afterEach(async () => {
    await resetForTests();
  });
  return {
    async spans() {
      await defaultAssay().flush();
      return captured;
    },
    async normalizedSpans() {
      await defaultAssay().flush();
      return normalizeSpans(captured.map((entry) => entry.span));
    },
  };
}
