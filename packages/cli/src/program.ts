import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { AssayError, errorMessage, type Store } from '@assay/core';
import type { CliContext, OpenStoreOptions } from './cli-context.js';
import { createArtifactsCommand } from './commands/artifacts.js';
import { createDatasetsCommand } from './commands/datasets.js';
import { createDemoCommand } from './commands/demo.js';
import { createEvalCommand } from './commands/eval.js';
import { createExperimentsCommand } from './commands/experiments.js';
import { createMockLlmCommand } from './commands/mock-llm.js';
import { createModelsCommand } from './commands/models.js';
import { createPromptsCommand } from './commands/prompts.js';
import { createRunsCommand } from './commands/runs.js';
import { createServerCommand } from './commands/server.js';
import { createSqlCommand } from './commands/sql.js';
import { createStoreCommand } from './commands/store.js';
import { createTracesCommand } from './commands/traces.js';
import { readSecretFromProcess } from './options/read-secret.js';
import { createTrackingUriOption } from './options/store-option.js';

/** Exit code of a failed operation: an error the store or a command reported (a bad filter, an unknown run). */
export const EXIT_FAILURE = 1;
/** Exit code of a usage error (unknown option, missing argument) or an unexpected internal error. */
export const EXIT_USAGE_OR_INTERNAL = 2;

/** What `createProgram` and `main` may be given instead of the process's own streams, environment and store. */
export type CreateProgramOptions = Partial<CliContext>;

function readVersion(): string {
  // src/program.ts and dist/program.js both sit one level below package.json.
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}

// The SDK (and through it the store) loads only when a command opens a store,
// so that `assay --version` and `--help` stay light.
async function openStore(uri: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (options.mustExist === true) {
    const { requireExistingStore } = await import('./options/require-existing-store.js');
    await requireExistingStore(uri);
  }
  const { openStore: open } = await import('@assay/sdk');
  return open(uri);
}

function resolveContext(options: CreateProgramOptions): CliContext {
  const env = options.env ?? process.env;
  return {
    stdout: options.stdout ?? ((text) => void process.stdout.write(text)),
    stderr: options.stderr ?? ((text) => void process.stderr.write(text)),
    env,
    openStore: options.openStore ?? openStore,
    readSecret: options.readSecret ?? readSecretFromProcess,
    // Colours only on the process's own terminal: never into a captured stream, a pipe or a file.
    color: options.color ?? (options.stdout === undefined && process.stdout.isTTY === true && (env.NO_COLOR ?? '') === ''),
  };
}

/** `assay runs search`, for hints. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

function usageHint(command: Command): string {
  return `Run "${commandPath(command)} --help" for usage.`;
}

/** Applies the settings every command needs (commander copies them only to commands made with `.command()`). */
function configureTree(command: Command, context: CliContext): void {
  command
    .exitOverride()
    .configureOutput({
      writeOut: context.stdout,
      writeErr: context.stderr,
      outputError: (text, write) => write(text),
    })
    .showHelpAfterError(usageHint(command))
    .showSuggestionAfterError(true);
  for (const subcommand of command.commands) configureTree(subcommand, context);
}

/**
 * Builds the `assay` command-line program. Output goes through the given
 * `stdout`/`stderr` functions and stores are opened with `openStore`, so the
 * whole CLI can run in-process (tests). Commander errors are thrown as
 * `CommanderError` (never `process.exit`); `main` turns them into exit codes.
 */
export function createProgram(options: CreateProgramOptions = {}): Command {
  const context = resolveContext(options);
  const program = new Command('assay')
    .description('Assay: tracking, tracing and evaluation for TypeScript LLM apps')
    .version(readVersion(), '-V, --version', 'print the version')
    .addOption(createTrackingUriOption())
    .addCommand(createExperimentsCommand(context))
    .addCommand(createRunsCommand(context))
    .addCommand(createTracesCommand(context))
    .addCommand(createArtifactsCommand(context))
    .addCommand(createDatasetsCommand(context))
    .addCommand(createModelsCommand(context))
    .addCommand(createPromptsCommand(context))
    .addCommand(createEvalCommand(context))
    .addCommand(createSqlCommand(context))
    .addCommand(createStoreCommand(context))
    .addCommand(createServerCommand(context))
    .addCommand(createDemoCommand(context))
    .addCommand(createMockLlmCommand(context))
    .addHelpText(
      'after',
      `
Examples:
  $ assay demo                                   log an example experiment to ./.assay
  $ assay experiments list
  $ assay runs search --experiment assay-demo --filter "metrics.accuracy > 0.8" --order-by "metrics.accuracy DESC"
  $ assay runs metrics <run-id> accuracy          a metric's history as a sparkline and table
  $ assay artifacts download <run-id> eval_results_table.json --dest ./out
  $ assay sql "SELECT status, count(*) FROM runs GROUP BY status"
  $ assay datasets import datasets/support-qa.jsonl --name support-qa
  $ assay models register runs:/<run-id>/model chat   register a run's model as a new version of 'chat'
  $ assay eval evals/support-qa.eval.ts           run an evaluation file; exit 1 when a threshold or a metric fails
  $ ASSAY_TRACKING_URI=/data/assay assay runs list
  $ assay mock-llm --port 4010                   an OpenAI-compatible mock LLM for offline tests
  $ assay store check                            is the store file healthy? (exit 1 when damaged)
  $ assay server --port 5000                     serve the store over MLflow's REST API (MLFLOW_TRACKING_URI=http://127.0.0.1:5000)

Exit codes: 0 success, 1 the operation failed (bad filter, unknown run ...), 2 usage or internal error.`,
    );
  configureTree(program, context);
  return program;
}

/**
 * Runs the CLI on `argv` (as in `process.argv`: node, script, arguments) and
 * returns the exit code instead of exiting: 0 on success, 1 when the
 * operation failed with an `AssayError` (its message is printed), 2 on a
 * usage error or an unexpected error.
 */
export async function main(argv: readonly string[], options: CreateProgramOptions = {}): Promise<number> {
  const context = resolveContext(options);
  const program = createProgram(context);
  let actionCommand: Command = program;
  program.hook('preAction', (_program, command) => {
    actionCommand = command;
  });
  try {
    await program.parseAsync([...argv], { from: 'node' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message (and the usage hint) already.
      // Help shown because a command was missing (`assay runs`) is a usage error too.
      return error.exitCode === 0 ? 0 : EXIT_USAGE_OR_INTERNAL;
    }
    if (AssayError.isInstance(error)) {
      context.stderr(`error: ${error.message}\n`);
      if (error.code === 'INVALID_PARAMETER_VALUE' || error.code === 'BAD_REQUEST') context.stderr(`${usageHint(actionCommand)}\n`);
      return EXIT_FAILURE;
    }
    context.stderr(`error: ${errorMessage(error)}\n`);
    if (context.env.ASSAY_DEBUG && error instanceof Error && error.stack) context.stderr(`${error.stack}\n`);
    else context.stderr('This looks like a bug in Assay; set ASSAY_DEBUG=1 to print the stack trace.\n');
    return EXIT_USAGE_OR_INTERNAL;
  }
}
