import type { DatasetSummary } from '@assay/core';
import type { CliContext } from '../../cli-context.js';
import { shellQuote } from '../../options/shell-quote.js';
import { trackingUriArguments, withExistingStore } from '../../options/store-option.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import { printTable } from '../../output/print-table.js';
import type { PagingOptions } from '../../options/paging-options.js';
import type { CommandInvocation } from '../command-invocation.js';
import { CELL_WIDTH, SHORT_DIGEST } from '../../output/describe-dataset-version.js';

/** The options of `assay datasets list`. */
export type ListDatasetsCommandOptions = PagingOptions;

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

/** `assay datasets list`: the latest version of each dataset, one page as a table (or JSON), and the command for the next page. */
export async function listDatasets({ context, command, options }: CommandInvocation<ListDatasetsCommandOptions>): Promise<void> {
  const page = await withExistingStore(context, command, (store) =>
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
}
