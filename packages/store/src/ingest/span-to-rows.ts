import type { DuckDBConnection, DuckDBDoubleVector, DuckDBIntegerVector } from '@duckdb/node-api';
import { PACKED_SPAN_FIELD as F, type PackedSpanRowsReader } from '@assay/core';
import { appendColumns } from './append-columns.js';
import { fieldSql, nullableFieldSql, textSql } from './split-fields-sql.js';

/** The temporary tables insertSpanRows stages costs and rows in (see SPAN_STAGING_TABLES). */
export const SPAN_ROWS_STAGING_TABLES: readonly string[] = [
  'CREATE TEMP TABLE IF NOT EXISTS stage_span_costs (row_index INTEGER, input_cost DOUBLE, output_cost DOUBLE, total_cost DOUBLE)',
  'CREATE TEMP TABLE IF NOT EXISTS stage_span_rows (packed VARCHAR, input_cost DOUBLE, output_cost DOUBLE, total_cost DOUBLE)',
];

/**
 * Batches whose rows average up to this many characters are handed to
 * DuckDB as one string; larger rows are staged one string per row. Measured
 * (bench/tracing/store-append.bench.ts): one value for the whole batch costs
 * the JS thread least for small rows, but DuckDB copies and checks a large
 * batch as one string, then again row by row, which costs more than binding
 * each row; per-column data chunks cost the JS thread most (one conversion
 * per field, and the chunk is copied again into the appender).
 */
export const WHOLE_BATCH_MAX_ROW_CHARACTERS = 1_000;

const field = fieldSql;
const nullable = nullableFieldSql;
const text = textSql;

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

// The whole batch as one string, split by DuckDB: rows on RS (chr 30) with their 1-based index, fields on US (chr 31).
const SPLIT_BATCH = `SELECT string_split(row, chr(31)) AS f, i FROM (
    SELECT unnest(rows) AS row, generate_subscripts(rows, 1) AS i FROM (SELECT string_split($1, chr(30)) AS rows))`;
const INSERT_BATCH = `INSERT INTO spans SELECT ${SPAN_VALUES}, NULL, NULL, NULL FROM (${SPLIT_BATCH})`;
const INSERT_PRICED_BATCH = `INSERT INTO spans SELECT ${SPAN_VALUES}, c.input_cost, c.output_cost, c.total_cost
  FROM (${SPLIT_BATCH}) LEFT JOIN stage_span_costs c ON c.row_index = i`;
// Rows staged one string each, with their costs.
const INSERT_STAGED_ROWS = `INSERT INTO spans SELECT ${SPAN_VALUES}, input_cost, output_cost, total_cost
  FROM (SELECT string_split(packed, chr(31)) AS f, input_cost, output_cost, total_cost FROM stage_span_rows)`;

/** Options of insertSpanRows. */
export interface InsertSpanRowsOptions {
  /** Per row of the reader, its input, output and total cost (NaN when not priced): `costs[row * 3 + k]`. */
  costs: Float64Array;
  /** The rows to write, by index in the reader, in order; default all of them. */
  rows?: Int32Array | undefined;
  /** Hand DuckDB the whole batch as one string, or each row as one; default by the rows' size (see WHOLE_BATCH_MAX_ROW_CHARACTERS). */
  as?: 'batch' | 'rows';
}

/**
 * Inserts packed span rows into the `spans` table in one statement in which
 * DuckDB splits the rows into fields itself (off the JavaScript thread;
 * escaped text is decoded there too): the JS thread converts one string per
 * batch, or per row, instead of one per field. The costs of priced rows go
 * beside them: as numbers in data chunks (typed vectors) for a batch, in the
 * row's staged row otherwise.
 */
export async function insertSpanRows(connection: DuckDBConnection, reader: PackedSpanRowsReader, { costs, rows, as }: InsertSpanRowsOptions): Promise<void> {
  const count = rows === undefined ? reader.count : rows.length;
  if (count === 0) return;
  const rowAt = rows === undefined ? (index: number): number => index : (index: number): number => rows[index]!;
  const whole = as === undefined ? rows === undefined && reader.text.length <= reader.count * WHOLE_BATCH_MAX_ROW_CHARACTERS : as === 'batch';
  if (whole) {
    if (rows !== undefined) throw new Error('insertSpanRows: a subset of rows is staged row by row.');
    await insertBatch(connection, reader, costs);
    return;
  }
  // One string per row through the row Appender: for text, measured cheaper than a data chunk's vectors (no extra copy).
  const appender = await connection.createAppender('stage_span_rows', 'main', 'temp');
  for (let index = 0; index < count; index += 1) {
    const row = rowAt(index);
    appender.appendVarchar(reader.row(row));
    if (Number.isNaN(costs[row * 3 + 2]!)) {
      appender.appendNull();
      appender.appendNull();
      appender.appendNull();
    } else {
      appender.appendDouble(costs[row * 3]!);
      appender.appendDouble(costs[row * 3 + 1]!);
      appender.appendDouble(costs[row * 3 + 2]!);
    }
    appender.endRow();
  }
  appender.closeSync();
  await connection.run(INSERT_STAGED_ROWS);
  await connection.run('DELETE FROM stage_span_rows');
}

/** Every row of the reader, its text bound as one value; the priced rows' costs staged by row index and joined. */
async function insertBatch(connection: DuckDBConnection, reader: PackedSpanRowsReader, costs: Float64Array): Promise<void> {
  const priced: number[] = [];
  for (let row = 0; row < reader.count; row += 1) if (!Number.isNaN(costs[row * 3 + 2]!)) priced.push(row);
  if (priced.length === 0) {
    await connection.run(INSERT_BATCH, [reader.text]);
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
  await connection.run(INSERT_PRICED_BATCH, [reader.text]);
  await connection.run('DELETE FROM stage_span_costs');
}
