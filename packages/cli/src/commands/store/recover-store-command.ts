import type { StoreRecoveryReport } from '@assay/store';
import { resolveStoreDirectory } from '../../options/store-option.js';
import { formatBytes } from '../../output/format-bytes.js';
import { printJson } from '../../output/print-json.js';
import { printTable } from '../../output/print-table.js';
import type { CommandInvocation } from '../command-invocation.js';

const READ_FROM: Record<NonNullable<StoreRecoveryReport['readFrom']>, string> = {
  file: 'the damaged file',
  'previous-checkpoint': 'the damaged file as of its previous checkpoint (the writes after it could not be read)',
  none: 'nothing: DuckDB could not read the damaged file at all',
};

function printReport(report: StoreRecoveryReport, write: (text: string) => void): void {
  const { check } = report;
  if (report.status === 'not-needed') {
    write(`The store at ${check.databasePath} is ${check.status === 'missing' ? 'missing (the next process that opens it creates it)' : 'healthy'}; nothing to recover.\n`);
    return;
  }
  write(`Recovered the store at ${check.databasePath}.\n`);
  write(`The damaged file is kept as ${report.damagedFile}.\n`);
  write(`Rows were read from ${READ_FROM[report.readFrom ?? 'none']}${report.unreadable !== undefined ? ` (DuckDB: ${report.unreadable})` : ''}.\n`);
  const lost: string[] = [];
  if (report.tables.length > 0) {
    printTable(
      {
        head: ['Table', 'Rows in the damaged file', 'Recovered', 'Lost'],
        rows: report.tables.map((table) => {
          const missing = table.rows === undefined ? undefined : table.rows - table.recovered;
          if (missing === undefined || missing > 0) lost.push(`${table.name}: ${missing ?? 'an unknown number of'} row(s)`);
          return [table.name, table.rows === undefined ? '?' : String(table.rows), String(table.recovered), missing === undefined ? '?' : String(missing)];
        }),
        alignRight: [1, 2, 3],
      },
      write,
    );
  }
  write(`Spool: ${report.spool.segments} segment(s) applied${report.spool.rejected > 0 ? `, ${report.spool.rejected} write(s) refused (kept in the rejected_writes table)` : ''}.\n`);
  if (report.readFrom === 'none') {
    write(`Lost: everything the damaged file held (${check.sizeBytes === undefined ? 'its size is unknown' : formatBytes(check.sizeBytes)}); it is kept as it is, for other tools.\n`);
  } else {
    write(`Lost: ${lost.length === 0 ? (report.readFrom === 'previous-checkpoint' ? 'the writes after the previous checkpoint' : 'nothing') : lost.join('; ')}.\n`);
  }
}

/** `assay store recover`: rebuilds a damaged store and says what was recovered and lost. */
export async function recoverStoreCommand({ context, command, options }: CommandInvocation<{ json?: boolean }>): Promise<void> {
  const { recoverStore } = await import('@assay/store');
  const report = await recoverStore({ root: await resolveStoreDirectory(command, context.env) });
  if (options.json) printJson(report, context.stdout);
  else printReport(report, context.stdout);
}
