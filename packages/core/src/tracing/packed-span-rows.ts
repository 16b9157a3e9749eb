/**
 * Spans as packed rows: one batch of spans as ONE string, each row holding
 * what a store writes for the span (its `spans` row) and what the trace's
 * summary needs of it, extracted once by the producer that has the span's
 * attributes at hand. Nothing has to be parsed to store a row: the store
 * slices the fields out of the string and hands them to its database, and a
 * batch crosses threads or processes as one string (cheap to structured-clone,
 * a plain string field in a spooled JSON line).
 *
 * Rows are separated by RS (U+001E), fields by US (U+001F), in the order of
 * PACKED_SPAN_FIELDS. Neither separator can occur inside a field:
 *
 * - text fields (ids, name, times, status message, inputs, outputs, model,
 *   session, user, run) are written as they are when they hold no character
 *   below U+0020; otherwise, and for an empty text, as U+0001 followed by the
 *   text as a JSON string (JSON escapes every control character). An empty
 *   field is an absent value.
 * - JSON fields (attributes, events, trace tags, trace metadata) are JSON
 *   text, which never holds a raw control character other than whitespace
 *   (tab, line feed, carriage return). An empty field is an absent value.
 * - `root` is `1` for a span marked `assay.trace.root`, else empty; token
 *   counts are decimal numbers, the three empty when the span reports no usage.
 *
 * Build rows with PackedSpanRowsBuilder, read them with PackedSpanRowsReader,
 * turn them back into `Span` objects with unpackSpanRows.
 */
export interface PackedSpanRows {
  /** The format's version: 1 (see PACKED_SPAN_ROWS_FORMAT). */
  readonly format: 1;
  /** How many rows `rows` holds. */
  readonly count: number;
  /** The rows, separated by PACKED_ROW_SEPARATOR; empty when `count` is 0. */
  readonly rows: string;
}

/** The version of the packed format this code reads and writes. */
export const PACKED_SPAN_ROWS_FORMAT = 1;

/** Between two rows: RS, U+001E. */
export const PACKED_ROW_SEPARATOR = '\u001e';

/** Between two fields of a row: US, U+001F. */
export const PACKED_FIELD_SEPARATOR = '\u001f';

/** Starts a text field written as a JSON string (see PackedSpanRows). */
export const PACKED_ESCAPED_TEXT = '\u0001';

/** The fields of a row, in order. */
export const PACKED_SPAN_FIELDS = [
  /** `tr-` + 32 hex characters. */
  'traceId',
  /** 16 hex characters. */
  'spanId',
  /** 16 hex characters; empty for a span without a parent. */
  'parentSpanId',
  /** `1` when the span is marked `assay.trace.root`, else empty. */
  'root',
  'name',
  /** The span's type as the store keeps it (Assay's attribute, else OpenInference's kind, else the span's own). */
  'spanType',
  /** Nanoseconds since the epoch, decimal digits. */
  'startTimeUnixNano',
  /** Empty while the span is open. */
  'endTimeUnixNano',
  /** UNSET, OK or ERROR. */
  'statusCode',
  'statusMessage',
  /** JSON object of the attributes, values decoded (MLflow's JSON-encoded values embedded as JSON). */
  'attributes',
  /** JSON array of the events. */
  'events',
  /** The inputs as the store searches them: JSON text of Assay's payload, else OpenInference's text. */
  'inputs',
  'outputs',
  'inputTokens',
  'outputTokens',
  'totalTokens',
  /** The model that answered, else the one asked for (only on spans with usage it matters). */
  'model',
  'sessionId',
  'userId',
  /** The run the trace belongs to (`mlflow.sourceRun`). */
  'runId',
  /** JSON object of the trace tags the span sets (string values). */
  'traceTags',
  /** JSON object of the trace metadata the span sets (string values). */
  'traceMetadata',
] as const;

/** A field's name. */
export type PackedSpanFieldName = (typeof PACKED_SPAN_FIELDS)[number];

/** How many fields a row has. */
export const PACKED_SPAN_FIELD_COUNT = PACKED_SPAN_FIELDS.length;

/** A field's index in a row, by name. */
export const PACKED_SPAN_FIELD = Object.freeze(
  Object.fromEntries(PACKED_SPAN_FIELDS.map((name, index) => [name, index])) as { readonly [Name in PackedSpanFieldName]: number },
);

// Any character below U+0020: such text is written escaped.
// eslint-disable-next-line no-control-regex -- control characters are what these look for
const CONTROL_CHARACTER = /[\u0000-\u001f]/u;

// In a regular expression with the u flag, only a lone surrogate matches.
const LONE_SURROGATE = /[\ud800-\udfff]/gu;

/**
 * A text field as written in a row (see PackedSpanRows): as it is, or
 * escaped. Empty text is written escaped, so that an empty field means
 * absent. Escaped text has its lone surrogates replaced by U+FFFD, as a
 * database's UTF-8 text keeps them whichever way they arrive.
 */
export function packText(text: string): string {
  if (text === '' || CONTROL_CHARACTER.test(text)) return PACKED_ESCAPED_TEXT + JSON.stringify(text.replace(LONE_SURROGATE, '\ufffd'));
  return text;
}

/** The text a text field holds (the inverse of packText). */
export function unpackText(field: string): string {
  if (field.charCodeAt(0) !== 0x01) return field;
  try {
    const text: unknown = JSON.parse(field.slice(1));
    return typeof text === 'string' ? text : field.slice(1);
  } catch {
    return field.slice(1);
  }
}

/** True when `text` may stand in a row as it is (no control character). */
export function isPlainText(text: string): boolean {
  return !CONTROL_CHARACTER.test(text);
}
