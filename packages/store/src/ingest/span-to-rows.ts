import type { DuckDBBigIntVector, DuckDBDoubleVector, DuckDBVarCharVector, DuckDBAppender } from '@duckdb/node-api';
import { PACKED_SPAN_FIELD as F, type PackedSpanRowsReader } from '@assay/core';
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
