import { shellQuote } from '../../options/shell-quote.js';
import { trackingUriArguments, withExistingStore } from '../../options/store-option.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';
import { resolveExperiment } from '../resolve-experiment.js';

/** Options of `changeExperimentLifecycle`. */
export interface ChangeExperimentLifecycleOptions extends CommandInvocation<{ json?: boolean }> {
  /** The experiment's id or name. */
  idOrName: string;
  /** Delete (soft) or restore it. */
  action: 'delete' | 'restore';
}

/** `assay experiments delete|restore <id-or-name>`: changes the experiment's stage and says how to undo a delete. */
export async function changeExperimentLifecycle({ context, command, idOrName, action, options }: ChangeExperimentLifecycleOptions): Promise<void> {
  const deleting = action === 'delete';
  const experiment = await withExistingStore(context, command, async (store) => {
    const found = await resolveExperiment(store, idOrName);
    if (deleting) await store.deleteExperiment({ experimentId: found.experimentId });
    else await store.restoreExperiment({ experimentId: found.experimentId });
    return found;
  });
  if (options.json) {
    printJson({ experimentId: experiment.experimentId, name: experiment.name, lifecycleStage: deleting ? 'deleted' : 'active' }, context.stdout);
    return;
  }
  const described = `experiment '${experiment.name}' (id ${experiment.experimentId})`;
  context.stdout(
    deleting
      ? `Deleted ${described}. Undo with: ${shellQuote(['assay', ...trackingUriArguments(command), 'experiments', 'restore', experiment.experimentId])}\n`
      : `Restored ${described}.\n`,
  );
}
