import { createSeededRandom, NotFoundError } from '@assay/core';
import { autolog, flush, getRegisteredModel, getTrackingUri, searchTraces, setExperiment, setTrackingUri, withRun } from '@assay/sdk';
import { createMockLlmServer } from '@assay/sdk/test';
import { DEMO_EVALUATION_EXPERIMENT, DEMO_MODEL_NAME, logDemoPlatform, type DemoPlatformSummary } from '../../demo/demo-platform.js';
import { DEMO_CONFIGURATIONS, DEMO_EXPERIMENT_NAME, simulateDemoRun } from '../../demo/demo-sweep.js';
import { assayCommandPrefix } from '../../options/assay-command-prefix.js';
import { shellQuote } from '../../options/shell-quote.js';
import { resolveTrackingUri, withStore } from '../../options/store-option.js';
import { printJson } from '../../output/print-json.js';
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
  /** Also log the dataset, evaluations, registry entries and prompt (`--no-platform` turns it off). */
  platform: boolean;
  /** Log nothing when the store already holds the demo experiment. */
  once?: boolean;
  /** Print JSON instead of the summary and follow-up commands. */
  json?: boolean;
}

/** What `assay demo --json` prints. */
export interface DemoSummary {
  /** The demo experiment's id. */
  experimentId: string;
  /** The demo experiment's name. */
  experimentName: string;
  /** The runs this invocation logged, in order. */
  runIds: string[];
  /** The runs the experiment holds now. */
  experimentRuns: number;
  /** The traces the experiment holds now (absent with --no-traces). */
  experimentTraces?: number;
  /** The dataset, evaluations, model and prompt logged (absent with --no-platform, or when an earlier demo logged them). */
  platform?: DemoPlatformSummary;
  /** The store directory. */
  store: string;
  /** Follow-up commands that run as printed from the current directory. */
  commands: string[];
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
 * server, so the experiment also holds traces; returns how many it has and
 * the id of the newest LangChain assistant trace.
 */
async function logDemoTraces({ experimentId, app }: LogDemoTracesOptions): Promise<{ count: number; assistantTraceId?: string }> {
  const server = await createMockLlmServer({ answers: app.DEMO_LLM_RULES });
  try {
    await autolog({ openai: app.OpenAI }).ready;
    await app.runDemoLlmApp(server.baseURL);
  } finally {
    autolog({ disable: true });
    await server.close();
  }
  await flush();
  const { traces } = await searchTraces({ experimentIds: [experimentId], maxResults: 500 });
  const assistant = traces.find((trace) => trace.name === 'travel-assistant');
  return { count: traces.length, ...(assistant ? { assistantTraceId: assistant.traceId } : {}) };
}

/** Logs the platform part unless an earlier demo did (its registered model exists): running the demo twice must not fail on the protected model. */
async function logDemoPlatformOnce(): Promise<DemoPlatformSummary | undefined> {
  const exists = await getRegisteredModel(DEMO_MODEL_NAME).then(
    () => true,
    (error: unknown) => {
      if (error instanceof NotFoundError) return false;
      throw error;
    },
  );
  return exists ? undefined : logDemoPlatform();
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
  if (options.once === true) {
    const logged = await withStore(context, command, async (store) => (await store.searchExperiments({ filter: `name = '${DEMO_EXPERIMENT_NAME}'`, maxResults: 1 })).items.length > 0);
    if (logged) {
      context.stdout(`The store ${getTrackingUri()} already holds the demo (experiment '${DEMO_EXPERIMENT_NAME}'); nothing logged.\n`);
      return;
    }
  }
  const experiment = await setExperiment(DEMO_EXPERIMENT_NAME);
  const random = createSeededRandom(options.seed);
  const runIds: string[] = [];
  let best: { runId: string; accuracy: number } | undefined;
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
      async (run) => {
        runIds.push(run.id);
        run.logParams({
          model: configuration.model,
          temperature: configuration.temperature,
          prompt_version: configuration.promptVersion,
          seed: options.seed,
        });
        points.forEach((metrics, step) => run.logMetrics({ ...metrics }, { step }));
        const final = points.at(-1);
        if (final) {
          run.setTag('quality', final.accuracy >= 0.85 ? 'good' : final.accuracy >= 0.75 ? 'fair' : 'poor');
          if (best === undefined || final.accuracy > best.accuracy) best = { runId: run.id, accuracy: final.accuracy };
        }
        await run.logJson({ model: configuration.model, temperature: configuration.temperature, promptVersion: configuration.promptVersion }, 'config/sweep.json');
      },
    );
  }
  await flush();
  const traced = app ? await logDemoTraces({ experimentId: experiment.experimentId, app }) : undefined;
  const platform = options.platform ? await logDemoPlatformOnce() : undefined;
  const storeLocation = getTrackingUri();
  const total = await withStore(context, command, async (store) => {
    const result = await store.searchRuns({ experimentIds: [experiment.experimentId], maxResults: 50_000 });
    return result.runs.length;
  });

  const assay = assayCommandPrefix({ context, command });
  const line = (...args: string[]) => shellQuote([...assay, ...args]);
  const bestRun = best?.runId ?? runIds[0]!;
  const commands = [
    line('runs', 'list', '--experiment', DEMO_EXPERIMENT_NAME),
    `${line('runs', 'search', '--experiment', DEMO_EXPERIMENT_NAME)} --filter "metrics.accuracy > 0.8" --order-by "metrics.accuracy DESC"`,
    `${line('sql')} "${DEMO_SQL}"`,
    line('runs', 'get', bestRun),
    line('runs', 'metrics', bestRun, 'accuracy'),
    line('artifacts', 'list', bestRun, '--recursive'),
    ...(traced !== undefined
      ? [line('traces', 'list', '--experiment', DEMO_EXPERIMENT_NAME), ...(traced.assistantTraceId ? [line('traces', 'get', traced.assistantTraceId)] : [])]
      : []),
  ];
  if (options.json) {
    const summary: DemoSummary = {
      experimentId: experiment.experimentId,
      experimentName: DEMO_EXPERIMENT_NAME,
      runIds,
      experimentRuns: total,
      ...(traced !== undefined ? { experimentTraces: traced.count } : {}),
      ...(platform !== undefined ? { platform } : {}),
      store: storeLocation,
      commands,
    };
    printJson(summary, context.stdout);
    return;
  }
  const lines = [
    `Logged ${options.runs} ${options.runs === 1 ? 'run' : 'runs'} to experiment '${DEMO_EXPERIMENT_NAME}' (id ${experiment.experimentId}), which now has ${total}.`,
    ...(traced !== undefined ? [`Traced the example LLM app: the experiment has ${traced.count} ${traced.count === 1 ? 'trace' : 'traces'}.`] : []),
    ...(platform !== undefined
      ? [
          `Evaluated two versions of model '${platform.modelName}' on dataset '${platform.datasetName}' (experiment '${DEMO_EVALUATION_EXPERIMENT}'), with aliases, a stage and a pending approval request; prompt '${platform.promptName}' has two versions; an agent trace has ${platform.agentTraceSpans} spans.`,
        ]
      : []),
    `Store: ${storeLocation}`,
    '',
    'Look at them (the best run of this sweep, the LangChain assistant trace):',
    ...commands.map((text) => `  ${text}`),
  ];
  context.stdout(`${lines.join('\n')}\n`);
}
