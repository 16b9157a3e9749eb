import { shellQuote } from '../../options/shell-quote.js';
import { trackingUriArguments, withExistingStore } from '../../options/store-option.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';

/** Options of `changeRunLifecycle`. */
export interface ChangeRunLifecycleOptions extends CommandInvocation<{ json?: boolean }> {
  /** The run's id. */
  runId: string;
  /** Delete (soft) or restore it. */
  action: 'delete' | 'restore';
}

/** `assay runs delete|restore <run-id>`: changes the run's lifecycle stage and says how to undo a delete. */
export async function changeRunLifecycle({ context, command, runId, action, options }: ChangeRunLifecycleOptions): Promise<void> {
  const deleting = action === 'delete';
  const info = await withExistingStore(context, command, async (store) => {
    if (deleting) await store.deleteRun({ runId });
    else await store.restoreRun({ runId });
    return (await store.getRun({ runId })).info;
  });
  if (options.json) {
    printJson(info, context.stdout);
    return;
  }
  const described = `run ${info.runId} ('${info.runName}')`;
  context.stdout(
    deleting
      ? `Deleted ${described}. Undo with: ${shellQuote(['assay', ...trackingUriArguments(command), 'runs', 'restore', info.runId])}\n`
      : `Restored ${described}.\n`,
  );
}
