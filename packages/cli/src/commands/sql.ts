import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

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
      const { runSql } = await import('./sql/run-sql.js');
      await runSql({ context, command, query, options });
    });
}
