import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@assay/core';
import { answerCorrectness, defineMetric, exactMatchMetric, faithfulness, rougeMetric, tokenCountMetric } from '@assay/metrics';
import { createMockLlmServer, type MockLlmServer } from '@assay/sdk/test';
import { useTempStore } from '../__fixtures__/temp-store.js';
import { createDataset } from '../datasets/create-dataset.js';
import { getDataset } from '../datasets/get-dataset.js';
import type { EvaluatedModel } from './evaluate-options.js';
import { evaluate } from './evaluate.js';

useTempStore();

// The target is named `answer`, which is none of the names evaluate() looks for.
const ROWS = [
  { question: 'Capital of France?', answer: 'Echo: Capital of France?' },
  { question: 'Capital of Italy?', answer: 'Rome' },
];

describe('a metric whose target column cannot be found', () => {
  let server: MockLlmServer;
  let calls = 0;
  let model: EvaluatedModel;
  beforeAll(async () => {
    server = await createMockLlmServer();
    const client = new OpenAI({ apiKey: 'mock', baseURL: server.baseURL, maxRetries: 0 });
    model = async ({ question }) => {
      calls += 1;
      const completion = await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: String(question) }] });
      return completion.choices[0]?.message.content;
    };
  });
  afterAll(async () => {
    await server.close();
  });

  const expectedMessage =
    "evaluate(): the metrics exact_match, rouge compare each output with its target, but the data has no target column. Columns found: question, answer. " +
    "Name the target column with the option targets (e.g. targets: 'answer'); without it evaluate() looks for expected, expected_answer, expected_output, target, targets, reference, references, reference_summary, ground_truth.";

  it('is an error before any model call, for rows, a dataset name and a Dataset', async () => {
    await createDataset({ name: 'qa-answer', rows: ROWS });
    for (const data of [ROWS, 'qa-answer', await getDataset('qa-answer')]) {
      const failure = await evaluate({ data, model, metrics: [exactMatchMetric(), rougeMetric(), tokenCountMetric()], progress: false }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(InvalidParameterError);
      expect((failure as Error).message).toBe(expectedMessage);
    }
    expect(calls).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('judges that need targets or context are checked too: neither the model nor the judge is called', async () => {
    const judge = { model: 'mock-judge', baseURL: server.baseURL, apiKey: 'mock' };
    await expect(evaluate({ data: ROWS, model, metrics: [answerCorrectness(judge)], progress: false })).rejects.toThrow(
      /^evaluate\(\): the metric answer_correctness compares each output with its target, but the data has no target column\./,
    );
    await expect(evaluate({ data: ROWS, model, targets: 'answer', metrics: [faithfulness(judge)], progress: false })).rejects.toThrow(
      /^evaluate\(\): the metric faithfulness reads each row's context, but the data has no context column\. Columns found: question, answer\. Name the context column with the option context; without it evaluate\(\) looks for contexts, context, retrieved_contexts\.$/,
    );
    expect(calls).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('a preset that needs targets is checked too; naming the column with targets makes the evaluation run', async () => {
    await expect(evaluate({ data: ROWS, model, preset: 'question-answering', progress: false })).rejects.toThrow(/the metric exact_match compares each output with its target/);
    expect(calls).toBe(0);
    const result = await evaluate({ data: ROWS, model, targets: 'answer', metrics: [exactMatchMetric()], progress: false });
    expect(result.metrics['exact_match']).toBe(0.5);
    expect(calls).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('metrics that need no target run without one; a custom metric can require context', async () => {
    const result = await evaluate({ data: [{ prediction: 'two words' }], predictions: 'prediction', metrics: [tokenCountMetric()] });
    expect(result.metrics['token_count']).toBe(2);
    const grounded = defineMetric({ name: 'grounded', requires: ['context'], score: (row) => (String(row.context).includes(String(row.output)) ? 1 : 0) });
    await expect(evaluate({ data: [{ prediction: 'Paris', docs: 'Paris is in France' }], predictions: 'prediction', metrics: [grounded] })).rejects.toThrow(
      "evaluate(): the metric grounded reads each row's context, but the data has no context column. Columns found: prediction, docs. " +
        "Name the context column with the option context (e.g. context: 'docs'); without it evaluate() looks for contexts, context, retrieved_contexts.",
    );
    const named = await evaluate({ data: [{ prediction: 'Paris', docs: 'Paris is in France' }], predictions: 'prediction', context: 'docs', metrics: [grounded] });
    expect(named.metrics['grounded']).toBe(1);
  });
});
