import type { Span } from '../entities/trace.js';

/** The trace of testSpan's spans. */
export const TEST_TRACE_ID = `tr-${'a'.repeat(32)}`;

/** A span of TEST_TRACE_ID with id `id` (padded to 16 characters), 250 ms long, no attributes. */
export function testSpan(id: string, overrides: Partial<Span> = {}): Span {
  return {
    traceId: TEST_TRACE_ID,
    spanId: id.padStart(16, '0'),
    name: `span-${id}`,
    spanType: 'UNKNOWN',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000250000000',
    status: { code: 'UNSET' },
    attributes: {},
    events: [],
    ...overrides,
  };
}

/** testSpan with a parent. */
export function testChildSpan(id: string, parent: string, overrides: Partial<Span> = {}): Span {
  return testSpan(id, { parentSpanId: parent.padStart(16, '0'), ...overrides });
}
