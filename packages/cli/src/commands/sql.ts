import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { withStore } from '../options/store-option.js';
import { formatSqlValue } from '../output/format-sql-value.js';
import { printJson } from '../output/print-json.js';
import { printTable } from '../output/print-table.js';

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/i;

/** `assay sql "<query>"`: one read-only SQL statement over the store's tables. */
export function createSqlCommand(context: CliContext): Command {
  return new Command('sql')
    .description("Run one read-only SQL query over the store's tables (DuckDB SQL)")
    .argument('<query>', 'one SELECT, EXPLAIN, DESCRIBE or SHOW statement (quote it)')
    .option('--json', 'print JSON ({ columns: [{ name, type }], rows: [[...]] }) instead of a table')
    .addHelpText(
      'after',
      `
Writes (INSERT, UPDATE, DELETE, CREATE, ...) are rejected.

Examples:
  $ assay sql "SHOW TABLES"
  $ assay sql "DESCRIBE runs"
  $ assay sql "SELECT status, count(*) AS runs FROM runs GROUP BY status"
  $ assay sql "SELECT run_id, key, max(value) FROM metrics GROUP BY ALL ORDER BY 3 DESC LIMIT 10" --json`,
    )
    .action(async (query: string, options: { json?: boolean }, command: Command) => {
      const result = await withStore(context, command, (store) => store.sql({ query }));
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
    });
}
