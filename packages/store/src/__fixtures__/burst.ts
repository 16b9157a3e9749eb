// What burst-then-exit.ts writes, for it and for the tests that check it arrived.
import type { Span } from '@assay/core';

/** Writes in the burst, and what each holds. */
export const BURST = { batches: 60, pointsPerBatch: 50, spanWrites: 20, spansPerWrite: 25 } as const;

/** The span of the burst's write `write`, number `index`. */
export function burstSpan(write: number, index: number): Span {
  return {
    traceId: `tr-${write.toString(16).padStart(32, '0')}`,
    spanId: (write * 1000 + index + 1).toString(16).padStart(16, '0'),
    name: `span-${index}`,
    spanType: 'TOOL',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000100000000',
    status: { code: 'OK' },
    attributes: { index },
    events: [],
  };
}
