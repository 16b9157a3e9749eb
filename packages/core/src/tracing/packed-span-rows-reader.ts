import { SPAN_TYPES, type Span, type SpanEvent, type SpanStatus, type SpanType } from '../entities/trace.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import {
  PACKED_FIELD_SEPARATOR,
  PACKED_ROW_SEPARATOR,
  PACKED_SPAN_FIELD,
  PACKED_SPAN_FIELD_COUNT,
  PACKED_SPAN_FIELDS,
  PACKED_SPAN_ROWS_FORMAT,
  unpackText,
  type PackedSpanRows,
} from './packed-span-rows.js';

/** Options of PackedSpanRowsReader.read. */
export interface ReadPackedSpanRowsOptions {
  /**
   * Also check every row's fixed fields: ids, times, type, status, the root
   * marker, token counts, and that JSON fields look like JSON (their first
   * and last characters; they are not parsed). Default false: only the
   * structure (rows and fields) is checked.
   */
  validate?: boolean;
  /** How messages name the batch, e.g. `packed` (the default) gives `packed.rows[2].spanId`. */
  at?: string;
}

const OFFSETS_PER_ROW = PACKED_SPAN_FIELD_COUNT + 1;
// The reader of each batch read, while the batch lives (batches are immutable once built).
const readers = new WeakMap<PackedSpanRows, { reader: PackedSpanRowsReader; validated: boolean }>();
const F = PACKED_SPAN_FIELD;
const SPAN_TYPE_SET: ReadonlySet<string> = new Set(SPAN_TYPES);
const STATUS_CODES: ReadonlySet<string> = new Set(['UNSET', 'OK', 'ERROR']);
// The largest BIGINT as text: 19-digit strings compare with it as text.
const MAX_INT64_TEXT = '9223372036854775807';

function isHex(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66))) return false;
  }
  return true;
}

function isDigits(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

function isNanoseconds(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 1 || length > 19 || !isDigits(text, start, end)) return false;
  // Only 19 digits from 9 on can exceed the int64 range, and equal-length digit strings order as text.
  return length < 19 || text.charCodeAt(start) < 0x39 || text.slice(start, end) <= MAX_INT64_TEXT;
}

function isJsonObject(text: string, start: number, end: number): boolean {
  return end - start >= 2 && text.charCodeAt(start) === 0x7b && text.charCodeAt(end - 1) === 0x7d;
}

function isCount(text: string, start: number, end: number): boolean {
  if (end === start) return false;
  const count = Number(text.slice(start, end));
  return Number.isFinite(count);
}

function describeField(text: string, start: number, end: number): string {
  const value = text.slice(start, Math.min(end, start + 61));
  return `'${end - start > 60 ? `${value.slice(0, 60)}…` : value}'`;
}

/**
 * Reads packed span rows (see PackedSpanRows) without copying them: one scan
 * finds where each row's fields start, and fields are sliced out on demand.
 * A store fills its columns from it; unpackSpanRows builds `Span` objects.
 */
export class PackedSpanRowsReader {
  private constructor(
    /** The rows text. */
    readonly text: string,
    /** How many rows. */
    readonly count: number,
    // Per row, where each field starts, then one past the row's end (where the next row starts).
    private readonly offsets: Int32Array,
  ) {}

  /**
   * Scans a batch: InvalidParameterError when it is not packed span rows of
   * this format (a row count that does not match, a row without exactly
   * PACKED_SPAN_FIELD_COUNT fields) or, with `validate`, a field is malformed.
   */
  static read(packed: PackedSpanRows, options: ReadPackedSpanRowsOptions = {}): PackedSpanRowsReader {
    const at = options.at ?? 'packed';
    if (packed === null || typeof packed !== 'object') throw new InvalidParameterError(`${at} must be packed span rows ({ format, count, rows }).`);
    if (packed.format !== PACKED_SPAN_ROWS_FORMAT) throw new InvalidParameterError(`${at}.format must be ${PACKED_SPAN_ROWS_FORMAT}, got ${String(packed.format)}.`);
    const { rows: text, count } = packed;
    if (typeof text !== 'string') throw new InvalidParameterError(`${at}.rows must be a string.`);
    if (!Number.isSafeInteger(count) || count < 0) throw new InvalidParameterError(`${at}.count must be a whole number of rows, got ${String(count)}.`);
    if (count === 0) {
      if (text !== '') throw new InvalidParameterError(`${at}.rows must be empty when ${at}.count is 0.`);
      return new PackedSpanRowsReader(text, 0, new Int32Array(0));
    }
    const validate = options.validate === true;
    // A batch read before (validated on its way in, then written in the same process) is not scanned again.
    const known = readers.get(packed);
    if (known !== undefined && (known.validated || !validate) && known.reader.text === text && known.reader.count === count) return known.reader;
    const offsets = new Int32Array(count * OFFSETS_PER_ROW);
    let position = 0;
    for (let row = 0; row < count; row += 1) {
      if (position > text.length) throw new InvalidParameterError(`${at}.count is ${count}, but ${at}.rows holds ${row} rows.`);
      const base = row * OFFSETS_PER_ROW;
      let start = position;
      // Validating, the row's end is found first, so that a row with a field missing is named as such;
      // else one pass over the fields finds it (rows were validated on their way in).
      let rowEnd = validate ? text.indexOf(PACKED_ROW_SEPARATOR, position) : 0;
      if (rowEnd === -1) rowEnd = text.length;
      for (let field = 0; field < PACKED_SPAN_FIELD_COUNT - 1; field += 1) {
        offsets[base + field] = start;
        const end = text.indexOf(PACKED_FIELD_SEPARATOR, start);
        if (end === -1 || (validate && end > rowEnd)) {
          throw new InvalidParameterError(`${at}.rows[${row}] has ${field + 1} fields, expected ${PACKED_SPAN_FIELD_COUNT}.`);
        }
        if (validate && !isValidField(text, start, end, field)) throw invalidField(text, start, end, field, `${at}.rows[${row}]`);
        start = end + 1;
      }
      const last = PACKED_SPAN_FIELD_COUNT - 1;
      offsets[base + last] = start;
      if (!validate) {
        rowEnd = text.indexOf(PACKED_ROW_SEPARATOR, start);
        if (rowEnd === -1) rowEnd = text.length;
      }
      const extra = text.indexOf(PACKED_FIELD_SEPARATOR, start);
      if (extra !== -1 && extra < rowEnd) throw new InvalidParameterError(`${at}.rows[${row}] has more than ${PACKED_SPAN_FIELD_COUNT} fields.`);
      if (validate && !isValidField(text, start, rowEnd, last)) throw invalidField(text, start, rowEnd, last, `${at}.rows[${row}]`);
      offsets[base + PACKED_SPAN_FIELD_COUNT] = rowEnd + 1;
      position = rowEnd + 1;
    }
    if (position <= text.length) throw new InvalidParameterError(`${at}.count is ${count}, but ${at}.rows holds more rows.`);
    if (validate) checkTokenCounts(offsets, count, at);
    const reader = new PackedSpanRowsReader(text, count, offsets);
    readers.set(packed, { reader, validated: validate });
    return reader;
  }

  /** A field as it stands in the row (text fields still escaped). */
  raw(row: number, field: number): string {
    const base = row * OFFSETS_PER_ROW + field;
    return this.text.slice(this.offsets[base]!, this.offsets[base + 1]! - 1);
  }

  /** True when the field is empty (an absent value). */
  isEmpty(row: number, field: number): boolean {
    const base = row * OFFSETS_PER_ROW + field;
    return this.offsets[base + 1]! - 1 === this.offsets[base]!;
  }

  /** A text field's text; undefined when absent. */
  textOf(row: number, field: number): string | undefined {
    if (this.isEmpty(row, field)) return undefined;
    return unpackText(this.raw(row, field));
  }

  /** A JSON field's text; undefined when absent. */
  jsonOf(row: number, field: number): string | undefined {
    return this.isEmpty(row, field) ? undefined : this.raw(row, field);
  }

  /** A number field's value; undefined when absent. */
  numberOf(row: number, field: number): number | undefined {
    return this.isEmpty(row, field) ? undefined : Number(this.raw(row, field));
  }

  /** The whole row, as packed (for moving it to another batch). */
  row(row: number): string {
    const base = row * OFFSETS_PER_ROW;
    return this.text.slice(this.offsets[base]!, this.offsets[base + PACKED_SPAN_FIELD_COUNT]! - 1);
  }

  /** Where row `row` starts in the text (`count` gives one past the end of the last). */
  rowStart(row: number): number {
    return row >= this.count ? this.text.length + 1 : this.offsets[row * OFFSETS_PER_ROW]!;
  }

  /** The span a row describes, as a core `Span` (attributes and events parsed; its type as the row has it). */
  toSpan(row: number): Span {
    const span: Span = { traceId: this.textOf(row, F.traceId)!, spanId: this.textOf(row, F.spanId)! } as Span;
    const parentSpanId = this.textOf(row, F.parentSpanId);
    if (parentSpanId !== undefined) span.parentSpanId = parentSpanId;
    span.name = this.textOf(row, F.name) ?? '';
    span.spanType = this.raw(row, F.spanType) as SpanType;
    span.startTimeUnixNano = this.textOf(row, F.startTimeUnixNano)!;
    const end = this.textOf(row, F.endTimeUnixNano);
    if (end !== undefined) span.endTimeUnixNano = end;
    const message = this.textOf(row, F.statusMessage);
    const code = this.raw(row, F.statusCode) as SpanStatus['code'];
    span.status = message === undefined ? { code } : { code, message };
    span.attributes = JSON.parse(this.raw(row, F.attributes)) as Record<string, unknown>;
    const events = this.raw(row, F.events);
    span.events = events === '[]' ? [] : (JSON.parse(events) as SpanEvent[]);
    return span;
  }
}

/** What a field must be, for messages. */
const EXPECTED: Readonly<Record<number, string>> = {
  [F.traceId]: "'tr-' followed by 32 lowercase hex characters",
  [F.spanId]: '16 lowercase hex characters',
  [F.parentSpanId]: '16 lowercase hex characters or empty',
  [F.root]: "'1' or empty",
  [F.spanType]: `one of ${SPAN_TYPES.join(', ')}`,
  [F.startTimeUnixNano]: 'nanoseconds since the epoch as a decimal digit string',
  [F.endTimeUnixNano]: 'nanoseconds since the epoch as a decimal digit string, or empty',
  [F.statusCode]: 'one of UNSET, OK, ERROR',
  [F.attributes]: 'a JSON object',
  [F.traceTags]: 'a JSON object or empty',
  [F.traceMetadata]: 'a JSON object or empty',
  [F.events]: 'a JSON array',
  [F.inputTokens]: 'a number or empty',
  [F.outputTokens]: 'a number or empty',
  [F.totalTokens]: 'a number or empty',
};

/** True when one field of a row is well-formed (see ReadPackedSpanRowsOptions.validate); free text always is. */
function isValidField(text: string, start: number, end: number, field: number): boolean {
  const length = end - start;
  switch (field) {
    case F.traceId:
      return length === 35 && text.startsWith('tr-', start) && isHex(text, start + 3, end);
    case F.spanId:
      return length === 16 && isHex(text, start, end);
    case F.parentSpanId:
      return length === 0 || (length === 16 && isHex(text, start, end));
    case F.root:
      return length === 0 || (length === 1 && text.charCodeAt(start) === 0x31);
    case F.spanType:
      return SPAN_TYPE_SET.has(text.slice(start, end));
    case F.startTimeUnixNano:
      return isNanoseconds(text, start, end);
    case F.endTimeUnixNano:
      return length === 0 || isNanoseconds(text, start, end);
    case F.statusCode:
      return STATUS_CODES.has(text.slice(start, end));
    case F.traceTags:
    case F.traceMetadata:
      return length === 0 || isJsonObject(text, start, end);
    case F.attributes:
      return isJsonObject(text, start, end);
    case F.events:
      return length >= 2 && text.charCodeAt(start) === 0x5b && text.charCodeAt(end - 1) === 0x5d;
    case F.inputTokens:
    case F.outputTokens:
    case F.totalTokens:
      return length === 0 || isCount(text, start, end);
    default:
      return true;
  }
}

function invalidField(text: string, start: number, end: number, field: number, at: string): InvalidParameterError {
  const got = end === start ? 'nothing' : describeField(text, start, end);
  return new InvalidParameterError(`${at}.${PACKED_SPAN_FIELDS[field]} must be ${EXPECTED[field]}, got ${got}.`);
}

/** Token counts come as three or none. */
function checkTokenCounts(offsets: Int32Array, count: number, at: string): void {
  const present = (base: number, field: number): number => (offsets[base + field + 1]! - 1 > offsets[base + field]! ? 1 : 0);
  for (let row = 0; row < count; row += 1) {
    const base = row * OFFSETS_PER_ROW;
    const given = present(base, F.inputTokens) + present(base, F.outputTokens) + present(base, F.totalTokens);
    if (given !== 0 && given !== 3) {
      throw new InvalidParameterError(`${at}.rows[${row}] must give inputTokens, outputTokens and totalTokens together, or none of them.`);
    }
  }
}

/** The spans of a packed batch as core `Span` objects (for stores and exporters that want objects). */
export function unpackSpanRows(packed: PackedSpanRows): Span[] {
  const reader = PackedSpanRowsReader.read(packed);
  const spans = new Array<Span>(reader.count);
  for (let row = 0; row < reader.count; row += 1) spans[row] = reader.toSpan(row);
  return spans;
}

/** Several batches as one, rows in order. */
export function concatPackedSpanRows(batches: readonly PackedSpanRows[]): PackedSpanRows {
  const nonEmpty = batches.filter((batch) => batch.count > 0);
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  return {
    format: 1,
    count: nonEmpty.reduce((total, batch) => total + batch.count, 0),
    rows: nonEmpty.map((batch) => batch.rows).join(PACKED_ROW_SEPARATOR),
  };
}

/** A batch cut after its first `count` rows: the first part, and the rest. */
export function splitPackedSpanRows(packed: PackedSpanRows, count: number): [PackedSpanRows, PackedSpanRows] {
  if (count <= 0) return [{ format: 1, count: 0, rows: '' }, packed];
  if (count >= packed.count) return [packed, { format: 1, count: 0, rows: '' }];
  // Only row separators are needed: no field is looked at.
  let position = -1;
  for (let row = 0; row < count; row += 1) {
    position = packed.rows.indexOf(PACKED_ROW_SEPARATOR, position + 1);
    if (position === -1) throw new InvalidParameterError(`packed.count is ${packed.count}, but packed.rows holds ${row + 1} rows.`);
  }
  return [
    { format: 1, count, rows: packed.rows.slice(0, position) },
    { format: 1, count: packed.count - count, rows: packed.rows.slice(position + 1) },
  ];
}
