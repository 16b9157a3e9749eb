import { PACKED_ESCAPED_TEXT } from '@assay/core';

// SQL that reads the fields of a packed row split into `f` (string_split on
// US, chr 31; see PackedSpanRows): DuckDB does the splitting and decoding,
// off the JavaScript thread.

if (PACKED_ESCAPED_TEXT !== '\u0001') throw new Error('split-fields-sql reads escaped text marked by chr(1).');

/** Field `index` (0-based) of the split row `f`. */
export function fieldSql(index: number): string {
  return `f[${index + 1}]`;
}

/** Field `index`, NULL when empty (an absent value). */
export function nullableFieldSql(index: number): string {
  return `nullif(${fieldSql(index)}, '')`;
}

/** A text field's text: escaped text (chr 1 and a JSON string) decoded, else as it is. */
export function textSql(expression: string): string {
  return `CASE WHEN starts_with(${expression}, chr(1)) THEN coalesce(TRY(json_extract_string(substr(${expression}, 2), '$')), substr(${expression}, 2)) ELSE ${expression} END`;
}
