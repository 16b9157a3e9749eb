import { ASSAY_ATTRIBUTES, mapWithConcurrency } from '@assay/core';
import { withSpan } from '@assay/sdk';
import { createProgress } from './create-progress.js';
import { describeFailure } from './describe-failure.js';
import type { EvaluatedModel } from './evaluate-options.js';
import type { EvaluatedRow } from './evaluation-result.js';

/** Options of `predictRows`. */
export interface PredictRowsOptions {
  /** The rows; each gets its `output` (or `error`), `latencyMs` and `traceId`. */
  rows: EvaluatedRow[];
  /** Called once per row with the row's inputs. */
  model: EvaluatedModel;
  /** Model calls in flight at once. */
  concurrency: number;
  /** Show a progress bar on stderr. */
  progress: boolean;
}

/**
 * The predict step of `evaluate()`: runs the model over every row, at most
 * `concurrency` calls at once, each call in its own trace (`evaluate.predict`).
 * A call that throws records its error on its row; the others go on.
 */
export async function predictRows(options: PredictRowsOptions): Promise<void> {
  const { rows, model } = options;
  const progress = await createProgress({ total: rows.length, enabled: options.progress, label: 'evaluate' });
  try {
    await mapWithConcurrency({
      items: rows,
      concurrency: options.concurrency,
      work: async (row) => {
        const started = performance.now();
        try {
          row.output = await withSpan(
            { name: 'evaluate.predict', spanType: 'CHAIN', inputs: row.inputs, attributes: { [ASSAY_ATTRIBUTES.evaluationRow]: row.index } },
            async (span) => {
              row.traceId = span.traceId;
              return model(row.inputs, { index: row.index });
            },
          );
        } catch (error) {
          row.error = describeFailure(error);
        }
        row.latencyMs = performance.now() - started;
      },
      onSettled: () => progress.tick(),
    });
  } finally {
    progress.stop();
  }
}
