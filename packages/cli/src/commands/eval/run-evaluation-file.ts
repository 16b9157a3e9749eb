import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AssayError, InvalidParameterError } from '@assay/core';
import { formatThresholdTable, recordedEvaluations, type RecordedEvaluation } from '@assay/evaluate';
import { flush, setTrackingUri } from '@assay/sdk';
import type { CliContext } from '../../cli-context.js';
import { resolveTrackingUri } from '../../options/store-option.js';
import { formatNumber } from '../../output/format-number.js';
import { printTable } from '../../output/print-table.js';
import type { CommandInvocation } from '../command-invocation.js';
import { importOptionalPeers } from '../import-optional-peers.js';

/** Options of `runEvaluationFile`. */
export interface RunEvaluationFileOptions extends CommandInvocation<unknown> {
  /** The evaluation file, as given on the command line. */
  file: string;
}

const EVALUATION_FILE = /\.(?:[cm]?ts|[cm]?js)$/;
const TYPESCRIPT_FILE = /\.[cm]?ts$/;
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

/** Lets Node import a TypeScript evaluation file (through tsx); a JavaScript file needs nothing. Returns how to undo it. */
async function registerTypeScript(path: string): Promise<() => Promise<void>> {
  if (!TYPESCRIPT_FILE.test(path)) return async () => {};
  const { register } = await importOptionalPeers({
    load: () => import('tsx/esm/api'),
    packages: ['tsx'],
    neededBy: `assay eval of a TypeScript file (${path})`,
    alternative: 'give it a JavaScript file',
  });
  return register();
}

/**
 * `assay eval <file>`: runs the file (TypeScript through tsx), prints a
 * summary of each evaluation it ran, and fails with `THRESHOLD_FAILED` when a
 * threshold missed or `BAD_REQUEST` when the file threw.
 */
export async function runEvaluationFile({ context, command, file }: RunEvaluationFileOptions): Promise<void> {
  const path = resolve(file);
  if (!EVALUATION_FILE.test(path)) throw new InvalidParameterError(`${file} is not a .ts or .js file; give the evaluation file to run.`);
  if (!existsSync(path)) throw new InvalidParameterError(`${file} does not exist (looked for ${path}).`);
  const trackingUri = resolveTrackingUri(command, context.env);
  // The file may load its own copy of the SDK: the environment reaches it too.
  process.env['ASSAY_TRACKING_URI'] = trackingUri;
  setTrackingUri(trackingUri);
  const before = recordedEvaluations().length;
  const unregister = await registerTypeScript(path);
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
}
