import { InvalidParameterError } from '@assay/core';
import type { Metric, MetricRequirement } from '@assay/metrics';
import type { EvaluationColumns } from './resolve-evaluation-columns.js';
import { CONTEXT_COLUMNS, TARGET_COLUMNS } from './resolve-evaluation-data.js';

/** Options of `checkMetricRequirements`. */
export interface CheckMetricRequirementsOptions {
  /** The metrics of the evaluation. */
  metrics: readonly Metric[];
  /** The role of each column of the data. */
  columns: EvaluationColumns;
  /** The predictions column, if the outputs are precomputed. */
  predictions?: string | undefined;
  /** True when a model makes the outputs (it needs at least one input column left). */
  modelRuns: boolean;
}

interface RequirementText {
  /** What one metric does with the field; the plural drops the `s`. */
  does: [one: string, many: string];
  /** The field's column, as the message names it. */
  column: string;
  /** How to name the column, given an example column. */
  fix: (example: string | undefined) => string;
}

function withExample(option: string, example: string | undefined, value: (column: string) => string): string {
  return example === undefined ? `the option ${option}` : `the option ${option} (e.g. ${option}: ${value(example)})`;
}

const TEXTS: Record<MetricRequirement, RequirementText> = {
  targets: {
    does: ['compares each output with its target', 'compare each output with its target'],
    column: 'target column',
    fix: (example) => `Name the target column with ${withExample('targets', example, (column) => `'${column}'`)}; without it evaluate() looks for ${TARGET_COLUMNS.join(', ')}.`,
  },
  context: {
    does: ["reads each row's context", "read each row's context"],
    column: 'context column',
    fix: (example) => `Name the context column with ${withExample('context', example, (column) => `'${column}'`)}; without it evaluate() looks for ${CONTEXT_COLUMNS.join(', ')}.`,
  },
  inputs: {
    does: ["reads each row's inputs", "read each row's inputs"],
    column: 'input column',
    fix: (example) => `Name the input columns with ${withExample('inputs', example, (column) => `['${column}']`)}; without it every column except the targets and predictions is an input.`,
  },
};

function isPresent(requirement: MetricRequirement, columns: EvaluationColumns): boolean {
  if (requirement === 'targets') return columns.targetColumn !== undefined;
  if (requirement === 'context') return columns.contextColumn !== undefined;
  return columns.inputColumns.length > 0;
}

/**
 * Checks, before any model call, that the data has a column for every field
 * a metric requires (`Metric.requires`): without its target column a metric
 * scores no row at all. The error names the metrics, the columns found and
 * the option that chooses the column.
 */
export function checkMetricRequirements(options: CheckMetricRequirementsOptions): void {
  const { metrics, columns } = options;
  for (const requirement of ['targets', 'context', 'inputs'] as const) {
    if (isPresent(requirement, columns)) continue;
    const needing = metrics.filter((metric) => metric.requires?.includes(requirement) === true).map((metric) => metric.name);
    if (needing.length === 0) continue;
    const text = TEXTS[requirement];
    const taken = new Set([options.predictions, columns.targetColumn, columns.contextColumn]);
    const free = columns.dataColumns.filter((column) => !taken.has(column));
    // Suggest the last free column, as long as a model keeps one for its input.
    const example = free.length > (options.modelRuns ? 1 : 0) ? free.at(-1) : undefined;
    const subject = needing.length === 1 ? `the metric ${needing[0]!} ${text.does[0]}` : `the metrics ${needing.join(', ')} ${text.does[1]}`;
    throw new InvalidParameterError(
      `evaluate(): ${subject}, but the data has no ${text.column}. Columns found: ${columns.dataColumns.join(', ')}. ${text.fix(example)}`,
    );
  }
}
