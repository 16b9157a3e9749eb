import { shellQuote } from '../../options/shell-quote.js';
import { trackingUriArguments, withExistingStore } from '../../options/store-option.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import { printSection, printTable } from '../../output/print-table.js';
import type { CommandInvocation } from '../command-invocation.js';
import { CELL_WIDTH, describeDatasetVersion } from '../../output/describe-dataset-version.js';

/** The options of `assay datasets show`. */
export interface ShowDatasetCommandOptions {
  /** The version (default: the latest). */
  datasetVersion?: number;
  /** Rows to show. */
  limit: number;
  /** Rows to skip. */
  offset: number;
  /** Print JSON instead of tables. */
  json?: boolean;
}

/** Options of `showDataset`. */
export interface ShowDatasetOptions extends CommandInvocation<ShowDatasetCommandOptions> {
  /** The dataset name. */
  name: string;
}

/** A cell of a dataset row: strings as they are, other values as JSON, made safe for the terminal. */
function formatCell(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return formatUntrustedText(text, CELL_WIDTH);
}

/** `assay datasets show <name>`: a version's info, tags, columns and a page of rows, and the command for the next page. */
export async function showDataset({ context, command, name, options }: ShowDatasetOptions): Promise<void> {
  const { info, rows } = await withExistingStore(context, command, async (store) => {
    const found = await store.getDataset({ name, ...(options.datasetVersion !== undefined ? { version: options.datasetVersion } : {}) });
    const page = await store.readDatasetRows({ name, version: found.version, limit: options.limit, offset: options.offset });
    return { info: found, rows: page };
  });
  if (options.json) {
    printJson({ dataset: info, rows }, context.stdout);
    return;
  }
  context.stdout(`Dataset ${describeDatasetVersion(info)}\n`);
  printTable(
    {
      head: ['Field', 'Value'],
      rows: [
        ['Name', formatUntrustedText(info.name, 80)],
        ['Version', String(info.version)],
        ['Rows', String(info.rowCount)],
        ['Digest', info.digest],
        ['Source', formatUntrustedText(info.source, 80)],
        ['Source type', info.sourceType],
        ['Created', formatTimestamp(info.createdTime)],
        ['Description', info.description === undefined ? '-' : formatUntrustedText(info.description, 80)],
      ],
    },
    context.stdout,
  );
  context.stdout('\n');
  printSection(
    'Tags',
    Object.entries(info.tags)
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([key, value]) => [formatUntrustedText(key), formatUntrustedText(value)] as const),
    context.stdout,
  );
  context.stdout('\n');
  context.stdout(`Columns (${info.schema.length})\n`);
  printTable(
    { head: ['Column', 'Type'], rows: info.schema.map((column) => [formatUntrustedText(column.name, CELL_WIDTH), column.type]) },
    context.stdout,
  );
  context.stdout('\n');
  if (rows.length === 0) {
    context.stdout(`No rows from offset ${options.offset} (the dataset has ${info.rowCount}).\n`);
    return;
  }
  const columns = info.schema.map((column) => column.name);
  printTable(
    {
      head: ['#', ...columns.map((column) => formatUntrustedText(column, CELL_WIDTH))],
      rows: rows.map((row, index) => [String(options.offset + index + 1), ...columns.map((column) => formatCell(row[column]))]),
      alignRight: [0],
    },
    context.stdout,
  );
  const last = options.offset + rows.length;
  context.stdout(`(rows ${options.offset + 1}-${last} of ${info.rowCount})\n`);
  if (last < info.rowCount) {
    const next = [
      'assay',
      ...trackingUriArguments(command),
      'datasets',
      'show',
      name,
      '--dataset-version',
      String(info.version),
      '--limit',
      String(options.limit),
      '--offset',
      String(last),
    ];
    context.stderr(`More rows: ${shellQuote(next)}\n`);
  }
}
