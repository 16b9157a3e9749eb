import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { comparePairedScores, InvalidParameterError, type EvaluationRowRecord, type Store } from '@assay/core';
import { int32 } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { ASSAY_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonResponses, routeWithAccess } from './define-route.js';

/** The Store's largest page of evaluation rows. */
const PAGE = 50_000;

/** Columns where less is better unless the request says otherwise: timings, costs and error counts. */
const LOWER_IS_BETTER = /^latency|_ms$|cost|error/i;

const comparisonJson = z.object({
  column: z.string(),
  greater_is_better: z.boolean(),
  a: z.number().nullable().openapi({ description: "Mean of a's row scores (null when no row has one)" }),
  b: z.number().nullable(),
  delta: z.number().nullable().openapi({ description: 'b - a' }),
  ci95_low: z.number().nullable().openapi({ description: '2.5th percentile of b - a over the paired bootstrap resamples' }),
  ci95_high: z.number().nullable(),
  p_value: z.number().nullable(),
  wins: z.number().int().openapi({ description: 'Rows where b scored better than a' }),
  losses: z.number().int(),
  ties: z.number().int(),
  logged_value_differs: z
    .boolean()
    .openapi({ description: "True when a run's logged aggregate of the column is not the mean of its rows (a corpus metric such as BLEU): the comparison here is of the row means" }),
});

const compare = routeWithAccess(
  {
    method: 'get',
    path: `${ASSAY_API_PREFIX}/evaluations/compare`,
    summary:
      "Compare two evaluation runs of the same rows, column by column, from their stored evaluation rows: b - a with a paired bootstrap 95% interval and p-value (the same figures as the SDK's compareEvaluations for mean-aggregated metrics, same seed), and per-row wins, losses and ties",
    tags: ['Assay evaluations'],
    request: {
      query: z.object({
        a: z.string().openapi({ description: 'The baseline evaluation run' }),
        b: z.string().openapi({ description: 'The evaluation run compared with it' }),
        samples: int32.optional().openapi({ description: 'Bootstrap resamples; default 1000' }),
        seed: int32.optional().openapi({ description: 'Seed of the resampling; default 12345' }),
        lower_is_better: z
          .string()
          .optional()
          .openapi({ description: 'Comma-separated columns where a lower value is better; default the columns named like latency*, *_ms, *cost*, *error*' }),
      }),
    },
    responses: jsonResponses(
      z.object({
        a: z.object({ run_id: z.string(), rows: z.number().int() }),
        b: z.object({ run_id: z.string(), rows: z.number().int() }),
        samples: z.number().int(),
        seed: z.number().int(),
        comparisons: z.array(comparisonJson),
      }),
    ),
  },
  // Both runs' rows are read: READ on each run's experiment.
  { resource: 'run', permission: 'READ', idFrom: (input: { a: string; b: string }) => [input.a, input.b] },
);

async function readAllRows(store: Store, runId: string): Promise<EvaluationRowRecord[]> {
  const rows: EvaluationRowRecord[] = [];
  for (;;) {
    const page = await store.readEvaluationRows({ runId, limit: PAGE, offset: rows.length });
    rows.push(...page);
    if (page.length < PAGE) return rows.sort((left, right) => left.rowIndex - right.rowIndex);
  }
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Assay's comparison of two evaluation runs (`GET /api/assay/v1/evaluations/compare?a=&b=`), on core's paired bootstrap. */
export function createAssayEvaluationCompareRouter({ store }: ServerContext): OpenAPIHono {
  const router = createRouter();

  router.openapi(compare, async (c) => {
    const query = c.req.valid('query');
    const [runA, runB] = await Promise.all([store.getRun({ runId: query.a }), store.getRun({ runId: query.b })]);
    const [rowsA, rowsB] = await Promise.all([readAllRows(store, query.a), readAllRows(store, query.b)]);
    if (rowsA.length === 0 || rowsB.length === 0) {
      throw new InvalidParameterError(`Run ${rowsA.length === 0 ? query.a : query.b} has no evaluation rows: compare two runs logged by evaluate().`);
    }
    // Paired means the same rows: the row indices must match one to one.
    if (rowsA.length !== rowsB.length || rowsA.some((row, position) => row.rowIndex !== rowsB[position]!.rowIndex)) {
      throw new InvalidParameterError(`The two evaluations did not score the same rows (${rowsA.length} and ${rowsB.length} rows): compare evaluations of the same data.`);
    }
    const lowerIsBetter = query.lower_is_better !== undefined ? new Set(query.lower_is_better.split(',').map((column) => column.trim())) : undefined;
    const columnsA = new Set(rowsA.flatMap((row) => Object.keys(row.metrics)));
    const columns = [...new Set(rowsB.flatMap((row) => Object.keys(row.metrics)))].filter((column) => columnsA.has(column));
    const samples = query.samples ?? 1000;
    const seed = query.seed ?? 12345;
    const comparisons = comparePairedScores({
      rowCount: rowsA.length,
      samples,
      seed,
      columns: columns.map((column) => ({
        column,
        greaterIsBetter: lowerIsBetter ? !lowerIsBetter.has(column) : !LOWER_IS_BETTER.test(column),
        rowsA: rowsA.map((row) => row.metrics[column]),
        rowsB: rowsB.map((row) => row.metrics[column]),
      })),
    });
        const differs = (run: typeof runA, column: string, mean: number) => {
      const value = run.data.metrics[column];
      return value !== undefined && Number.isFinite(mean) && Math.abs(value - mean) > 1e-9 * Math.max(1, Math.abs(mean));
    };
    return c.json(
      {
        a: { run_id: query.a, rows: rowsA.length },
        b: { run_id: query.b, rows: rowsB.length },
        samples,
        seed,
        comparisons: comparisons.map((comparison) => ({
          column: comparison.column,
          greater_is_better: comparison.greaterIsBetter,
          a: finite(comparison.a),
          b: finite(comparison.b),
          delta: finite(comparison.delta),
          ci95_low: finite(comparison.ci95[0]),
          ci95_high: finite(comparison.ci95[1]),
          p_value: finite(comparison.pValue),
          wins: comparison.wins,
          losses: comparison.losses,
          ties: comparison.ties,
          logged_value_differs: differs(runA, comparison.column, comparison.a) || differs(runB, comparison.column, comparison.b),
        })),
      },
      200,
    );
  });

  return router;
}
