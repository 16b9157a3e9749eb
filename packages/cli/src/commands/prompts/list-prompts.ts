import { shellQuote } from '../../options/shell-quote.js';
import { trackingUriArguments } from '../../options/store-option.js';
import type { PagingOptions } from '../../options/paging-options.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';
import { withRegistry } from '../models/with-registry.js';
import { printPrompts } from './prompt-output.js';

/** The options of `assay prompts list`. */
export interface ListPromptsCommandOptions extends PagingOptions {
  filter?: string;
}

/** `assay prompts list`: one page of prompts (not models) as a table or JSON. */
export async function listPrompts({ context, command, options }: CommandInvocation<ListPromptsCommandOptions>): Promise<void> {
  const page = await withRegistry({ context, command, mustExist: true }, (registry) =>
    registry.searchPrompts({
      maxResults: options.maxResults,
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
      ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}),
    }),
  );
  if (options.json) {
    printJson(page, context.stdout);
    return;
  }
  printPrompts(page.prompts, context.stdout);
  if (page.nextPageToken !== undefined) {
    const next = [
      'assay',
      ...trackingUriArguments(command),
      'prompts',
      'list',
      ...(options.filter !== undefined ? ['--filter', options.filter] : []),
      '--max-results',
      String(options.maxResults),
      '--page-token',
      page.nextPageToken,
    ];
    context.stderr(`More prompts: ${shellQuote(next)}\n`);
  }
}
