import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { EvalCommandOptions } from './eval/run-evaluation-file.js';

/**
 * `assay eval <file>`: runs an evaluation file (TypeScript or JavaScript)
 * whose `evaluate()` calls log to the store, prints a summary of each (or
 * JSON), and exits 1 when a threshold failed, a metric failed on every row or
 * the file threw.
 */
export function createEvalCommand(context: CliContext): Command {
  return new Command('eval')
    .description('Run an evaluation file (.ts or .js calling evaluate()), print a summary, exit 1 when a threshold or a metric fails')
    .argument('<file>', 'the evaluation file; TypeScript runs without a build step')
    .option('--json', 'print JSON ({ file, passed, evaluations: [{ runId, summary, metrics, metricErrors, thresholds }], error }) instead of tables')
    .addHelpText(
      'after',
      `
The file runs as an ES module: top-level \`await evaluate({ ... })\` calls, or a
default export (async function) that runs them. Results go to the tracking
store (--tracking-uri / ASSAY_TRACKING_URI). The summary shows each metric's
errors (how many rows, the first error). Exit code 1 when a threshold missed,
a metric failed on every row (unless the file sets allowMetricErrors: true) or
the file threw, so the command fits CI; --json prints the same outcome as JSON
and keeps the exit codes.

Examples:
  $ assay eval evals/support-qa.eval.ts
  $ assay --tracking-uri ./ci-store eval evals/translation.eval.ts
  $ assay eval evals/support-qa.eval.ts --json > evaluation.json`,
    )
    .action(async (file: string, options: EvalCommandOptions, command: Command) => {
      const { runEvaluationFile } = await import('./eval/run-evaluation-file.js');
      await runEvaluationFile({ context, command, file, options });
    });
}
