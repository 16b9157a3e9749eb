import type { RunStatus } from '@assay/core';
import { withExistingStore } from '../../options/store-option.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';

/** Options of `endRun`. */
export interface EndRunOptions extends CommandInvocation<{ status: RunStatus; json?: boolean }> {
  /** The run's id. */
  runId: string;
}

/**
 * `assay runs end <run-id> [--status ...]`: sets the run's status and, for a
 * run still RUNNING, its end time (now); a run that ended already keeps its
 * end time.
 */
export async function endRun({ context, command, runId, options }: EndRunOptions): Promise<void> {
  const { before, after } = await withExistingStore(context, command, async (store) => {
    const { info } = await store.getRun({ runId });
    const updated = await store.updateRun({ runId, status: options.status, endTime: info.endTime ?? Date.now() });
    return { before: info, after: updated };
  });
  if (options.json) {
    printJson(after, context.stdout);
    return;
  }
  const described = `run ${after.runId} ('${after.runName}')`;
  context.stdout(
    before.status === 'RUNNING'
      ? `Ended ${described} as ${after.status} at ${formatTimestamp(after.endTime)}.\n`
      : `Changed the status of ${described} from ${before.status} to ${after.status}; it ended at ${formatTimestamp(after.endTime)}.\n`,
  );
}
