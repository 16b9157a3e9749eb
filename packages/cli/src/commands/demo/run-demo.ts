import { createSeededRandom } from '@assay/core';
import { autolog, flush, getTrackingUri, searchTraces, setExperiment, setTrackingUri, withRun } from '@assay/sdk';
import { createMockLlmServer } from '@assay/sdk/test';
import { DEMO_CONFIGURATIONS, DEMO_EXPERIMENT_NAME, simulateDemoRun } from '../../demo/demo-sweep.js';
import { shellQuote } from '../../options/shell-quote.js';
import { resolveTrackingUri, trackingUriArguments, withStore } from '../../options/store-option.js';
import type { CommandInvocation } from '../command-invocation.js';
import { importOptionalPeers } from '../import-optional-peers.js';

/** The options of `assay demo`. */
export interface DemoCommandOptions {
  /** How many runs to log. */
  runs: number;
  /** Metric points per run. */
  steps: number;
  /** The seed of the pseudo-random numbers. */
  seed: number;
  /** Also run the example LLM app under autolog (`--no-traces` turns it off). */
  traces: boolean;
}

/** The example LLM app and the openai package it calls: optional peers of @assay/cli. */
function loadDemoLlmApp() {
  return importOptionalPeers({
    load: async () => {
      const [{ default: OpenAI }, app] = await Promise.all([import('openai'), import('../../demo/demo-llm-app.js')]);
      return { OpenAI, ...app };
    },
    packages: ['openai', '@langchain/core', '@langchain/openai'],
    neededBy: "assay demo's example LLM app",
    alternative: 'run assay demo --no-traces',
  });
}

/** Options of {@link logDemoTraces}. */
interface LogDemoTracesOptions {
  /** The demo experiment, whose traces are counted. */
  experimentId: string;
  /** The loaded example app. */
  app: Awaited<ReturnType<typeof loadDemoLlmApp>>;
}

/**
 * Runs the example LLM app under autolog() against an in-process mock LLM
 * server, so the experiment also holds traces; returns how many it has.
 */
async function logDemoTraces({ experimentId, app }: LogDemoTracesOptions): Promise<number> {
  const server = await createMockLlmServer({ answers: app.DEMO_LLM_RULES });
  try {
    await autolog({ openai: app.OpenAI }).ready;
    await app.runDemoLlmApp(server.baseURL);
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

/** `assay demo`: logs the sweep (and the example app's traces) and says how to look at them. */
export async function runDemo({ context, command, options }: CommandInvocation<DemoCommandOptions>): Promise<void> {
  // Before logging anything: a missing package must not leave half a demo behind.
  const app = options.traces ? await loadDemoLlmApp() : undefined;
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
  const traceCount = app ? await logDemoTraces({ experimentId: experiment.experimentId, app }) : undefined;
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
}
