import type { PackedSpanRows } from '../tracing/packed-span-rows.js';
import { PackedSpanRowsReader } from '../tracing/packed-span-rows-reader.js';

/**
 * Checks packed span rows cheaply, row by row: the row count, each row's
 * fields, and the fixed fields (ids, times, type, status, root marker, token
 * counts, the outline of JSON fields), without parsing JSON or copying text.
 * @throws InvalidParameterError naming the first bad row and field, e.g. `packed.rows[2].spanId`.
 */
export function validatePackedSpanRows(packed: PackedSpanRows, at = 'packed'): void {
  PackedSpanRowsReader.read(packed, { validate: true, at });
}
