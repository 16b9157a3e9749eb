import { DuckDBDataChunk, DuckDBVector, type DuckDBAppender, type DuckDBType } from '@duckdb/node-api';

/** Fills one column's vector with the rows [from, to) of a write; the vector's item `index` is row `from + index`. */
export type FillColumn = (column: number, vector: DuckDBVector, from: number, to: number) => void;

// Rows per data chunk: DuckDB's vector size (2,048), the most a chunk holds.
let rowsPerChunk: number | undefined;

/**
 * Appends `rowCount` rows to an appender as data chunks, column by column:
 * each chunk's vectors are filled by `fill` (numbers go into typed arrays,
 * copied to DuckDB in one call per vector), then handed over whole. Far
 * fewer calls into DuckDB than one per value, and no row objects.
 */
export function appendColumns(appender: DuckDBAppender, rowCount: number, fill: FillColumn): void {
  if (rowCount === 0) return;
  const types: DuckDBType[] = [];
  for (let column = 0; column < appender.columnCount; column += 1) types.push(appender.columnType(column));
  rowsPerChunk ??= DuckDBVector.standardSize();
  for (let from = 0; from < rowCount; from += rowsPerChunk) {
    const to = Math.min(rowCount, from + rowsPerChunk);
    const chunk = DuckDBDataChunk.create(types, to - from);
    for (let column = 0; column < types.length; column += 1) {
      const vector = chunk.getColumnVector(column);
      fill(column, vector, from, to);
      vector.flush();
    }
    appender.appendDataChunk(chunk);
  }
}
