import { describe, expect, it } from 'vitest';
import { parseJudgeAnswer } from './parse-judge-answer.js';

const scale = { min: 1, max: 5 };

describe('parseJudgeAnswer', () => {
  it('reads a plain JSON answer', () => {
    expect(parseJudgeAnswer('{"score": 4, "justification": "Mostly right."}', scale)).toEqual({ ok: true, score: 4, justification: 'Mostly right.' });
  });

  it('reads JSON in code fences or with text around it', () => {
    expect(parseJudgeAnswer('```json\n{"score": 5, "justification": "ok"}\n```', scale)).toEqual({ ok: true, score: 5, justification: 'ok' });
    expect(parseJudgeAnswer('Here is my grade: {"score": 2, "justification": "wrong city"} Hope it helps!', scale)).toEqual({
      ok: true,
      score: 2,
      justification: 'wrong city',
    });
  });

  it('accepts numeric strings, other key cases and a missing justification', () => {
    expect(parseJudgeAnswer('{"Score": "3"}', scale)).toEqual({ ok: true, score: 3, justification: '' });
    expect(parseJudgeAnswer('{"score": 1.5, "justification": {"why": "x"}}', scale)).toEqual({ ok: true, score: 1.5, justification: '{"why":"x"}' });
  });

  it('says what is wrong with an unusable answer', () => {
    expect(parseJudgeAnswer('', scale)).toEqual({ ok: false, problem: 'the answer was empty' });
    expect(parseJudgeAnswer('I would say four', scale)).toEqual({ ok: false, problem: 'the answer holds no JSON object' });
    expect(parseJudgeAnswer('{"answer": "good"}', scale)).toEqual({ ok: false, problem: 'the JSON object has no "score"' });
    expect(parseJudgeAnswer('{"score": "high"}', scale)).toEqual({ ok: false, problem: 'the score "high" is not a number' });
    expect(parseJudgeAnswer('{"score": 7, "justification": "great"}', scale)).toEqual({ ok: false, problem: 'the score 7 is outside the scale 1-5' });
    expect(parseJudgeAnswer('{"score": 0}', scale)).toEqual({ ok: false, problem: 'the score 0 is outside the scale 1-5' });
  });
});
