import type { Store } from '@assay/core';
import { withStore } from '../../options/store-option.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';
import { describeDatasetVersion, SHORT_DIGEST } from '../../output/describe-dataset-version.js';

/** The options of `assay datasets import`. */
export interface ImportDatasetCommandOptions {
  /** The dataset name; an existing name gets a new version. */
  name: string;
  /** The file format (default: from the extension). */
  format?: 'jsonl' | 'csv' | 'parquet';
  /** What the dataset holds. */
  description?: string;
  /** Dataset tags. */
  tag?: Record<string, string>;
  /** Print the dataset version as JSON. */
  json?: boolean;
}

/** Options of `importDataset`. */
export interface ImportDatasetOptions extends CommandInvocation<ImportDatasetCommandOptions> {
  /** The file to read. */
  file: string;
}

/** The latest version of a name, or undefined for a new name. */
async function latestVersion(store: Store, name: string): Promise<number | undefined> {
  try {
    return (await store.getDataset({ name })).version;
  } catch {
    return undefined;
  }
}

/** `assay datasets import <file> --name <name>`: a new version of the dataset from the file (none when the rows are unchanged). */
export async function importDataset({ context, command, file, options }: ImportDatasetOptions): Promise<void> {
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
    context.stdout(`Unchanged: the rows are the same as ${describeDatasetVersion(info)} (digest ${info.digest.slice(0, SHORT_DIGEST)}).\n`);
    return;
  }
  context.stdout(
    `Imported ${info.rowCount} ${info.rowCount === 1 ? 'row' : 'rows'} as ${describeDatasetVersion(info)} (digest ${info.digest.slice(0, SHORT_DIGEST)}).\n`,
  );
}
