import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AssayError, InvalidParameterError } from '@assay/core';
import { recordedEvaluations } from '@assay/evaluate';
import { flush, setTrackingUri } from '@assay/sdk';
import { resolveTrackingUri } from '../../options/store-option.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';
import { importOptionalPeers } from '../import-optional-peers.js';
import { printEvaluationSummary } from './print-evaluation-summary.js';
import { toEvaluationFileJson } from './to-evaluation-file-json.js';

/** The options of `assay eval`. */
export interface EvalCommandOptions {
  /** Print the outcome as JSON on stdout instead of tables. */
  json?: boolean;
}

/** Options of `runEvaluationFile`. */
export interface RunEvaluationFileOptions extends CommandInvocation<EvalCommandOptions> {
  /** The evaluation file, as given on the command line. */
  file: string;
}

const EVALUATION_FILE = /\.(?:[cm]?ts|[cm]?js)$/;
const TYPESCRIPT_FILE = /\.[cm]?ts$/;
// An evaluation's own verdicts: their messages are the report, so they are passed on without a stack.
const EVALUATION_VERDICTS: readonly string[] = ['THRESHOLD_FAILED', 'EVALUATION_FAILED'];

/** The error the command fails with when the file threw `failure`. */
function commandError(failure: unknown, file: string): AssayError {
  if (AssayError.isInstance(failure) && EVALUATION_VERDICTS.includes(failure.code)) return new AssayError(failure.code, failure.message.trimEnd());
  const detail = failure instanceof Error ? (failure.stack ?? failure.message) : String(failure);
  return new AssayError('BAD_REQUEST', `the evaluation file ${file} failed:\n${detail}`);
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
 * summary of each evaluation it ran (or, with `--json`, one JSON document),
 * and fails with `THRESHOLD_FAILED` when a threshold missed,
 * `EVALUATION_FAILED` when a metric failed on every row, or `BAD_REQUEST`
 * when the file threw.
 */
export async function runEvaluationFile({ context, command, file, options }: RunEvaluationFileOptions): Promise<void> {
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
  const error = failure === undefined ? undefined : commandError(failure, file);
  if (options.json === true) printJson(toEvaluationFileJson({ file: path, evaluations, error }), context.stdout);
  else printEvaluationSummary(evaluations, context.stdout);
  if (error) throw error;
  if (evaluations.length === 0) context.stderr(`warning: ${file} ran no evaluate() call.\n`);
}
