import { NotFoundError, StoreBusyError, StoreDamagedError } from '@assay/core';
import type { StoreCheckReport } from '@assay/store';
import { shellQuote } from '../../options/shell-quote.js';
import { resolveStoreDirectory, trackingUriArguments } from '../../options/store-option.js';
import { formatBytes } from '../../output/format-bytes.js';
import { printJson } from '../../output/print-json.js';
import { printTable } from '../../output/print-table.js';
import type { CommandInvocation } from '../command-invocation.js';

function printReport(report: StoreCheckReport, write: (text: string) => void): void {
  const { spool } = report;
  write(`Store ${report.databasePath}: ${report.status}\n`);
  printTable(
    {
      head: ['Field', 'Value'],
      rows: [
        ['Size', report.sizeBytes === undefined ? '-' : formatBytes(report.sizeBytes)],
        ['Schema version', report.schemaVersion === undefined ? '-' : `${report.schemaVersion} (this Assay writes ${report.latestSchemaVersion})`],
        ['Rejected writes', report.rejectedWrites === undefined ? '-' : String(report.rejectedWrites)],
        ['Spool', `${spool.segments} segment(s), ${spool.operations} write(s) waiting; ${spool.unreadable} unreadable`],
      ],
    },
    write,
  );
  if (report.tables.length > 0) {
    write(`Tables (${report.tables.length})\n`);
    printTable(
      {
        head: ['Table', 'Rows', 'Every row reads'],
        rows: report.tables.map((table) => [table.name, table.rows === undefined ? '?' : String(table.rows), table.error === undefined ? 'yes' : 'NO']),
        alignRight: [1],
      },
      write,
    );
  }
  if (report.problems.length > 0) write(`Problems (${report.problems.length})\n${report.problems.map((problem) => `  - ${problem}\n`).join('')}`);
}

/** `assay store check`: prints the check's report; fails (exit 1) unless the store is healthy. */
export async function checkStoreCommand({ context, command, options }: CommandInvocation<{ json?: boolean }>): Promise<void> {
  const { checkStore } = await import('@assay/store');
  const report = await checkStore({ root: await resolveStoreDirectory(command, context.env) });
  if (options.json) printJson(report, context.stdout);
  else printReport(report, context.stdout);
  const recover = shellQuote(['assay', ...trackingUriArguments(command), 'store', 'recover']);
  switch (report.status) {
    case 'healthy':
      return;
    case 'missing':
      throw new NotFoundError(report.problems[0]!);
    case 'busy':
      throw new StoreBusyError(report.problems[0]!, report.holder ? { holder: report.holder } : {});
    case 'damaged':
      throw new StoreDamagedError(
        `The store is damaged (${report.problems.length} problem(s) above). \`${recover}\` sets the file aside, copies what still reads into a new store and applies the spool.`,
        { databasePath: report.databasePath },
      );
  }
}
