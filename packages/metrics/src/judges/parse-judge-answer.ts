/** A judge's answer: usable (a score on the scale and a justification) or not, and why. */
export type ParsedJudgeAnswer = { ok: true; score: number; justification: string } | { ok: false; problem: string };

const FENCED = /```[a-zA-Z]*\s*([\s\S]*?)```/g;

function candidates(text: string): string[] {
  const found = [text.trim()];
  for (const [, inner] of text.matchAll(FENCED)) found.push(inner!.trim());
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first !== -1 && last > first) found.push(text.slice(first, last + 1));
  return found;
}

function field(object: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : object[key];
}

/**
 * Reads `{"score": <number>, "justification": "<text>"}` from a judge's
 * answer: the whole answer, JSON inside a code fence, or the outermost
 * `{...}` inside other text. Keys are case-insensitive, a numeric string
 * score is accepted, a missing justification becomes ''. The score must be
 * within `scale`.
 */
export function parseJudgeAnswer(text: string, scale: { min: number; max: number }): ParsedJudgeAnswer {
  let object: Record<string, unknown> | undefined;
  for (const candidate of candidates(text)) {
    try {
      const parsed: unknown = JSON.parse(candidate);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        object = parsed as Record<string, unknown>;
        break;
      }
    } catch {
      // Try the next candidate.
    }
  }
  if (object === undefined) return { ok: false, problem: text.trim() === '' ? 'the answer was empty' : 'the answer holds no JSON object' };
  const rawScore = field(object, 'score');
  const score = typeof rawScore === 'string' && rawScore.trim() !== '' ? Number(rawScore) : rawScore;
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    return { ok: false, problem: rawScore === undefined ? 'the JSON object has no "score"' : `the score ${JSON.stringify(rawScore)} is not a number` };
  }
  if (score < scale.min || score > scale.max) return { ok: false, problem: `the score ${score} is outside the scale ${scale.min}-${scale.max}` };
  const rawJustification = field(object, 'justification');
  const justification = typeof rawJustification === 'string' ? rawJustification : rawJustification === undefined ? '' : JSON.stringify(rawJustification);
  return { ok: true, score, justification };
}
