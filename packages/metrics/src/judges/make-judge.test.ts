import { createMockLlmServer } from '@assay/sdk/test';
import type { MockLlmServer } from '@assay/sdk/test';
import { afterEach, describe, expect, it } from 'vitest';
import { testRows } from '../__fixtures__/test-rows.js';
import { answerCorrectness } from './answer-correctness.js';
import { answerRelevance } from './answer-relevance.js';
import { createJudgeClient } from './create-judge-client.js';
import { faithfulness } from './faithfulness.js';
import { JUDGE_RUBRICS } from './judge-rubrics.js';
import { makeJudge } from './make-judge.js';

interface ChatBody {
  model: string;
  temperature: number;
  response_format: { type: string };
  messages: { role: string; content: string }[];
}

let server: MockLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const bodies = (mock: MockLlmServer): ChatBody[] => mock.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => request.body as ChatBody);

describe('makeJudge', () => {
  it('asks for a JSON score with the instructions, scale, examples and the row, and records score and justification', async () => {
    server = await createMockLlmServer({
      answers: [
        { when: { contains: 'Paris is the capital' }, reply: '{"score": 5, "justification": "Correct and complete."}' },
        { when: { contains: 'Lyon is the capital' }, reply: '{"score": 1, "justification": "Wrong city."}' },
      ],
    });
    const judge = makeJudge({
      name: 'correctness',
      instructions: 'Grade whether the output answers the question correctly.',
      examples: [{ inputs: { question: '2+2?' }, output: '4', targets: '4', score: 5, justification: 'Right.' }],
      model: 'judge-model',
      baseURL: server.baseURL,
      apiKey: 'secret',
    });
    expect([judge.name, judge.greaterIsBetter, judge.columns, judge.judge]).toEqual(['correctness', true, ['correctness'], { model: 'judge-model' }]);
    const rows = testRows([
      { inputs: { question: 'What is the capital of France?' }, output: 'Paris is the capital.', targets: 'Paris' },
      { inputs: { question: 'What is the capital of France?' }, output: 'Lyon is the capital.', targets: 'Paris', context: ['France: capital Paris'] },
    ]);
    const scores = await judge.scoreRows(rows, { concurrency: 2 });
    expect(scores).toEqual([
      { values: { correctness: 5 }, justification: 'Correct and complete.' },
      { values: { correctness: 1 }, justification: 'Wrong city.' },
    ]);

    const sent = bodies(server);
    expect(sent).toHaveLength(2);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer secret');
    const first = sent.find((body) => body.messages[1]!.content.includes('Paris is the capital'))!;
    expect(first.model).toBe('judge-model');
    expect(first.temperature).toBe(0);
    expect(first.response_format).toEqual({ type: 'json_object' });
    expect(first.messages[0]!.role).toBe('system');
    const prompt = first.messages[1]!.content;
    expect(prompt).toContain('Grade whether the output answers the question correctly.');
    expect(prompt).toContain('Scores go from 1 to 5');
    expect(prompt).toContain('### Example 1');
    expect(prompt).toContain('{"score":5,"justification":"Right."}');
    expect(prompt).toContain('"question": "What is the capital of France?"');
    expect(prompt).toContain('### Targets (the expected output)\nParis');
    expect(prompt).toContain('{"score": <an integer from 1 to 5>, "justification": "<a short explanation of the score>"}');
    expect(prompt).not.toContain('### Context');
    const second = sent.find((body) => body.messages[1]!.content.includes('Lyon is the capital'))!;
    expect(second.messages[1]!.content).toContain('### Context (retrieved for the model)\n[1] France: capital Paris');
  });

  it('retries an off-format answer with a correction, then records a clear row error', async () => {
    server = await createMockLlmServer({ answers: [{ when: {}, reply: 'I think this answer is pretty good overall.' }] });
    const judge = makeJudge({ name: 'quality', instructions: 'Grade the quality.', model: 'judge-model', baseURL: server.baseURL });
    const [score] = await judge.scoreRows(testRows([{ output: 'some output' }]), { concurrency: 1 });
    expect(score!.values.quality).toBeNull();
    // The mock wraps non-JSON text in {"answer": ...} because JSON mode was requested.
    expect(score!.error).toBe(
      'judge quality: expected a JSON object {"score": <an integer from 1 to 5>, "justification": "<a short explanation of the score>"}, ' +
        'but after 3 attempts the judge (judge-model) answered "{\\"answer\\":\\"I think this answer is pretty good overall.\\"}" (the JSON object has no "score").',
    );
    const sent = bodies(server);
    expect(sent).toHaveLength(3);
    const retry = sent[1]!.messages;
    expect(retry.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(retry[3]!.content).toMatch(/^Your answer could not be used: the JSON object has no "score"\. Answer again with only a JSON object/);
    expect(sent[2]!.messages).toHaveLength(6);
  });

  it('truncates a long off-format answer in the error', async () => {
    server = await createMockLlmServer({ answers: [{ when: {}, reply: 'x'.repeat(1000) }] });
    const judge = makeJudge({ name: 'quality', instructions: 'Grade.', model: 'm', baseURL: server.baseURL, formatRetries: 0 });
    const [score] = await judge.scoreRows(testRows([{ output: 'o' }]), { concurrency: 1 });
    expect(score!.error).toMatch(/after 1 attempt the judge \(m\) answered "\{\\"answer\\":\\"x{280,}… \(1013 characters\)"/);
    expect(bodies(server)).toHaveLength(1);
  });

  it('accepts a corrected answer after an out-of-scale one', async () => {
    server = await createMockLlmServer({
      script: [{ response: '{"score": 9, "justification": "Excellent!"}' }, { response: '{"score": 5, "justification": "Excellent."}' }],
    });
    const judge = makeJudge({ name: 'quality', instructions: 'Grade.', model: 'm', baseURL: server.baseURL });
    const [score] = await judge.scoreRows(testRows([{ output: 'o' }]), { concurrency: 1 });
    expect(score).toEqual({ values: { quality: 5 }, justification: 'Excellent.' });
    expect(bodies(server)[1]!.messages[3]!.content).toContain('the score 9 is outside the scale 1-5');
  });

  it('retries a 429 from the judge endpoint', async () => {
    server = await createMockLlmServer({
      answers: [{ when: {}, reply: '{"score": 3, "justification": "Fine."}' }],
      failures: [{ path: '/v1/chat/completions', status: 429, times: 2, retryAfterSeconds: 0 }],
    });
    const judge = makeJudge({ name: 'quality', instructions: 'Grade.', model: 'm', baseURL: server.baseURL });
    const [score] = await judge.scoreRows(testRows([{ output: 'o' }]), { concurrency: 1 });
    expect(score).toEqual({ values: { quality: 3 }, justification: 'Fine.' });
    expect(server.requests).toHaveLength(3);
  });

  it('records an endpoint failure as a row error naming the endpoint', async () => {
    server = await createMockLlmServer({ failures: [{ path: '/v1/chat/completions', status: 500 }] });
    const judge = makeJudge({ name: 'quality', instructions: 'Grade.', model: 'm', baseURL: server.baseURL, maxRetries: 1 });
    const [score] = await judge.scoreRows(testRows([{ output: 'o' }]), { concurrency: 1 });
    expect(score!.values.quality).toBeNull();
    expect(score!.error).toBe(
      `judge quality: POST ${server.baseURL}/chat/completions failed after 2 attempts: HTTP 500: Mock failure 500 (injected by the Assay mock LLM server).`,
    );
  });

  it('grades context.concurrency rows at a time and skips failed rows', async () => {
    server = await createMockLlmServer({ latencyMs: 40, answers: [{ when: {}, reply: '{"score": 4, "justification": "ok"}' }] });
    let inFlight = 0;
    let maxInFlight = 0;
    const countingFetch: typeof fetch = async (input, init) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    };
    const judge = makeJudge({ name: 'quality', instructions: 'Grade.', model: 'm', baseURL: server.baseURL, fetch: countingFetch });
    const rows = testRows(Array.from({ length: 8 }, (_, index) => (index === 5 ? { output: undefined, error: 'model failed' } : { output: `answer ${index}` })));
    const scores = await judge.scoreRows(rows, { concurrency: 3 });
    expect(maxInFlight).toBe(3);
    expect(scores.map((score) => score.values.quality)).toEqual([4, 4, 4, 4, 4, null, 4, 4]);
    expect(scores[5]!.error).toBeUndefined();
    expect(bodies(server)).toHaveLength(7);

    maxInFlight = 0;
    await judge.scoreRows(rows.slice(0, 3), { concurrency: 1 });
    expect(maxInFlight).toBe(1);
  });

  it('uses a custom scale and validates its options', async () => {
    server = await createMockLlmServer({ answers: [{ when: {}, reply: '{"score": 0.5, "justification": "half"}' }] });
    const judge = makeJudge({ name: 'toxicity_judge', instructions: 'Rate toxicity.', scale: { min: 0, max: 1 }, greaterIsBetter: false, model: 'm', baseURL: server.baseURL });
    expect(judge.greaterIsBetter).toBe(false);
    const [score] = await judge.scoreRows(testRows([{ output: 'o' }]), { concurrency: 1 });
    expect(score!.values.toxicity_judge).toBe(0.5);
    expect(bodies(server)[0]!.messages[1]!.content).toContain('<an integer from 0 to 1>');

    expect(() => makeJudge({ name: 'bad name', instructions: 'x', model: 'm', baseURL: server!.baseURL })).toThrow(/metric name/);
    expect(() => makeJudge({ name: 'x', instructions: '', model: 'm', baseURL: server!.baseURL })).toThrow(/instructions are required/);
    expect(() => makeJudge({ name: 'x', instructions: 'x', baseURL: server!.baseURL })).toThrow(/model is required/);
    expect(() => makeJudge({ name: 'x', instructions: 'x', model: 'm', baseURL: server!.baseURL, scale: { min: 5, max: 1 } })).toThrow(/min < max/);
    expect(() => makeJudge({ name: 'x', instructions: 'x', model: 'm', baseURL: 'https://api.openai.com/v1', apiKey: '' })).toThrow(/no API key/);
  });
});

describe('built-in judges', () => {
  it('answerCorrectness compares the output with the targets; rows without targets get null', async () => {
    server = await createMockLlmServer({ answers: [{ when: {}, reply: '{"score": 4, "justification": "Nearly right."}' }] });
    const judge = answerCorrectness({ model: 'm', baseURL: server.baseURL });
    expect(judge.name).toBe('answer_correctness');
    const scores = await judge.scoreRows(testRows([{ output: 'Paris', targets: 'Paris, France' }, { output: 'Paris' }]), { concurrency: 2 });
    expect(scores).toEqual([{ values: { answer_correctness: 4 }, justification: 'Nearly right.' }, { values: { answer_correctness: null }, justification: 'no targets' }]);
    const prompt = bodies(server)[0]!.messages[1]!.content;
    expect(prompt).toContain(JUDGE_RUBRICS.answerCorrectness);
    expect(prompt).toContain('### Targets (the expected output)\nParis, France');
  });

  it('answerRelevance grades the output against the question', async () => {
    server = await createMockLlmServer({ answers: [{ when: { contains: 'How tall is' }, reply: '{"score": 2, "justification": "Off topic."}' }] });
    const judge = answerRelevance({ model: 'm', baseURL: server.baseURL, name: 'relevance' });
    const [score] = await judge.scoreRows(testRows([{ inputs: { question: 'How tall is Everest?' }, output: 'Mountains are nice.' }]), { concurrency: 1 });
    expect(score).toEqual({ values: { relevance: 2 }, justification: 'Off topic.' });
    expect(bodies(server)[0]!.messages[1]!.content).toContain(JUDGE_RUBRICS.answerRelevance);
  });

  it('faithfulness needs context: rows without it get null and "no context" without a call', async () => {
    server = await createMockLlmServer({ answers: [{ when: { contains: 'The Eiffel Tower is 330 m tall' }, reply: '{"score": 5, "justification": "Supported."}' }] });
    const judge = faithfulness({ model: 'm', baseURL: server.baseURL });
    const scores = await judge.scoreRows(
      testRows([
        { output: 'It is 330 m tall.', context: 'The Eiffel Tower is 330 m tall.' },
        { output: 'It is 330 m tall.' },
        { output: 'It is 330 m tall.', context: [] },
      ]),
      { concurrency: 2 },
    );
    expect(scores).toEqual([
      { values: { faithfulness: 5 }, justification: 'Supported.' },
      { values: { faithfulness: null }, justification: 'no context' },
      { values: { faithfulness: null }, justification: 'no context' },
    ]);
    expect(bodies(server)).toHaveLength(1);
  });

  it('share a client passed in', async () => {
    server = await createMockLlmServer({ answers: [{ when: {}, reply: '{"score": 3, "justification": "ok"}' }] });
    const client = createJudgeClient({ model: 'shared', baseURL: `${server.baseURL}/` });
    expect(client.url).toBe(`${server.baseURL}/chat/completions`);
    const [score] = await answerRelevance({ client }).scoreRows(testRows([{ inputs: { question: 'q' }, output: 'a' }]), { concurrency: 1 });
    expect(score!.values.answer_relevance).toBe(3);
    expect(bodies(server)[0]!.model).toBe('shared');
  });
});
