import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { createMockLlmServer } from '../testing/index.js';
import {
  autolog,
  createAssay,
  deleteAssessment,
  getAssessment,
  getLastTraceId,
  getTrace,
  listModelPrices,
  logExpectation,
  logFeedback,
  searchTraces,
  setModelPrices,
  trace,
  updateAssessment,
  withSpan,
} from '../index.js';

const getRoot = useTempTrackingUri();

/** Makes one trace in the current experiment and returns its id (its spans may still be queued). */
function makeTrace(question: string): string {
  trace((text: string) => `answer to ${text}`, { name: 'answer', spanType: 'CHAIN' })(question);
  return getLastTraceId()!;
}

describe('feedback and expectations, end to end into the local store', () => {
  it('logs feedback and an expectation on a trace just made, read back by getTrace and found by searchTraces', async () => {
    const traceId = makeTrace('capital of France?');
    const helpful = await logFeedback(traceId, { name: 'helpful', value: true, source: 'human', rationale: 'It answered.' });
    const expected = await logExpectation(traceId, { name: 'expected_answer', value: 'Paris' });
    expect(helpful).toMatchObject({
      traceId,
      name: 'helpful',
      feedback: { value: true },
      source: { sourceType: 'HUMAN', sourceId: 'default' },
      rationale: 'It answered.',
      valid: true,
    });
    expect(expected).toMatchObject({ expectation: { value: 'Paris' }, source: { sourceType: 'HUMAN', sourceId: 'default' } });

    const stored = await getTrace(traceId);
    expect(stored.info.assessments).toEqual([helpful, expected]);
    expect(await getAssessment(traceId, helpful.assessmentId)).toEqual(helpful);
    const other = makeTrace('capital of Italy?');
    await logFeedback(other, { name: 'helpful', value: false, source: { sourceType: 'llm_judge', sourceId: 'openai:/gpt-4o-mini' } });
    const found = await searchTraces({ filter: "feedback.helpful = 'true' and expectation.expected_answer = 'Paris'" });
    expect(found.traces.map((info) => info.traceId)).toEqual([traceId]);
    expect((await getTrace(other)).info.assessments[0]?.source).toEqual({ sourceType: 'LLM_JUDGE', sourceId: 'openai:/gpt-4o-mini' });
  });

  it('overrides, updates and deletes feedback the way MLflow does', async () => {
    const traceId = makeTrace('2 + 2?');
    const judged = await logFeedback(traceId, { name: 'correct', value: 2, source: 'llm_judge' });
    const corrected = await logFeedback(traceId, { name: 'correct', value: 5, source: 'human', overrides: judged.assessmentId });
    expect((await getAssessment(traceId, judged.assessmentId)).valid).toBe(false);
    expect((await searchTraces({ filter: 'feedback.correct >= 4' })).traces).toHaveLength(1);
    const updated = await updateAssessment(traceId, corrected.assessmentId, { value: 4, rationale: 'Almost.' });
    expect(updated).toMatchObject({ feedback: { value: 4 }, rationale: 'Almost.' });
    await deleteAssessment(traceId, corrected.assessmentId);
    expect((await getTrace(traceId)).info.assessments.map((assessment) => [assessment.assessmentId, assessment.valid])).toEqual([[judged.assessmentId, true]]);
  });

  it('records a failed judgement as feedback with an error, and says what a bad source should be', async () => {
    const traceId = makeTrace('hello');
    const failed = await logFeedback(traceId, { name: 'safety', source: 'code', error: new RangeError('score out of range') });
    expect(failed.feedback).toEqual({ value: null, error: { errorCode: 'RangeError', errorMessage: 'score out of range' } });
    await expect(logFeedback(traceId, { name: 'x', value: 1, source: 'robot' as 'human' })).rejects.toThrow(
      /source must be 'human', 'llm_judge' or 'code'.*got "robot"/u,
    );
    await expect(logFeedback(traceId, { name: 'x', source: 'human' })).rejects.toThrow(/feedback\.value is required/u);
    await expect(logFeedback(`tr-${'0'.repeat(32)}`, { name: 'x', value: 1, source: 'human' })).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
  });

  it('works the same on an instance of its own', async () => {
    const assay = createAssay({ trackingUri: getRoot() });
    try {
      assay.trace(() => 'pong', { name: 'ping' })();
      const traceId = assay.getLastTraceId()!;
      const rating = await assay.logFeedback(traceId, { name: 'rating', value: 3, source: 'code' });
      expect((await assay.getTrace(traceId)).info.assessments).toEqual([rating]);
    } finally {
      await assay.dispose();
    }
  });
});

describe('cost of autologged OpenAI calls, end to end against the mock LLM server', () => {
  afterEach(() => {
    autolog({ disable: true });
  });

  it('prices known models from the built-in table and the store\'s own prices, and finds traces by cost', async () => {
    autolog({ langchain: false });
    const server = await createMockLlmServer();
    try {
      const client = new OpenAI({ apiKey: 'mock', baseURL: server.baseURL, maxRetries: 0 });
      const ask = (model: string): Promise<string | undefined> =>
        withSpan({ name: `ask ${model}`, spanType: 'CHAIN' }, async () => {
          const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'What is the capital of France?' }] });
          return completion.usage === undefined ? undefined : `${completion.usage.prompt_tokens}/${completion.usage.completion_tokens}`;
        });
      const miniUsage = await ask('gpt-4o-mini');
      const miniTrace = getLastTraceId()!;
      await ask('mock-gpt');
      const unpricedTrace = getLastTraceId()!;

      const mini = await getTrace(miniTrace);
      const usage = mini.info.tokenUsage!;
      expect(`${usage.inputTokens}/${usage.outputTokens}`).toBe(miniUsage);
      expect(mini.info.cost?.inputCost).toBeCloseTo((usage.inputTokens * 0.15) / 1e6, 15);
      expect(mini.info.cost?.outputCost).toBeCloseTo((usage.outputTokens * 0.6) / 1e6, 15);
      expect(mini.spans.map((span) => [span.spanType, span.cost])).toEqual([
        ['CHAIN', undefined],
        ['CHAT_MODEL', mini.info.cost],
      ]);
      expect((await getTrace(unpricedTrace)).info.cost).toBeUndefined();

      await setModelPrices([{ model: 'mock-gpt', inputPerMillionTokens: 1_000, outputPerMillionTokens: 1_000 }]);
      expect((await listModelPrices())[0]).toEqual({ model: 'mock-gpt', inputPerMillionTokens: 1000, outputPerMillionTokens: 1000, origin: 'store' });
      await ask('mock-gpt');
      const pricedTrace = getLastTraceId()!;
      const priced = await getTrace(pricedTrace);
      expect(priced.info.cost?.totalCost).toBeCloseTo((priced.info.tokenUsage!.totalTokens * 1000) / 1e6, 12);
      const expensive = await searchTraces({ filter: 'cost.total > 0.001', orderBy: ['cost.total DESC'] });
      expect(expensive.traces.map((info) => info.traceId)).toEqual([pricedTrace]);
      const anyCost = await searchTraces({ filter: 'cost.total > 0', orderBy: ['cost.total DESC'] });
      expect(anyCost.traces.map((info) => info.traceId)).toEqual([pricedTrace, miniTrace]);
    } finally {
      await server.close();
    }
  });
});
