import type { EvaluationRow } from '../metric/evaluation-row.js';
import type { JudgeMessage } from './create-judge-client.js';
import type { JudgeExample } from './judge-example.js';

/** What the prompt is built from. */
export interface JudgePromptParts {
  /** What to grade and how (the rubric). */
  instructions: string;
  /** The score range. */
  scale: { min: number; max: number };
  /** Graded examples. */
  examples: readonly JudgeExample[];
}

/** The system message of every judge. */
export const JUDGE_SYSTEM_MESSAGE =
  'You are an impartial, careful evaluator of the outputs of AI systems. You grade one example at a time, strictly by the given instructions and scale, and you answer with a single JSON object only.';

function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.map((item, index) => `[${index + 1}] ${item}`).join('\n');
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function section(title: string, value: unknown): string {
  return `### ${title}\n${asText(value)}`;
}

function describeExample(fields: { inputs?: unknown; output: unknown; targets?: unknown; context?: unknown }): string[] {
  const parts: string[] = [];
  if (!isBlank(fields.inputs)) parts.push(section('Inputs', fields.inputs));
  parts.push(section('Output', fields.output ?? ''));
  if (!isBlank(fields.targets)) parts.push(section('Targets (the expected output)', fields.targets));
  if (!isBlank(fields.context)) parts.push(section('Context (retrieved for the model)', fields.context));
  return parts;
}

/** The format sentence, also repeated when an answer has to be corrected. */
export function judgeAnswerFormat(scale: { min: number; max: number }): string {
  const kind = Number.isInteger(scale.min) && Number.isInteger(scale.max) ? 'an integer' : 'a number';
  return `a JSON object {"score": <${kind} from ${scale.min} to ${scale.max}>, "justification": "<a short explanation of the score>"}`;
}

/** The messages that ask a judge to grade `row`. */
export function buildJudgePrompt(parts: JudgePromptParts, row: EvaluationRow): JudgeMessage[] {
  const { instructions, scale, examples } = parts;
  const blocks = [
    `## Task\n${instructions.trim()}`,
    `## Scale\nScores go from ${scale.min} to ${scale.max}, as the task describes.`,
  ];
  if (examples.length > 0) {
    blocks.push(
      `## Graded examples\n${examples
        .map((example, index) =>
          [`### Example ${index + 1}`, ...describeExample(example), `### Answer\n${JSON.stringify({ score: example.score, justification: example.justification })}`].join('\n\n'),
        )
        .join('\n\n')}`,
    );
  }
  blocks.push(`## Example to grade\n${describeExample(row).join('\n\n')}`);
  blocks.push(`## Answer format\nAnswer with only ${judgeAnswerFormat(scale)} and nothing else.`);
  return [
    { role: 'system', content: JUDGE_SYSTEM_MESSAGE },
    { role: 'user', content: blocks.join('\n\n') },
  ];
}
