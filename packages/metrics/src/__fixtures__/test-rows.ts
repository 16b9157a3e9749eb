import type { EvaluationRow } from '../metric/evaluation-row.js';

/** Builds evaluation rows for metric tests: index from the position, empty inputs unless given. */
export function testRows(rows: readonly Partial<EvaluationRow>[]): EvaluationRow[] {
  return rows.map((row, index) => ({ index, inputs: {}, output: undefined, targets: undefined, ...row }));
}
