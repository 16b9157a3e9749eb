import { withExistingStore } from '../../options/store-option.js';
import { formatSqlValue } from '../../output/format-sql-value.js';
import { printJson } from '../../output/print-json.js';
import { printTable } from '../../output/print-table.js';
import type { CommandInvocation } from '../command-invocation.js';

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/i;

/** Options of `runSql`. */
export interface RunSqlOptions extends CommandInvocation<{ json?: boolean }> {
  /** One read-only SQL statement. */
  query: string;
}

/** `assay sql "<query>"`: runs the query and prints its result as a table or JSON. */
export async function runSql({ context, command, query, options }: RunSqlOptions): Promise<void> {
  const result = await withExistingStore(context, command, (store) => store.sql({ query }));
  if (options.json) {
    printJson(result, context.stdout);
    return;
  }
  if (result.columns.length === 0) {
    context.stdout('OK\n');
    return;
  }
  printTable(
    {
      head: result.columns.map((column) => column.name),
      rows: result.rows.map((row) => result.columns.map((_, index) => formatSqlValue(row[index]))),
      alignRight: result.columns.flatMap((column, index) => (NUMERIC_TYPE.test(column.type) ? [index] : [])),
    },
    context.stdout,
  );
  context.stdout(`(${result.rows.length} ${result.rows.length === 1 ? 'row' : 'rows'})\n`);
}
