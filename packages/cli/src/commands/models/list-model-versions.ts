import { quoteFilterString } from '@assay/core';
import { shellQuote } from '../../options/shell-quote.js';
import { trackingUriArguments } from '../../options/store-option.js';
import type { PagingOptions } from '../../options/paging-options.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';
import { printModelVersions } from './model-tables.js';
import { withRegistry } from './with-registry.js';

/** Options of `listModelVersions`. */
export interface ListModelVersionsOptions extends CommandInvocation<PagingOptions> {
  /** The registered model's name. */
  name: string;
}

/** `assay models versions <name>`: the model's versions, newest first, as a table (or JSON). */
export async function listModelVersions({ context, command, name, options }: ListModelVersionsOptions): Promise<void> {
  const page = await withRegistry({ context, command, mustExist: true }, async (registry) => {
    // An unknown name is an error saying so, not an empty list.
    await registry.getRegisteredModel(name);
    return registry.searchModelVersions({
      filter: `name = ${quoteFilterString(name)}`,
      orderBy: ['version_number DESC'],
      maxResults: options.maxResults,
      ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}),
    });
  });
  if (options.json) {
    printJson(page, context.stdout);
    return;
  }
  printModelVersions(page.modelVersions, context.stdout);
  if (page.nextPageToken !== undefined) {
    const next = ['assay', ...trackingUriArguments(command), 'models', 'versions', name, '--max-results', String(options.maxResults), '--page-token', page.nextPageToken];
    context.stderr(`More versions: ${shellQuote(next)}\n`);
  }
}
