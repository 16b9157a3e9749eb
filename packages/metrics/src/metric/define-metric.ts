import { describe, errorMessage, InvalidParameterError, mapWithConcurrency } from '@assay/core';
import type { EvaluationRow } from './evaluation-row.js';
import type { Metric, MetricContext, MetricRequirement, RowScore } from './metric.js';
import { validateMetricName } from './validate-metric-name.js';
import { validateMetricRequirements } from './validate-metric-requirements.js';

/**
 * What a custom metric returns for a row: a finite number, null (not
 * applicable), or a score with a justification and statistics. Anything else
 * (NaN, undefined, a string) is recorded as an error on the row.
 */
export type MetricScore<S = unknown> = number | null | { score: number | null; justification?: string; statistics?: S };

/** Options of `defineMetric`: give `score` (one row) or `scoreBatch` (all rows at once). */
export interface DefineMetricOptions<S = unknown> {
  /** Letters, digits, `_`, `-`, `.`; becomes the column and the run metric's name. */
  name: string;
  /** Default true. */
  greaterIsBetter?: boolean;
  /** The row fields it cannot score without, e.g. `['targets']`: `evaluate()` fails before any model call when the data has no such column. */
  requires?: readonly MetricRequirement[];
  /** Scores one row (may be async); rows whose model call failed are not passed. */
  score?: (row: EvaluationRow) => MetricScore<S> | Promise<MetricScore<S>>;
  /** Scores all (successful) rows at once; returns one score per row, in order. */
  scoreBatch?: (rows: EvaluationRow[]) => MetricScore<S>[] | Promise<MetricScore<S>[]>;
  /**
   * The corpus value from every row's score (e.g. from summed statistics).
   * Without it the metric is summarised by the mean of its row values.
   */
  aggregate?: (scores: { score: number | null; statistics?: S }[]) => number;
}

const RETURN_HINT = 'return a finite number, null (not applicable), or { score, justification? }';

/**
 * A returned value as a row score. Only a finite number is a value and only
 * null means "not applicable": NaN, undefined (a missing `return`), strings
 * and booleans are errors on the row, so that a slip in a metric shows as
 * errors instead of a metric that quietly scores nothing.
 */
function toRowScore(name: string, value: unknown): RowScore {
  if (value === null) return { values: { [name]: null } };
  if (typeof value === 'number' && Number.isFinite(value)) return { values: { [name]: value } };
  if (typeof value === 'object' && 'score' in value) {
    const { score, justification, statistics } = value as { score: unknown; justification?: unknown; statistics?: unknown };
    if (score !== null && !(typeof score === 'number' && Number.isFinite(score))) {
      return { values: { [name]: null }, error: `metric ${name} returned the score ${describe(score)}; ${RETURN_HINT}` };
    }
    return {
      values: { [name]: score },
      ...(typeof justification === 'string' ? { justification } : {}),
      ...(statistics !== undefined ? { statistics } : {}),
    };
  }
  return { values: { [name]: null }, error: `metric ${name} returned ${describe(value)}; ${RETURN_HINT}` };
}

function failed(name: string, error: unknown): RowScore {
  return { values: { [name]: null }, error: `metric ${name} failed: ${errorMessage(error)}` };
}

/**
 * A custom metric for `evaluate()`. A metric that throws on one row records
 * the error on that row and goes on. Corpus-level metrics return sufficient
 * statistics per row and combine them in `aggregate`.
 *
 * @example
 * const mentionsPrice = defineMetric({ name: 'mentions_price', score: (row) => (/\$\d/.test(String(row.output)) ? 1 : 0) });
 */
export function defineMetric<S = unknown>(options: DefineMetricOptions<S>): Metric {
  const name = validateMetricName(options?.name);
  const { score, scoreBatch, aggregate } = options;
  if ((score === undefined) === (scoreBatch === undefined)) {
    throw new InvalidParameterError(`defineMetric '${name}' needs exactly one of score(row) or scoreBatch(rows).`);
  }
  if (options.greaterIsBetter !== undefined && typeof options.greaterIsBetter !== 'boolean') {
    throw new InvalidParameterError(`defineMetric '${name}': greaterIsBetter must be true or false.`);
  }
  const requires = validateMetricRequirements(options.requires, `defineMetric '${name}'`);
  return {
    name,
    greaterIsBetter: options.greaterIsBetter ?? true,
    columns: [name],
    ...(requires.length > 0 ? { requires } : {}),
    async scoreRows(rows: readonly EvaluationRow[], context: MetricContext): Promise<RowScore[]> {
      const scorable = rows.filter((row) => row.error === undefined);
      const byIndex = new Map<number, RowScore>();
      if (scoreBatch) {
        try {
          const scores = await scoreBatch(scorable);
          if (!Array.isArray(scores) || scores.length !== scorable.length) {
            throw new Error(`scoreBatch returned ${Array.isArray(scores) ? scores.length : typeof scores} scores for ${scorable.length} rows`);
          }
          scorable.forEach((row, position) => byIndex.set(row.index, toRowScore(name, scores[position])));
        } catch (error) {
          for (const row of scorable) byIndex.set(row.index, failed(name, error));
        }
      } else {
        const scores = await mapWithConcurrency<EvaluationRow, RowScore>({
          items: scorable,
          concurrency: context.concurrency,
          work: async (row) => {
            try {
              return toRowScore(name, await score!(row));
            } catch (error) {
              return failed(name, error);
            }
          },
          signal: context.signal,
          onAborted: () => ({ values: { [name]: null }, error: `metric ${name}: the evaluation was cancelled` }),
        });
        scorable.forEach((row, position) => byIndex.set(row.index, scores[position]!));
      }
      return rows.map((row) => byIndex.get(row.index) ?? { values: { [name]: null } });
    },
    ...(aggregate
      ? {
          aggregate(scores: readonly RowScore[]): Record<string, number> {
            const value = aggregate(scores.map((entry) => ({ score: entry.values[name] ?? null, statistics: entry.statistics as S })));
            return Number.isFinite(value) ? { [name]: value } : {};
          },
        }
      : {}),
  };
}
