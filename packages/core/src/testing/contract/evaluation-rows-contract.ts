import { describe, expect, it } from 'vitest';
import { expectAssayError } from './expect-assay-error.js';
import { useFreshStore, type CreateStore } from './store-fixture.js';

export function describeEvaluationRowsContract(createStore: CreateStore): void {
  describe('evaluation rows', () => {
    const context = useFreshStore(createStore);

    it('stores rows with JSON values, reads them back in order, and replaces a row logged again', async () => {
      const run = await context.store.createRun({ experimentId: '0', runName: 'eval' });
      const runId = run.info.runId;
      await context.store.logEvaluationRows({
        runId,
        rows: [
          { rowIndex: 1, inputs: { question: 'b?' }, output: { text: 'B' }, targets: ['B', 'b'], latencyMs: 12.5, traceId: 'tr-1', metrics: { exact_match: 1, rougeL: null } },
          { rowIndex: 0, inputs: { question: 'a?' }, error: 'TimeoutError: no answer', metrics: { exact_match: null } },
        ],
      });
      expect(await context.store.readEvaluationRows({ runId })).toEqual([
        { rowIndex: 0, inputs: { question: 'a?' }, error: 'TimeoutError: no answer', metrics: { exact_match: null } },
        { rowIndex: 1, inputs: { question: 'b?' }, output: { text: 'B' }, targets: ['B', 'b'], latencyMs: 12.5, traceId: 'tr-1', metrics: { exact_match: 1, rougeL: null } },
      ]);
      await context.store.logEvaluationRows({ runId, rows: [{ rowIndex: 0, inputs: { question: 'a?' }, output: 'A', metrics: { exact_match: 1 }, justifications: { judge: 'right' } }] });
      const rows = await context.store.readEvaluationRows({ runId, limit: 1 });
      expect(rows).toEqual([{ rowIndex: 0, inputs: { question: 'a?' }, output: 'A', metrics: { exact_match: 1 }, justifications: { judge: 'right' } }]);
      const counted = await context.store.sql({ query: `SELECT count(*) AS n, sum((metrics->>'exact_match')::DOUBLE) AS matches FROM evaluation_rows WHERE run_id = '${runId}'` });
      expect(counted.rows).toEqual([[2, 2]]);
    });

    it('rejects an unknown run and malformed rows with messages that say what is wrong', async () => {
      await expectAssayError(
        () => context.store.logEvaluationRows({ runId: 'no-such-run', rows: [{ rowIndex: 0, inputs: {}, metrics: {} }] }),
        'RESOURCE_DOES_NOT_EXIST',
        'no-such-run',
      );
      const run = await context.store.createRun({ experimentId: '0' });
      await expectAssayError(
        () => context.store.logEvaluationRows({ runId: run.info.runId, rows: [{ rowIndex: 0, inputs: {}, metrics: { bleu: Number.NaN } }] }),
        'INVALID_PARAMETER_VALUE',
        'metric bleu must be a finite number or null',
      );
      await expectAssayError(
        () => context.store.logEvaluationRows({ runId: run.info.runId, rows: [{ rowIndex: 3, inputs: {}, metrics: {} }, { rowIndex: 3, inputs: {}, metrics: {} }] }),
        'INVALID_PARAMETER_VALUE',
        'rowIndex 3 appears twice',
      );
      expect(await context.store.readEvaluationRows({ runId: run.info.runId })).toEqual([]);
    });
  });
}
