import { PackedSpanRowsBuilder, PackedSpanRowsReader, type PackedSpanRows } from '@assay/core';
import type { DecodedOtlpSpan } from './decoded-otlp-span.js';

const TRACE_ID = /^[0-9a-f]{32}$/u;
const SPAN_ID = /^[0-9a-f]{16}$/u;
const ALL_ZEROS = /^0+$/u;
const NANOSECONDS = /^(?:0|[1-9]\d{0,18})$/u;
// The largest BIGINT as text: 19-digit strings compare with it as text.
const MAX_INT64_TEXT = '9223372036854775807';
// Rejections named in the partial-success message; the rest are counted.
const MAX_NAMED_PROBLEMS = 10;

function isNanoseconds(text: string): boolean {
  return NANOSECONDS.test(text) && (text.length < 19 || text <= MAX_INT64_TEXT);
}

/** a < b for decimal digit strings without leading zeros. */
function isBefore(a: string, b: string): boolean {
  return a.length !== b.length ? a.length < b.length : a < b;
}

function quoted(text: string, length = 80): string {
  return `'${text.length > length ? `${text.slice(0, length)}…` : text}'`;
}

/** Why a decoded span cannot be stored, or undefined when it can. */
function problemOf(span: DecodedOtlpSpan): string | undefined {
  if (!TRACE_ID.test(span.traceIdHex) || ALL_ZEROS.test(span.traceIdHex)) return `trace_id ${quoted(span.traceIdHex, 40)} is not 16 bytes (32 hex characters), not all zero`;
  if (!SPAN_ID.test(span.spanId) || ALL_ZEROS.test(span.spanId)) return `span_id ${quoted(span.spanId, 40)} is not 8 bytes (16 hex characters), not all zero`;
  if (span.parentSpanId !== undefined && !SPAN_ID.test(span.parentSpanId)) return `parent_span_id ${quoted(span.parentSpanId, 40)} is not 8 bytes (16 hex characters) or empty`;
  if (span.name === '') return 'the span has no name';
  if (span.startTimeUnixNano === '' || span.startTimeUnixNano === '0') return 'start_time_unix_nano is missing';
  if (!isNanoseconds(span.startTimeUnixNano)) return `start_time_unix_nano ${quoted(span.startTimeUnixNano, 40)} is not nanoseconds since the epoch within int64`;
  const end = span.endTimeUnixNano;
  if (end !== undefined) {
    if (!isNanoseconds(end)) return `end_time_unix_nano ${quoted(end, 40)} is not nanoseconds since the epoch within int64`;
    if (isBefore(end, span.startTimeUnixNano)) return `end_time_unix_nano (${end}) is before start_time_unix_nano (${span.startTimeUnixNano})`;
  }
  return undefined;
}

/**
 * The spans of one OTLP request on their way to the store: each decoded span
 * is checked and packed into one batch of rows at once (see PackedSpanRows),
 * or counted as rejected with the reason, for OTLP's partial success. A span
 * without an end time (`end_time_unix_nano` 0) is stored as still open.
 */
export class OtlpSpanBatch {
  private builder = new PackedSpanRowsBuilder();
  // The trace id of each row, in order: rows of some traces may be dropped before the write.
  private readonly rowTraceIds: string[] = [];
  private readonly problems: string[] = [];
  private rejectedCount = 0;

  /** Spans received: packed and rejected. */
  get received(): number {
    return this.builder.count + this.rejectedCount;
  }

  /** Spans packed so far (to be stored). */
  get packed(): number {
    return this.builder.count;
  }

  /** Spans rejected so far. */
  get rejected(): number {
    return this.rejectedCount;
  }

  /** The distinct trace ids of the packed spans (`tr-` form). */
  traceIds(): Set<string> {
    return new Set(this.rowTraceIds);
  }

  /** Packs a decoded span, or rejects it naming what is wrong with it. */
  add(span: DecodedOtlpSpan): void {
    const problem = problemOf(span);
    if (problem !== undefined) {
      this.reject(span.name === '' ? `span ${quoted(span.spanId, 40)}: ${problem}` : `span ${quoted(span.name)} (span_id ${span.spanId}): ${problem}`);
      return;
    }
    this.rowTraceIds.push(span.traceId);
    this.builder.append(span);
  }

  /** Counts one span as rejected, with why (the first few reasons go into the response). */
  reject(reason: string): void {
    this.rejectedCount += 1;
    if (this.problems.length < MAX_NAMED_PROBLEMS) this.problems.push(reason);
  }

  /**
   * Drops the spans of some traces (e.g. stored in another experiment, which
   * a trace never leaves), counting each as rejected with its trace's reason.
   */
  dropTraces(reasons: ReadonlyMap<string, string>): void {
    if (reasons.size === 0) return;
    const reader = PackedSpanRowsReader.read(this.builder.build());
    const kept = new PackedSpanRowsBuilder();
    const keptTraceIds: string[] = [];
    for (let row = 0; row < reader.count; row += 1) {
      const traceId = this.rowTraceIds[row]!;
      const reason = reasons.get(traceId);
      if (reason === undefined) {
        kept.appendRow(reader.row(row));
        keptTraceIds.push(traceId);
      } else {
        this.reject(reason);
      }
    }
    this.builder = kept;
    this.rowTraceIds.splice(0, this.rowTraceIds.length, ...keptTraceIds);
  }

  /** The packed spans, for Store.logSpans. */
  rows(): PackedSpanRows {
    return this.builder.build();
  }

  /** OTLP's `partial_success.error_message`: which spans were rejected and why; undefined when none was. */
  errorMessage(): string | undefined {
    if (this.rejectedCount === 0) return undefined;
    const unnamed = this.rejectedCount - this.problems.length;
    return (
      `${this.rejectedCount} of ${this.received} spans rejected: ${this.problems.join('; ')}` +
      `${unnamed > 0 ? `; and ${unnamed} more` : ''}. The other spans were stored.`
    );
  }
}
