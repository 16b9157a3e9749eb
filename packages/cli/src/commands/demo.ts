import { Command, InvalidArgumentError } from 'commander';
import type { CliContext } from '../cli-context.js';
import { DEMO_CONFIGURATIONS, DEMO_EXPERIMENT_NAME } from '../demo/demo-sweep.js';
import { parsePositiveInteger } from '../options/parse-positive-integer.js';
import type { DemoCommandOptions } from './demo/run-demo.js';

/** The whole sweep: 3 models × 3 temperatures × 2 prompt versions. */
const DEFAULT_RUNS = DEMO_CONFIGURATIONS.length;
const DEFAULT_STEPS = 5;
const DEFAULT_SEED = 42;
const MAX_RUNS = 1000;

function parseRunCount(value: string): number {
  const runs = parsePositiveInteger(value);
  if (runs > MAX_RUNS) throw new InvalidArgumentError(`Expected at most ${MAX_RUNS} runs.`);
  return runs;
}

function parseSeed(value: string): number {
  const seed = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(seed)) throw new InvalidArgumentError('Expected a whole number (0 or more).');
  return seed;
}

/**
 * `assay demo`: logs an example experiment through the SDK, a small
 * model × temperature × prompt-version sweep with metrics over several
 * steps, then says where it went and how to query it.
 */
export function createDemoCommand(context: CliContext): Command {
  return new Command('demo')
    .description(`Log an example experiment ("${DEMO_EXPERIMENT_NAME}": a prompt/temperature sweep) and show how to query it`)
    .option('--runs <n>', `how many runs to log (at most ${MAX_RUNS})`, parseRunCount, DEFAULT_RUNS)
    .option('--steps <n>', 'evaluation steps (metric points) per run', parsePositiveInteger, DEFAULT_STEPS)
    .option('--seed <n>', 'seed of the pseudo-random numbers (same seed, same numbers)', parseSeed, DEFAULT_SEED)
    .option('--no-traces', 'skip the example LLM app (LangChain and OpenAI calls traced by autolog against a mock LLM)')
    .option('--no-platform', 'skip the dataset, the two evaluations, the registered model (aliases, stage, approval request), the prompt and the long agent trace')
    .option('--once', 'log nothing when the store already holds the demo experiment (what `npm start` runs before serving the dashboard)')
    .option('--json', 'print JSON ({ experimentId, runIds, experimentRuns, experimentTraces, store, commands })')
    .addHelpText(
      'after',
      `
Each run logs params model, temperature and prompt_version, metrics accuracy,
latency_ms and rouge_l at every step, and tags. Then an example LLM app (a
LangChain travel assistant with a retriever and a tool, plus direct OpenAI
calls) runs under autolog() against a built-in mock LLM, so the experiment
has traces too. Running the demo again adds runs and traces. The follow-up
commands it prints run as printed: \`pnpm assay ...\` inside the Assay
repository, \`assay ...\` elsewhere.

Examples:
  $ assay demo
  $ assay demo --runs 18 --steps 10
  $ assay --tracking-uri /tmp/assay-demo demo`,
    )
    .action(async (options: DemoCommandOptions, command: Command) => {
      const { runDemo } = await import('./demo/run-demo.js');
      await runDemo({ context, command, options });
    });
}
