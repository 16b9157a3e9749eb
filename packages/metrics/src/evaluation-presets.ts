import { InvalidParameterError } from '@assay/core';
import { bleuMetric } from './bleu/bleu-metric.js';
import { chrfMetric } from './chrf/chrf-metric.js';
import { ariGradeLevelMetric } from './readability/ari-grade-level-metric.js';
import { fleschKincaidGradeLevelMetric } from './readability/flesch-kincaid-grade-level-metric.js';
import { rougeMetric } from './rouge/rouge-metric.js';
import { exactMatchMetric } from './string/exact-match-metric.js';
import { tokenCountMetric } from './string/token-count-metric.js';
import type { Metric } from './metric/metric.js';

/** Ready-made metric sets, after MLflow's model types (without its model-based toxicity). */
export const EVALUATION_PRESETS = {
  'question-answering': () => [exactMatchMetric(), tokenCountMetric(), fleschKincaidGradeLevelMetric(), ariGradeLevelMetric()],
  summarization: () => [rougeMetric(), tokenCountMetric(), fleschKincaidGradeLevelMetric(), ariGradeLevelMetric()],
  translation: () => [bleuMetric(), chrfMetric(), tokenCountMetric()],
  rag: () => [exactMatchMetric(), rougeMetric({ types: ['rouge1', 'rougeL'] }), tokenCountMetric()],
  text: () => [tokenCountMetric(), fleschKincaidGradeLevelMetric(), ariGradeLevelMetric()],
} satisfies Record<string, () => Metric[]>;

/** The name of a preset. */
export type EvaluationPreset = keyof typeof EVALUATION_PRESETS;

/** The metrics of a preset; an unknown name is an error listing the presets. */
export function resolvePreset(preset: unknown): Metric[] {
  if (typeof preset !== 'string' || !Object.hasOwn(EVALUATION_PRESETS, preset)) {
    throw new InvalidParameterError(`Unknown evaluation preset ${JSON.stringify(preset)}; use one of ${Object.keys(EVALUATION_PRESETS).join(', ')}.`);
  }
  return EVALUATION_PRESETS[preset as EvaluationPreset]();
}
