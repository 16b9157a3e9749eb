import { validateTransitionRequestStatus } from '@assay/core';
import { shellQuote } from '../../options/shell-quote.js';
import { trackingUriArguments } from '../../options/store-option.js';
import type { PagingOptions } from '../../options/paging-options.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';
import { printTransitionRequests } from './registry-audit-tables.js';
import { withRegistry } from './with-registry.js';

/** The options of `assay models requests`. */
export interface ListModelTransitionsCommandOptions extends PagingOptions {
  name?: string;
  /** PENDING (default), APPROVED, REJECTED or CANCELLED, any case. */
  status?: string;
}

/** `assay models requests`: transition requests (pending by default) as a table or JSON, oldest first. */
export async function listModelTransitions({ context, command, options }: CommandInvocation<ListModelTransitionsCommandOptions>): Promise<void> {
  const status = options.status === undefined ? undefined : validateTransitionRequestStatus(options.status);
  const page = await withRegistry({ context, command, mustExist: true }, (registry) =>
    registry.listTransitionRequests({
      maxResults: options.maxResults,
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}),
    }),
  );
  if (options.json) {
    printJson(page, context.stdout);
    return;
  }
  printTransitionRequests(page.requests, context.stdout);
  if (page.nextPageToken !== undefined) {
    const next = [
      'assay',
      ...trackingUriArguments(command),
      'models',
      'requests',
      ...(options.name !== undefined ? ['--name', options.name] : []),
      ...(status !== undefined ? ['--status', status] : []),
      '--max-results',
      String(options.maxResults),
      '--page-token',
      page.nextPageToken,
    ];
    context.stderr(`More requests: ${shellQuote(next)}\n`);
  }
}
