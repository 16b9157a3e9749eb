import { shellQuote } from '../../options/shell-quote.js';
import { trackingUriArguments } from '../../options/store-option.js';
import type { PagingOptions } from '../../options/paging-options.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';
import { printRegistryEvents } from './registry-audit-tables.js';
import { withRegistry } from './with-registry.js';

/** Options of `showModelAudit`. */
export interface ShowModelAuditOptions extends CommandInvocation<PagingOptions> {
  /** The model: its current name, or that of a renamed or deleted one. */
  name: string;
  /** Only this version's events. */
  version: number | undefined;
}

/** `assay models audit <name> [version]`: the model's audit log, oldest first, as a table or JSON. */
export async function showModelAudit({ context, command, name, version, options }: ShowModelAuditOptions): Promise<void> {
  const page = await withRegistry({ context, command, mustExist: true }, (registry) =>
    registry.listRegistryEvents(name, {
      maxResults: options.maxResults,
      ...(version !== undefined ? { version } : {}),
      ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}),
    }),
  );
  if (options.json) {
    printJson(page, context.stdout);
    return;
  }
  printRegistryEvents(page.events, context.stdout);
  if (page.nextPageToken !== undefined) {
    const next = ['assay', ...trackingUriArguments(command), 'models', 'audit', name, ...(version !== undefined ? [String(version)] : []), '--max-results', String(options.maxResults), '--page-token', page.nextPageToken];
    context.stderr(`More events: ${shellQuote(next)}\n`);
  }
}
