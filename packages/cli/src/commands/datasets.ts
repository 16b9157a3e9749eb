import { Command, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { collectTags } from '../options/collect-tags.js';
import { parseNonNegativeInteger } from '../options/parse-non-negative-integer.js';
import { parsePositiveInteger } from '../options/parse-positive-integer.js';
import { CELL_WIDTH } from '../output/describe-dataset-version.js';
import type { ExportDatasetCommandOptions } from './datasets/export-dataset.js';
import type { ImportDatasetCommandOptions } from './datasets/import-dataset.js';
import type { ListDatasetsCommandOptions } from './datasets/list-datasets.js';
import type { ShowDatasetCommandOptions } from './datasets/show-dataset.js';

const DEFAULT_MAX_RESULTS = 100;
const DEFAULT_SHOW_LIMIT = 20;
const MAX_SHOW_LIMIT = 1000;

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
    .action(async (file: string, options: ImportDatasetCommandOptions, command: Command) => {
      const { importDataset } = await import('./datasets/import-dataset.js');
      await importDataset({ context, command, file, options });
    });
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
    .action(async (options: ListDatasetsCommandOptions, command: Command) => {
      const { listDatasets } = await import('./datasets/list-datasets.js');
      await listDatasets({ context, command, options });
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
    .action(async (name: string, options: ShowDatasetCommandOptions, command: Command) => {
      const { showDataset } = await import('./datasets/show-dataset.js');
      await showDataset({ context, command, name, options });
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
    .action(async (name: string, options: ExportDatasetCommandOptions, command: Command) => {
      const { exportDataset } = await import('./datasets/export-dataset.js');
      await exportDataset({ context, command, name, options });
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
