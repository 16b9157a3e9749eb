import type { DatasetInfo } from '@assay/core';
import { formatUntrustedText } from './format-untrusted-text.js';

/** The widest a cell of a dataset table gets (longer values are cut). */
export const CELL_WIDTH = 40;

/** How many characters of a digest the tables and messages show. */
export const SHORT_DIGEST = 12;

/** A dataset version as messages name it: `'name' version 3`. */
export function describeDatasetVersion(info: DatasetInfo): string {
  return `'${formatUntrustedText(info.name, 80)}' version ${info.version}`;
}
