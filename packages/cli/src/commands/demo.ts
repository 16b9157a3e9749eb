import { Command, InvalidArgumentError } from 'commander';
import OpenAI from 'openai';
import { createSeededRandom } from '@assay/core';
import { autolog, flush, getTrackingUri, searchTraces, setExperiment, setTrackingUri, withRun } from '@assay/sdk';
import { createMockLlmServer } from '@assay/sdk/test';
import type { CliContext } from '../cli-context.js';
import { DEMO_LLM_RULES, runDemoLlmApp } from '../demo/demo-llm-app.js';
import { DEMO_CONFIGURATIONS, simulateDemoRun } from '../demo/demo-sweep.js';
import { parsePositiveInteger } from '../options/parse-positive-integer.js';
import { shellQuote } from '../options/shell-quote.js';
import { resolveTrackingUri, trackingUriArguments, withStore } from '../options/store-option.js';

/** The experiment the demo logs to. */
export const DEMO_EXPERIMENT_NAME = 'assay-demo';

/** The whole sweep: 3 models × 3 temperatures × 2 prompt versions. */
const DEFAULT_RUNS = DEMO_CONFIGURATIONS.length;
const DEFAULT_STEPS = 5;
const DEFAULT_SEED = 42;
const MAX_RUNS = 1000;

interface DemoOptions {
  runs: number;
  steps: number;
  seed: number;
  traces: boolean;
}

/**
 * Runs the example LLM app under autolog() against an in-process mock LLM
 * server, so the experiment also holds traces; returns how many it has.
 */
async function logDemoTraces(experimentId: string): Promise<number> {
  const server = await createMockLlmServer({ answers: DEMO_LLM_RULES });
  try {
    await autolog({ openai: OpenAI }).ready;
    await runDemoLlmApp(server.baseURL);
  } finally {
    autolog({ disable: true });
    await server.close();
  }
  await flush();
  return (await searchTraces({ experimentIds: [experimentId], maxResults: 500 })).traces.length;
}

const DEMO_SQL =
  'SELECT p.value AS model, round(avg(m.value), 3) AS mean_accuracy, count(*) AS runs ' +
  'FROM latest_metrics m JOIN params p USING (run_id) ' +
  "WHERE m.key = 'accuracy' AND p.key = 'model' GROUP BY ALL ORDER BY mean_accuracy DESC";

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
    .addHelpText(
      'after',
      `
Each run logs params model, temperature and prompt_version, metrics accuracy,
latency_ms and rouge_l at every step, and tags. Then an example LLM app (a
LangChain travel assistant with a retriever and a tool, plus direct OpenAI
calls) runs under autolog() against a built-in mock LLM, so the experiment
has traces too. Running the demo again adds runs and traces.

Examples:
  $ assay demo
  $ assay demo --runs 18 --steps 10
  $ assay --tracking-uri /tmp/assay-demo demo`,
    )
    .action(async (options: DemoOptions, command: Command) => {
      setTrackingUri(resolveTrackingUri(command, context.env));
      const experiment = await setExperiment(DEMO_EXPERIMENT_NAME);
      const random = createSeededRandom(options.seed);
      for (let index = 0; index < options.runs; index += 1) {
        const configuration = DEMO_CONFIGURATIONS[index % DEMO_CONFIGURATIONS.length]!;
        const round = Math.floor(index / DEMO_CONFIGURATIONS.length);
        const points = simulateDemoRun(configuration, options.steps, random);
        const runName = `${configuration.model}-t${configuration.temperature}-${configuration.promptVersion}${round > 0 ? `-r${round + 1}` : ''}`;
        await withRun(
          {
            runName,
            tags: { dataset: 'support-faq-v1', sweep: 'prompt-temperature', source: 'assay demo' },
            description: `Demo run ${index + 1} of ${options.runs}: ${configuration.model} at temperature ${configuration.temperature} with prompt ${configuration.promptVersion}.`,
          },
          (run) => {
            run.logParams({
              model: configuration.model,
              temperature: configuration.temperature,
              prompt_version: configuration.promptVersion,
              seed: options.seed,
            });
            points.forEach((metrics, step) => run.logMetrics({ ...metrics }, { step }));
            const final = points.at(-1);
            if (final) run.setTag('quality', final.accuracy >= 0.85 ? 'good' : final.accuracy >= 0.75 ? 'fair' : 'poor');
          },
        );
      }
      await flush();
      const traceCount = options.traces ? await logDemoTraces(experiment.experimentId) : undefined;
      const storeLocation = getTrackingUri();
      const total = await withStore(context, command, async (store) => {
        const result = await store.searchRuns({ experimentIds: [experiment.experimentId], maxResults: 50_000 });
        return result.runs.length;
      });

      const assay = ['assay', ...trackingUriArguments(command)];
      const lines = [
        `Logged ${options.runs} ${options.runs === 1 ? 'run' : 'runs'} to experiment '${DEMO_EXPERIMENT_NAME}' (id ${experiment.experimentId}), which now has ${total}.`,
        ...(traceCount !== undefined ? [`Traced the example LLM app: the experiment has ${traceCount} ${traceCount === 1 ? 'trace' : 'traces'}.`] : []),
        `Store: ${storeLocation}`,
        '',
        'Look at them:',
        `  ${shellQuote([...assay, 'runs', 'list', '--experiment', DEMO_EXPERIMENT_NAME])}`,
        `  ${shellQuote([...assay, 'runs', 'search', '--experiment', DEMO_EXPERIMENT_NAME])} --filter "metrics.accuracy > 0.8" --order-by "metrics.accuracy DESC"`,
        `  ${shellQuote([...assay, 'sql'])} "${DEMO_SQL}"`,
        `  ${shellQuote([...assay, 'runs', 'get'])} <run-id>`,
        ...(traceCount !== undefined
          ? [
              `  ${shellQuote([...assay, 'traces', 'list', '--experiment', DEMO_EXPERIMENT_NAME])}`,
              `  ${shellQuote([...assay, 'traces', 'get'])} <trace-id>`,
            ]
          : []),
      ];
      context.stdout(`${lines.join('\n')}\n`);
    });
}
