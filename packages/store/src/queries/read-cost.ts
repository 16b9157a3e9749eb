import type { DuckDBValue } from '@duckdb/node-api';
import type { Cost } from '@assay/core';
import { toOptionalNumber } from './to-number.js';

/** A cost from its three stored columns; undefined when it was not priced (the total is NULL). */
export function readCost(inputCost: DuckDBValue | undefined, outputCost: DuckDBValue | undefined, totalCost: DuckDBValue | undefined): Cost | undefined {
  const total = toOptionalNumber(totalCost);
  if (total === undefined) return undefined;
  return { inputCost: toOptionalNumber(inputCost) ?? 0, outputCost: toOptionalNumber(outputCost) ?? 0, totalCost: total };
}
