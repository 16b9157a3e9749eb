import type { DuckDBAppender, DuckDBBigIntVector, DuckDBConnection, DuckDBDoubleVector, DuckDBIntegerVector, DuckDBVarCharVector } from '@duckdb/node-api';
import { PACKED_SPAN_FIELD as F, type PackedSpanRows, type PackedSpanRowsReader } from '@assay/core';
import { appendColumns } from './append-columns.js';

/** The columns of the `spans` table, in order. */
export const SPAN_COLUMNS = [
  'trace_id',
  'span_id',
  'parent_span_id',
  'name',
  'span_type',
  'start_time_ns',
  'end_time_ns',
  'status_code',
  'status_message',
  'attributes',
  'events',
  'inputs',
  'outputs',
  'input_cost',
  'output_cost',
  'total_cost',
] as const;

/** Options of appendSpanRows. */
export interface AppendSpanRowsOptions {
  /** The rows to write, by index in the reader, in order; default all of them. */
  rows?: Int32Array | undefined;
  /** Per row of the reader, its input, output and total cost (NaN when not priced): `costs[row * 3 + k]`. */
  costs: Float64Array;
}

// Fields copied as they are (ids, type, status, JSON), nullable or not, by column.
const RAW_FIELDS: Readonly<Record<number, number>> = { 0: F.traceId, 1: F.spanId, 4: F.spanType, 7: F.statusCode, 9: F.attributes, 10: F.events };
const TEXT_FIELDS: Readonly<Record<number, number>> = { 3: F.name, 8: F.statusMessage, 11: F.inputs, 12: F.outputs };

/**
 * Appends packed span rows to the `spans` table as data chunks: each column
 * is filled straight from the rows text (ids, JSON and other fields are
 * sliced out of it, times parsed into BIGINT vectors), and the costs priced
 * by the writer. Nothing is parsed beyond the fields that are escaped text.
 */
export function appendSpanRows(appender: DuckDBAppender, reader: PackedSpanRowsReader, { rows, costs }: AppendSpanRowsOptions): void {
  const rowAt = rows === undefined ? (index: number): number => index : (index: number): number => rows[index]!;
  appendColumns(appender, rows === undefined ? reader.count : rows.length, (column, vector, from, to) => {
    const raw = RAW_FIELDS[column];
    if (raw !== undefined) {
      const strings = vector as DuckDBVarCharVector;
      for (let index = from; index < to; index += 1) strings.setItem(index - from, reader.raw(rowAt(index), raw));
      return;
    }
    const text = TEXT_FIELDS[column];
    if (text !== undefined) {
      const strings = vector as DuckDBVarCharVector;
      for (let index = from; index < to; index += 1) strings.setItem(index - from, reader.textOf(rowAt(index), text) ?? null);
      return;
    }
    switch (column) {
      case 2: {
        const strings = vector as DuckDBVarCharVector;
        for (let index = from; index < to; index += 1) {
          const row = rowAt(index);
          strings.setItem(index - from, reader.isEmpty(row, F.parentSpanId) ? null : reader.raw(row, F.parentSpanId));
        }
        return;
      }
      case 5:
      case 6: {
        const field = column === 5 ? F.startTimeUnixNano : F.endTimeUnixNano;
        const numbers = vector as DuckDBBigIntVector;
        for (let index = from; index < to; index += 1) {
          const row = rowAt(index);
          numbers.setItem(index - from, reader.isEmpty(row, field) ? null : BigInt(reader.raw(row, field)));
        }
        return;
      }
      case 13:
      case 14:
      case 15: {
        const part = column - 13;
        const numbers = vector as DuckDBDoubleVector;
        for (let index = from; index < to; index += 1) {
          const cost = costs[rowAt(index) * 3 + part]!;
          numbers.setItem(index - from, Number.isNaN(cost) ? null : cost);
        }
        return;
      }
      default:
        throw new Error(`The spans table has an unexpected column ${column}.`);
    }
  });
}

/** The temporary table insertSpanRows takes the priced rows' costs from (see SPAN_STAGING_TABLES). */
export const SPAN_COSTS_STAGING_TABLE =
  'CREATE TEMP TABLE IF NOT EXISTS stage_span_costs (row_index INTEGER, input_cost DOUBLE, output_cost DOUBLE, total_cost DOUBLE)';

// A field of the row split `f` (1-based), NULL when empty, escaped text decoded (see PackedSpanRows).
const field = (index: number): string => `f[${index + 1}]`;
const nullable = (index: number): string => `nullif(${field(index)}, '')`;
const text = (expression: string): string =>
  `CASE WHEN starts_with(${expression}, chr(1)) THEN coalesce(TRY(json_extract_string(substr(${expression}, 2), '$')), substr(${expression}, 2)) ELSE ${expression} END`;

const SPAN_VALUES = [
  field(F.traceId),
  field(F.spanId),
  nullable(F.parentSpanId),
  text(field(F.name)),
  field(F.spanType),
  `CAST(${field(F.startTimeUnixNano)} AS BIGINT)`,
  `CAST(${nullable(F.endTimeUnixNano)} AS BIGINT)`,
  field(F.statusCode),
  text(nullable(F.statusMessage)),
  field(F.attributes),
  field(F.events),
  text(nullable(F.inputs)),
  text(nullable(F.outputs)),
].join(', ');

// The rows text split by DuckDB: rows on RS (chr 30) with their 1-based index, fields on US (chr 31).
const SPLIT_ROWS = `SELECT string_split(row, chr(31)) AS f, i FROM (
    SELECT unnest(rows) AS row, generate_subscripts(rows, 1) AS i FROM (SELECT string_split($1, chr(30)) AS rows))`;
const INSERT_SPANS = `INSERT INTO spans SELECT ${SPAN_VALUES}, NULL, NULL, NULL FROM (${SPLIT_ROWS})`;
const INSERT_PRICED_SPANS = `INSERT INTO spans SELECT ${SPAN_VALUES}, c.input_cost, c.output_cost, c.total_cost
  FROM (${SPLIT_ROWS}) LEFT JOIN stage_span_costs c ON c.row_index = i`;

/**
 * Inserts every row of a packed batch into the `spans` table in one
 * statement that binds the rows text as one string: DuckDB splits it into
 * rows and fields itself, off the JavaScript thread (escaped text is decoded
 * there too). The costs of priced rows (`costs[row * 3 + k]`, NaN when not
 * priced) are staged as numbers, in data chunks, and joined by row.
 */
export async function insertSpanRows(connection: DuckDBConnection, packed: PackedSpanRows, costs: Float64Array): Promise<void> {
  if (packed.count === 0) return;
  const priced: number[] = [];
  for (let row = 0; row < packed.count; row += 1) if (!Number.isNaN(costs[row * 3 + 2]!)) priced.push(row);
  if (priced.length === 0) {
    await connection.run(INSERT_SPANS, [packed.rows]);
    return;
  }
  const appender = await connection.createAppender('stage_span_costs', 'main', 'temp');
  appendColumns(appender, priced.length, (column, vector, from, to) => {
    if (column === 0) {
      const indexes = vector as DuckDBIntegerVector;
      for (let index = from; index < to; index += 1) indexes.setItem(index - from, priced[index]! + 1);
      return;
    }
    const numbers = vector as DuckDBDoubleVector;
    for (let index = from; index < to; index += 1) numbers.setItem(index - from, costs[priced[index]! * 3 + column - 1]!);
  });
  appender.closeSync();
  await connection.run(INSERT_PRICED_SPANS, [packed.rows]);
  await connection.run('DELETE FROM stage_span_costs');
}
