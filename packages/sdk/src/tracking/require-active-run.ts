import { AssayError } from '@assay/core';
import type { RunContext } from './run-context.js';
import type { ActiveRun } from './run-handle.js';

/** The active run of the caller's async context; throws, naming `action`, when there is none. */
export function requireActiveRun(runContext: RunContext, action: string): ActiveRun {
  const run = runContext.activeRun();
  if (run) return run;
  throw new AssayError(
    'BAD_REQUEST',
    `${action} needs an active run, and there is none in this async context. Start one with \`const run = await startRun()\`, or wrap the code in \`withRun(options, async (run) => { ... })\`.`,
  );
}
