import { DATASET_CONTEXT_TAG, type Run } from '@assay/core';
import type { WriteText } from '../cli-context.js';
import { formatUntrustedText } from './format-untrusted-text.js';
import { printTable } from './print-table.js';

/** Prints the dataset versions a run used, as a `Datasets (n)` table; nothing when it used none. */
export function printRunInputs(run: Run, write: WriteText): void {
  const inputs = run.inputs?.datasetInputs ?? [];
  if (inputs.length === 0) return;
  write(`\nDatasets (${inputs.length})\n`);
  printTable(
    {
      head: ['Name', 'Version', 'Rows', 'Digest', 'Context'],
      rows: inputs.map(({ dataset, tags }) => [
        formatUntrustedText(dataset.name, 60),
        String(dataset.version),
        String(dataset.profile.numRows),
        dataset.digest.slice(0, 12),
        formatUntrustedText(tags.find((tag) => tag.key === DATASET_CONTEXT_TAG)?.value ?? '-', 40),
      ]),
      alignRight: [1, 2],
    },
    write,
  );
}
