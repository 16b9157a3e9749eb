import type { SeededRandom } from '@assay/core';

/** The experiment the demo logs to. */
export const DEMO_EXPERIMENT_NAME = 'assay-demo';

/** One configuration of the demo's prompt/temperature sweep. */
export interface DemoConfiguration {
  /** The (simulated) model's name. */
  model: string;
  /** The sampling temperature. */
  temperature: number;
  /** The prompt's version, e.g. `v2`. */
  promptVersion: string;
}

/** The metrics of one evaluation step (one batch of the dataset). */
export interface DemoStepMetrics {
  /** The running (simulated) accuracy (0-1). */
  accuracy: number;
  /** The step's (simulated) latency in milliseconds. */
  latency_ms: number;
  /** A (simulated) ROUGE-L score (0-1). */
  rouge_l: number;
}

const MODELS: readonly { name: string; accuracy: number; latencyMs: number }[] = [
  { name: 'gpt-4o-mini', accuracy: 0.8, latencyMs: 420 },
  { name: 'gpt-4o', accuracy: 0.87, latencyMs: 880 },
  { name: 'llama-3.1-8b-instruct', accuracy: 0.71, latencyMs: 260 },
];
const TEMPERATURES: readonly number[] = [0, 0.3, 0.7];
const PROMPT_VERSIONS: readonly string[] = ['v1', 'v2'];

/**
 * The sweep's configurations in a fixed order, the model varying fastest so
 * that even a few runs compare every model.
 */
export const DEMO_CONFIGURATIONS: readonly DemoConfiguration[] = PROMPT_VERSIONS.flatMap((promptVersion) =>
  TEMPERATURES.flatMap((temperature) => MODELS.map((model) => ({ model: model.name, temperature, promptVersion }))),
);

function clamp(value: number, minimum: number, maximum: number): number {
  return Math.min(maximum, Math.max(minimum, value));
}

/**
 * Plausible metrics for `steps` evaluation batches of one configuration:
 * bigger models are more accurate and slower, higher temperatures lose
 * accuracy, prompt v2 helps a little and costs a few tokens of latency, and
 * the running accuracy settles as batches accumulate.
 */
export function simulateDemoRun(configuration: DemoConfiguration, steps: number, random: SeededRandom): DemoStepMetrics[] {
  const model = MODELS.find((candidate) => candidate.name === configuration.model) ?? MODELS[0]!;
  const promptBonus = configuration.promptVersion === 'v2' ? 0.04 : 0;
  const trueAccuracy = clamp(model.accuracy + promptBonus - 0.09 * configuration.temperature + random.normal(0, 0.015), 0.05, 0.99);
  const points: DemoStepMetrics[] = [];
  let correct = 0;
  let answered = 0;
  for (let step = 0; step < steps; step += 1) {
    const batchSize = 50;
    const batchAccuracy = clamp(trueAccuracy + random.normal(0, 0.04), 0, 1);
    correct += Math.round(batchAccuracy * batchSize);
    answered += batchSize;
    const accuracy = correct / answered;
    const latency = model.latencyMs * (configuration.promptVersion === 'v2' ? 1.12 : 1) * (1 + 0.15 * configuration.temperature);
    points.push({
      accuracy: Number(accuracy.toFixed(4)),
      latency_ms: Math.round(clamp(random.normal(latency, latency * 0.08), 50, 10_000)),
      rouge_l: Number(clamp(0.22 + 0.45 * accuracy + random.normal(0, 0.02), 0, 1).toFixed(4)),
    });
  }
  return points;
}
