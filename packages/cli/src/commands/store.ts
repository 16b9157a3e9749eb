import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

function createCheckCommand(context: CliContext): Command {
  return new Command('check')
    .description("Check the local store's database file: schema, tables, every row readable; and the spool backlog")
    .option('--json', 'print the report as JSON ({ status, problems, tables, spool, ... })')
    .addHelpText(
      'after',
      `
Opens the file read-only (waiting while another process holds it) and reads
every row of every table, so that DuckDB verifies each block's checksum.
Exit code 0 when the store is healthy, 1 when it is damaged, missing or busy.

Examples:
  $ assay store check
  $ assay --tracking-uri /data/assay store check --json`,
    )
    .action(async (options: { json?: boolean }, command: Command) => {
      const { checkStoreCommand } = await import('./store/check-store-command.js');
      await checkStoreCommand({ context, command, options });
    });
}

function createRecoverCommand(context: CliContext): Command {
  return new Command('recover')
    .description('Rebuild a damaged store: set the file aside, copy what still reads into a new store, apply the spool')
    .option('--json', 'print the report as JSON ({ status, damagedFile, readFrom, tables, spool, ... })')
    .addHelpText(
      'after',
      `
The damaged file is kept beside the new one as assay.duckdb.damaged-<time>.
Rows DuckDB can still read are copied (from the file's previous checkpoint
when the file does not open at all); the report says what was recovered and
what was lost. A healthy store is left as it is.

Examples:
  $ assay store recover
  $ assay --tracking-uri /data/assay store recover --json`,
    )
    .action(async (options: { json?: boolean }, command: Command) => {
      const { recoverStoreCommand } = await import('./store/recover-store-command.js');
      await recoverStoreCommand({ context, command, options });
    });
}

/** `assay store`: check and recover the local store's database file. */
export function createStoreCommand(context: CliContext): Command {
  return new Command('store')
    .description("Check and recover the local store's database file")
    .addCommand(createCheckCommand(context))
    .addCommand(createRecoverCommand(context))
    .addHelpText(
      'after',
      `
Examples:
  $ assay store check
  $ assay store recover`,
    );
}
