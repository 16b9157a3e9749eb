import type { DuckDBValue } from '@duckdb/node-api';

/** A number column's value (BIGINTs arrive as bigint) as a JavaScript number. */
export function toNumber(value: DuckDBValue | undefined): number {
  return Number(value ?? null);
}

/** Like toNumber, with NULL read as undefined. */
export function toOptionalNumber(value: DuckDBValue | undefined): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}
