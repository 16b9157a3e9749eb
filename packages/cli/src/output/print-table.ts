import Table from 'cli-table3';
import type { WriteText } from '../cli-context.js';

/** A table to print: a header row and body rows of already formatted cells. */
export interface PrintTableInput {
  /** The header cells. */
  head: readonly string[];
  /** The body rows, one cell per header. */
  rows: readonly (readonly string[])[];
  /** Right-align these columns (numbers). */
  alignRight?: readonly number[];
}

/**
 * Prints a bordered table. No colours, so output piped to a file or read in
 * a test is plain text.
 */
export function printTable(input: PrintTableInput, write: WriteText): void {
  const table = new Table({
    head: [...input.head],
    style: { head: [], border: [], compact: true },
    colAligns: input.head.map((_, index) => (input.alignRight?.includes(index) ? 'right' : 'left')),
    wordWrap: false,
  });
  for (const row of input.rows) table.push([...row]);
  write(`${table.toString()}\n`);
}

/**
 * Prints key/value pairs as a two-column table under a section title, e.g.
 * `Params (3)`; prints `Params: none` for an empty record.
 */
export function printSection(title: string, entries: readonly (readonly [string, string])[], write: WriteText): void {
  if (entries.length === 0) {
    write(`${title}: none\n`);
    return;
  }
  write(`${title} (${entries.length})\n`);
  printTable({ head: ['Key', 'Value'], rows: entries }, write);
}
