import { Command, Option } from 'commander';
import type { DatasetInfo, DatasetSummary, Store } from '@assay/core';
import type { CliContext } from '../cli-context.js';
import { collectTags } from '../options/collect-tags.js';
import { parseNonNegativeInteger } from '../options/parse-non-negative-integer.js';
import { parsePositiveInteger } from '../options/parse-positive-integer.js';
import { shellQuote } from '../options/shell-quote.js';
import { trackingUriArguments, withStore } from '../options/store-option.js';
import { formatTimestamp } from '../output/format-timestamp.js';
import { formatUntrustedText } from '../output/format-untrusted-text.js';
import { printJson } from '../output/print-json.js';
import { printSection, printTable } from '../output/print-table.js';

const DEFAULT_MAX_RESULTS = 100;
const DEFAULT_SHOW_LIMIT = 20;
const MAX_SHOW_LIMIT = 1000;
const CELL_WIDTH = 40;
const SHORT_DIGEST = 12;

interface ImportOptions {
  name: string;
  format?: 'jsonl' | 'csv' | 'parquet';
  description?: string;
  tag?: Record<string, string>;
  json?: boolean;
}

interface ListOptions {
  maxResults: number;
  pageToken?: string;
  json?: boolean;
}

interface ShowOptions {
  datasetVersion?: number;
  limit: number;
  offset: number;
  json?: boolean;
}

interface ExportOptions {
  out: string;
  datasetVersion?: number;
  format?: 'jsonl' | 'parquet';
  json?: boolean;
}

/** A cell of a dataset row: strings as they are, other values as JSON, made safe for the terminal. */
function formatCell(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return formatUntrustedText(text, CELL_WIDTH);
}

function describeVersion(info: DatasetInfo): string {
  return `'${formatUntrustedText(info.name, 80)}' version ${info.version}`;
}

function printDatasets(datasets: readonly DatasetSummary[], context: CliContext): void {
  if (datasets.length === 0) {
    context.stdout('No datasets found. Import one with "assay datasets import <file> --name <name>".\n');
    return;
  }
  printTable(
    {
      head: ['Name', 'Latest', 'Versions', 'Rows', 'Source', 'Created', 'Digest'],
      rows: datasets.map((dataset) => [
        formatUntrustedText(dataset.name, CELL_WIDTH),
        String(dataset.version),
        String(dataset.versionCount),
        String(dataset.rowCount),
        formatUntrustedText(dataset.sourceType === 'inline' ? 'inline' : dataset.source, CELL_WIDTH),
        formatTimestamp(dataset.createdTime),
        dataset.digest.slice(0, SHORT_DIGEST),
      ]),
      alignRight: [1, 2, 3],
    },
    context.stdout,
  );
}

function createImportCommand(context: CliContext): Command {
  return new Command('import')
    .description('Import a JSONL, CSV or Parquet file as a new version of a dataset')
    .argument('<file>', 'the file to read (.jsonl/.ndjson/.json, .csv/.tsv, .parquet)')
    .requiredOption('--name <name>', 'the dataset name; an existing name gets a new version')
    .addOption(new Option('--format <format>', 'the file format (default: from the extension)').choices(['jsonl', 'csv', 'parquet']))
    .option('--description <text>', 'what the dataset holds')
    .option('--tag <key=value>', 'dataset tag (repeatable)', collectTags)
    .option('--json', 'print the dataset version as JSON')
    .addHelpText(
      'after',
      `
The file is read by DuckDB itself. Importing rows identical to the latest
version (same digest) adds no version.

Examples:
  $ assay datasets import datasets/support-qa.jsonl --name support-qa
  $ assay datasets import eval.csv --name eval --description "hand-checked answers" --tag owner=ana
  $ assay datasets import dump.data --name dump --format parquet --json`,
    )
    .action(async (file: string, options: ImportOptions, command: Command) => {
      const { before, info } = await withStore(context, command, async (store) => {
        const latest = await latestVersion(store, options.name);
        const imported = await store.importDatasetFile({
          name: options.name,
          path: file,
          ...(options.format !== undefined ? { format: options.format } : {}),
          ...(options.description !== undefined ? { description: options.description } : {}),
          ...(options.tag !== undefined ? { tags: options.tag } : {}),
        });
        return { before: latest, info: imported };
      });
      if (options.json) {
        printJson(info, context.stdout);
        return;
      }
      if (before === info.version) {
        context.stdout(`Unchanged: the rows are the same as ${describeVersion(info)} (digest ${info.digest.slice(0, SHORT_DIGEST)}).\n`);
        return;
      }
      context.stdout(
        `Imported ${info.rowCount} ${info.rowCount === 1 ? 'row' : 'rows'} as ${describeVersion(info)} (digest ${info.digest.slice(0, SHORT_DIGEST)}).\n`,
      );
    });
}

/** The latest version of a name, or undefined for a new name. */
async function latestVersion(store: Store, name: string): Promise<number | undefined> {
  try {
    return (await store.getDataset({ name })).version;
  } catch {
    return undefined;
  }
}

function createListCommand(context: CliContext): Command {
  return new Command('list')
    .description('List datasets: the latest version of each name')
    .option('--max-results <n>', `datasets per page (default ${DEFAULT_MAX_RESULTS})`, parsePositiveInteger, DEFAULT_MAX_RESULTS)
    .option('--page-token <token>', 'continue a previous listing from this token')
    .option('--json', 'print JSON ({ datasets, nextPageToken }) instead of a table')
    .addHelpText(
      'after',
      `
Examples:
  $ assay datasets list
  $ assay datasets list --json | jq '.datasets[].name'`,
    )
    .action(async (options: ListOptions, command: Command) => {
      const page = await withStore(context, command, (store) =>
        store.listDatasets({ maxResults: options.maxResults, ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}) }),
      );
      if (options.json) {
        printJson({ datasets: page.items, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) }, context.stdout);
        return;
      }
      printDatasets(page.items, context);
      if (page.nextPageToken !== undefined) {
        const next = ['assay', ...trackingUriArguments(command), 'datasets', 'list', '--max-results', String(options.maxResults), '--page-token', page.nextPageToken];
        context.stderr(`More datasets: ${shellQuote(next)}\n`);
      }
    });
}

function createShowCommand(context: CliContext): Command {
  return new Command('show')
    .description("Show a dataset version's info, columns and first rows")
    .argument('<name>', 'the dataset name')
    // Not --version: commander gives that to the root program's own --version wherever it appears.
    .option('--dataset-version <n>', 'the version (default: the latest)', parsePositiveInteger)
    .option('--limit <n>', `rows to show (default ${DEFAULT_SHOW_LIMIT}, at most ${MAX_SHOW_LIMIT})`, (value) => {
      const parsed = parsePositiveInteger(value);
      return Math.min(parsed, MAX_SHOW_LIMIT);
    }, DEFAULT_SHOW_LIMIT)
    .option('--offset <n>', 'rows to skip (default 0)', (value) => parseNonNegativeInteger(value), 0)
    .option('--json', 'print JSON ({ dataset, rows }) instead of tables')
    .addHelpText(
      'after',
      `
Long values are cut to ${CELL_WIDTH} characters in the table; use --json for full rows.

Examples:
  $ assay datasets show support-qa
  $ assay datasets show support-qa --dataset-version 1 --limit 5 --offset 100
  $ assay datasets show support-qa --json | jq '.rows[0]'`,
    )
    .action(async (name: string, options: ShowOptions, command: Command) => {
      const { info, rows } = await withStore(context, command, async (store) => {
        const found = await store.getDataset({ name, version: options.datasetVersion });
        const page = await store.readDatasetRows({ name, version: found.version, limit: options.limit, offset: options.offset });
        return { info: found, rows: page };
      });
      if (options.json) {
        printJson({ dataset: info, rows }, context.stdout);
        return;
      }
      context.stdout(`Dataset ${describeVersion(info)}\n`);
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
    });
}

function createExportCommand(context: CliContext): Command {
  return new Command('export')
    .description('Write a dataset version to a JSONL or Parquet file')
    .argument('<name>', 'the dataset name')
    .requiredOption('--out <file>', 'the file to write (replaced if it exists)')
    .option('--dataset-version <n>', 'the version (default: the latest)', parsePositiveInteger)
    .addOption(new Option('--format <format>', 'the file format (default: from the extension of --out)').choices(['jsonl', 'parquet']))
    .option('--json', 'print JSON ({ path, rowCount, dataset })')
    .addHelpText(
      'after',
      `
Examples:
  $ assay datasets export support-qa --out support-qa.jsonl
  $ assay datasets export support-qa --dataset-version 2 --out v2.parquet
  $ assay datasets export support-qa --out rows.data --format jsonl`,
    )
    .action(async (name: string, options: ExportOptions, command: Command) => {
      const { info, written } = await withStore(context, command, async (store) => {
        const found = await store.getDataset({ name, version: options.datasetVersion });
        const result = await store.exportDataset({
          name,
          version: found.version,
          path: options.out,
          ...(options.format !== undefined ? { format: options.format } : {}),
        });
        return { info: found, written: result };
      });
      if (options.json) {
        printJson({ ...written, dataset: info }, context.stdout);
        return;
      }
      context.stdout(
        `Wrote ${written.rowCount} ${written.rowCount === 1 ? 'row' : 'rows'} of ${describeVersion(info)} to ${formatUntrustedText(written.path, 200)}.\n`,
      );
    });
}

/** `assay datasets import|list|show|export`: evaluation datasets stored in the tracking store. */
export function createDatasetsCommand(context: CliContext): Command {
  return new Command('datasets')
    .description('Import, list, show and export evaluation datasets (versioned, stored in DuckDB)')
    .addCommand(createImportCommand(context))
    .addCommand(createListCommand(context))
    .addCommand(createShowCommand(context))
    .addCommand(createExportCommand(context))
    .addHelpText(
      'after',
      `
Examples:
  $ assay datasets import datasets/support-qa.jsonl --name support-qa
  $ assay datasets list
  $ assay datasets show support-qa --limit 5
  $ assay datasets export support-qa --out support-qa.parquet`,
    );
}
