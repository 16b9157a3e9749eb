import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

/**
 * `assay eval <file>`: runs an evaluation file (TypeScript or JavaScript)
 * whose `evaluate()` calls log to the store, prints a summary of each, and
 * exits 1 when a threshold failed or the file threw.
 */
export function createEvalCommand(context: CliContext): Command {
  return new Command('eval')
    .description('Run an evaluation file (.ts or .js calling evaluate()), print a summary, exit 1 when a threshold fails')
    .argument('<file>', 'the evaluation file; TypeScript runs without a build step')
    .addHelpText(
      'after',
      `
The file runs as an ES module: top-level \`await evaluate({ ... })\` calls, or a
default export (async function) that runs them. Results go to the tracking
store (--tracking-uri / ASSAY_TRACKING_URI); a missed threshold prints its table
and exits with code 1, so the command fits CI.

Examples:
  $ assay eval evals/support-qa.eval.ts
  $ assay --tracking-uri ./ci-store eval evals/translation.eval.ts`,
    )
    .action(async (file: string, options: unknown, command: Command) => {
      const { runEvaluationFile } = await import('./eval/run-evaluation-file.js');
      await runEvaluationFile({ context, command, file, options });
    });
}
