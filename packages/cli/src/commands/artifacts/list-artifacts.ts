import { normalizeArtifactPath } from '@assay/core';
import { withExistingStore } from '../../options/store-option.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import { printTable } from '../../output/print-table.js';
import type { CommandInvocation } from '../command-invocation.js';
import { walkArtifacts } from './walk-artifacts.js';

/** The options of `assay artifacts list`. */
export interface ListArtifactsCommandOptions {
  /** List every file below the folder, not only its direct children. */
  recursive?: boolean;
  /** Print JSON instead of a table. */
  json?: boolean;
}

/** Options of `listArtifacts`. */
export interface ListArtifactsOptions extends CommandInvocation<ListArtifactsCommandOptions> {
  /** The run's id. */
  runId: string;
  /** A folder inside the run's artifacts; default the root. */
  path?: string;
}

/** `assay artifacts list <run-id> [path]`: a folder's files and folders (all of them below it with --recursive), as a table or JSON. */
export async function listArtifacts({ context, command, runId, path, options }: ListArtifactsOptions): Promise<void> {
  const folder = normalizeArtifactPath(path);
  const files = await withExistingStore(context, command, async (store) => {
    if (options.recursive) return walkArtifacts({ store, runId, path: folder });
    return store.listArtifacts({ runId, ...(folder === '' ? {} : { path: folder }) });
  });
  if (options.json) {
    printJson({ runId, path: folder, files }, context.stdout);
    return;
  }
  if (files.length === 0) {
    context.stdout(folder === '' ? `Run ${runId} has no artifacts.\n` : `No artifacts under '${formatUntrustedText(folder, 100)}' in run ${runId}.\n`);
    return;
  }
  printTable(
    {
      head: ['Path', 'Size (bytes)'],
      rows: files.map((file) => [formatUntrustedText(file.isDir ? `${file.path}/` : file.path, 100), file.isDir ? '-' : String(file.fileSize ?? '-')]),
      alignRight: [1],
    },
    context.stdout,
  );
}
