import { describe, expect, it } from 'vitest';
import type { Assessment } from '@assay/core';
import { defineMetric, exactMatchMetric, makeJudge } from '@assay/metrics';
import { getTrace, searchTraces } from '@assay/sdk';
import { createMockLlmServer } from '@assay/sdk/test';
import { useTempStore } from '../__fixtures__/temp-store.js';
import { evaluate } from './evaluate.js';

useTempStore();

/** What a trace's feedback says, in short: name, source, value, rationale, error. */
function summarize(assessments: readonly Assessment[]): unknown[] {
  return assessments.map((assessment) => [
    assessment.name,
    `${assessment.source.sourceType}:${assessment.source.sourceId}`,
    assessment.feedback?.value,
    assessment.rationale ?? null,
    assessment.feedback?.error?.errorMessage ?? null,
  ]);
}

describe('evaluate() records metric scores as feedback on each row\'s trace', () => {
  it('code metrics as CODE feedback, judges as LLM_JUDGE feedback with the justification, failures with their error', async () => {
    const server = await createMockLlmServer({
      answers: [
        { when: { contains: '### Output\nParis' }, reply: '{"score": 5, "justification": "Names the capital."}' },
        { when: { contains: '### Output\nLyon' }, reply: '{"score": 1, "justification": "Wrong city."}' },
      ],
    });
    try {
      const judge = makeJudge({ name: 'correctness', instructions: 'Grade the answer.', model: 'judge-model', baseURL: server.baseURL });
      const picky = defineMetric({
        name: 'picky',
        score: (row) => {
          if (row.output === 'Lyon') throw new Error('cannot grade Lyon');
          return 0.5;
        },
      });
      const result = await evaluate({
        data: [
          { question: 'Capital of France?', expected: 'Paris' },
          { question: 'Capital of France, again?', expected: 'Paris' },
        ],
        model: ({ question }) => (String(question).includes('again') ? 'Lyon' : 'Paris'),
        targets: 'expected',
        metrics: [exactMatchMetric(), judge, picky],
        runName: 'feedback',
        progress: false,
      });

      const [right, wrong] = await Promise.all(result.rows.map((row) => getTrace(row.traceId!)));
      const withoutLatency = (assessments: readonly Assessment[]): Assessment[] => assessments.filter((assessment) => assessment.name !== 'latency');
      expect(summarize(withoutLatency(right!.info.assessments))).toEqual([
        ['exact_match', 'CODE:exact_match', 1, null, null],
        ['correctness', 'LLM_JUDGE:judge-model', 5, 'Names the capital.', null],
        ['picky', 'CODE:picky', 0.5, null, null],
      ]);
      expect(summarize(withoutLatency(wrong!.info.assessments))).toEqual([
        ['exact_match', 'CODE:exact_match', 0, null, null],
        ['correctness', 'LLM_JUDGE:judge-model', 1, 'Wrong city.', null],
        ['picky', 'CODE:picky', null, null, 'metric picky failed: cannot grade Lyon'],
      ]);
      expect(right!.info.assessments.find((assessment) => assessment.name === 'latency')?.feedback?.value).toBe(result.rows[0]!.latencyMs);

      const poor = await searchTraces({ runId: result.runId, filter: 'feedback.correctness < 3' });
      expect(poor.traces.map((info) => info.traceId)).toEqual([wrong!.info.traceId]);
    } finally {
      await server.close();
    }
  });

  it('gives precomputed predictions, which have no traces, no feedback', async () => {
    const result = await evaluate({ data: [{ output: 'a', expected: 'a' }], predictions: 'output', targets: 'expected', metrics: [exactMatchMetric()], progress: false });
    expect(result.rows[0]!.traceId).toBeUndefined();
    expect((await searchTraces({ runId: result.runId })).traces).toEqual([]);
  });
});
