import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { AssayError, InvalidParameterError } from '@assay/core';
import { formatThresholdTable, recordedEvaluations, type RecordedEvaluation } from '@assay/evaluate';
import { flush, setTrackingUri } from '@assay/sdk';
import type { CliContext } from '../cli-context.js';
import { formatNumber } from '../output/format-number.js';
import { printTable } from '../output/print-table.js';
import { resolveTrackingUri } from '../options/store-option.js';

const EVALUATION_FILE = /\.(?:[cm]?ts|[cm]?js)$/;
const STATISTIC_SUFFIX = /_(?:mean|std|p50|p90|min|max)$/;

/** The metrics worth a summary line: each column's value (corpus or mean) and its p90, plus the error rate. */
function summaryMetrics(evaluation: RecordedEvaluation): [string, number][] {
  return Object.entries(evaluation.metrics).filter(([key]) => !STATISTIC_SUFFIX.test(key) || key.endsWith('_p90'));
}

function printSummary(evaluations: readonly RecordedEvaluation[], context: CliContext): void {
  for (const [index, evaluation] of evaluations.entries()) {
    context.stdout(`Evaluation ${index + 1} of ${evaluations.length}: run ${evaluation.runId}, ${evaluation.rows} rows\n`);
    printTable(
      { head: ['Metric', 'Value'], rows: summaryMetrics(evaluation).map(([key, value]) => [key, formatNumber(value)]), alignRight: [1] },
      context.stdout,
    );
    if (evaluation.checks.length > 0) context.stdout(`Thresholds:\n${formatThresholdTable(evaluation.checks)}\n`);
  }
}

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
    .action(async (file: string, _options: unknown, command: Command) => {
      const path = resolve(file);
      if (!EVALUATION_FILE.test(path)) throw new InvalidParameterError(`${file} is not a .ts or .js file; give the evaluation file to run.`);
      if (!existsSync(path)) throw new InvalidParameterError(`${file} does not exist (looked for ${path}).`);
      const trackingUri = resolveTrackingUri(command, context.env);
      // The file may load its own copy of the SDK: the environment reaches it too.
      process.env['ASSAY_TRACKING_URI'] = trackingUri;
      setTrackingUri(trackingUri);
      const before = recordedEvaluations().length;
      const { register } = await import('tsx/esm/api');
      const unregister = register();
      let failure: unknown;
      try {
        const module = (await import(pathToFileURL(path).href)) as { default?: unknown };
        if (typeof module.default === 'function') await (module.default as () => unknown)();
      } catch (error) {
        failure = error;
      } finally {
        await unregister();
      }
      await flush().catch(() => undefined);
      const evaluations = recordedEvaluations().slice(before);
      printSummary(evaluations, context);
      if (failure === undefined) {
        if (evaluations.length === 0) context.stderr(`warning: ${file} ran no evaluate() call.\n`);
        return;
      }
      if (AssayError.isInstance(failure) && failure.code === 'THRESHOLD_FAILED') {
        throw new AssayError('THRESHOLD_FAILED', failure.message.trimEnd());
      }
      const detail = failure instanceof Error ? (failure.stack ?? failure.message) : String(failure);
      throw new AssayError('BAD_REQUEST', `the evaluation file ${file} failed:\n${detail}`);
    });
}
