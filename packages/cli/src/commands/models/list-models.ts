import { shellQuote } from '../../options/shell-quote.js';
import { trackingUriArguments } from '../../options/store-option.js';
import { printJson } from '../../output/print-json.js';
import type { PagingOptions } from '../../options/paging-options.js';
import type { CommandInvocation } from '../command-invocation.js';
import { printRegisteredModels } from './model-tables.js';
import { withRegistry } from './with-registry.js';

/** The options of `assay models list`. */
export interface ListModelsCommandOptions extends PagingOptions {
  /** A search filter. */
  filter?: string;
  /** Sort clauses. */
  orderBy?: string[];
}

/** `assay models list`: one page of registered models as a table (or JSON), and the command for the next page. */
export async function listModels({ context, command, options }: CommandInvocation<ListModelsCommandOptions>): Promise<void> {
  const page = await withRegistry({ context, command, mustExist: true }, (registry) =>
    registry.searchRegisteredModels({
      maxResults: options.maxResults,
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
      ...(options.orderBy !== undefined ? { orderBy: options.orderBy } : {}),
      ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}),
    }),
  );
  if (options.json) {
    printJson(page, context.stdout);
    return;
  }
  printRegisteredModels(page.registeredModels, context.stdout);
  if (page.nextPageToken !== undefined) {
    const next = [
      'assay',
      ...trackingUriArguments(command),
      'models',
      'list',
      ...(options.filter !== undefined ? ['--filter', options.filter] : []),
      ...(options.orderBy ?? []).flatMap((clause) => ['--order-by', clause]),
      '--max-results',
      String(options.maxResults),
      '--page-token',
      page.nextPageToken,
    ];
    context.stderr(`More models: ${shellQuote(next)}\n`);
  }
}
