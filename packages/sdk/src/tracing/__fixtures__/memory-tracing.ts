import type { Span } from '@assay/core';
import { afterEach, beforeEach } from 'vitest';
import { flushTracing } from '../flush-tracing.js';
import type { StoreSpanProcessorOptions } from '../store-span-processor.js';
import { resetTracingForTests } from '../tracer-provider.js';

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

/** Routes Assay's tracing to an in-memory sink for each test (experiment: the active run's, else '0'). */
export function useMemoryTracing(options: StoreSpanProcessorOptions = {}): MemoryTracing {
  let captured: CapturedSpan[] = [];
  beforeEach(async () => {
    captured = [];
    const sink = {
      logSpans: async (input: { experimentId: string; spans: Span[] }) => {
        captured.push(...input.spans.map((span) => ({ experimentId: input.experimentId, span })));
      },
    };
    await resetTracingForTests({
      resolveDestination: async (origin) => ({ sink, experimentId: origin.run?.experimentId ?? '0' }),
      flushIntervalMs: 60_000,
      ...options,
    });
  });
  afterEach(async () => {
    await resetTracingForTests();
  });
  return {
    async spans() {
      await flushTracing();
      return captured;
    },
    async normalizedSpans() {
      await flushTracing();
      return normalizeSpans(captured.map((entry) => entry.span));
    },
  };
}
