import { describe, expect, it } from 'vitest';
import { fillJsonTemplate } from './fill-json-template.js';

describe('fillJsonTemplate', () => {
  it('fills the answer format LLM judges ask for with the top of the scale', () => {
    const prompt = [
      '## Graded examples',
      '### Answer',
      '{"score":2,"justification":"Partly right."}',
      '## Example to grade',
      '### Inputs',
      '{\n  "question": "What is {x}?"\n}',
      '## Answer format',
      'Answer with only a JSON object {"score": <an integer from 1 to 5>, "justification": "<a short explanation of the score>"} and nothing else.',
    ].join('\n');
    expect(fillJsonTemplate(prompt)).toEqual({ score: 5, justification: 'a short explanation of the score' });
  });

  it('reads ranges, booleans, alternatives and nested templates', () => {
    expect(fillJsonTemplate('Reply {"rating": <a number between 0 and 1>, "ok": <true or false>, "label": "<positive|negative>"}')).toEqual({
      rating: 1,
      ok: true,
      label: 'positive',
    });
    expect(fillJsonTemplate('{"grade": <0-10>, "detail": {"count": <a count>, "items": <a list of strings>, "why": <why>}}')).toEqual({
      grade: 10,
      detail: { count: 1, items: [], why: 'why' },
    });
  });

  it('ignores JSON without placeholders and text without a template', () => {
    expect(fillJsonTemplate('Summarise {"already": "json"} please')).toBeUndefined();
    expect(fillJsonTemplate('Answer in JSON, please.')).toBeUndefined();
    expect(fillJsonTemplate('a <b> c {unbalanced')).toBeUndefined();
  });
});
