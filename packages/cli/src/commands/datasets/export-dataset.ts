import { withExistingStore } from '../../options/store-option.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';
import { describeDatasetVersion } from '../../output/describe-dataset-version.js';

/** The options of `assay datasets export`. */
export interface ExportDatasetCommandOptions {
  /** The file to write. */
  out: string;
  /** The version (default: the latest). */
  datasetVersion?: number;
  /** The file format (default: from the extension of `out`). */
  format?: 'jsonl' | 'parquet';
  /** Print JSON instead of a message. */
  json?: boolean;
}

/** Options of `exportDataset`. */
export interface ExportDatasetOptions extends CommandInvocation<ExportDatasetCommandOptions> {
  /** The dataset name. */
  name: string;
}

/** `assay datasets export <name> --out <file>`: writes a version to a JSONL or Parquet file. */
export async function exportDataset({ context, command, name, options }: ExportDatasetOptions): Promise<void> {
  const { info, written } = await withExistingStore(context, command, async (store) => {
    const found = await store.getDataset({ name, ...(options.datasetVersion !== undefined ? { version: options.datasetVersion } : {}) });
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
    `Wrote ${written.rowCount} ${written.rowCount === 1 ? 'row' : 'rows'} of ${describeDatasetVersion(info)} to ${formatUntrustedText(written.path, 200)}.\n`,
  );
}
