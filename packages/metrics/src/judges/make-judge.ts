import { errorMessage, InvalidParameterError, mapWithConcurrency } from '@assay/core';
import { validateMetricName } from '../metric/validate-metric-name.js';
import { validateMetricRequirements } from '../metric/validate-metric-requirements.js';
import type { EvaluationRow } from '../metric/evaluation-row.js';
import type { Metric, MetricContext, MetricRequirement, RowScore } from '../metric/metric.js';
import { buildJudgePrompt, judgeAnswerFormat } from './build-judge-prompt.js';
import { createJudgeClient } from './create-judge-client.js';
import type { JudgeClient, JudgeClientOptions, JudgeMessage } from './create-judge-client.js';
import type { JudgeExample } from './judge-example.js';
import { parseJudgeAnswer } from './parse-judge-answer.js';

/** A row field a judge needs; rows without it get null and the justification `no <field>`. */
export type JudgeRequirement = MetricRequirement;

/** The connection options shared by every judge: a model and where to reach it, or a ready client. */
export interface JudgeConnectionOptions extends Partial<JudgeClientOptions> {
  /** A client to use instead of creating one from the other options (then `model` is not needed). */
  client?: JudgeClient;
}

/** Options of `makeJudge`. */
export interface MakeJudgeOptions extends JudgeConnectionOptions {
  /** The metric's name, snake_case like MLflow's (`answer_correctness`). */
  name: string;
  /** What to grade and how: the rubric, ideally with what each score means. */
  instructions: string;
  /** The score range. Default 1-5. */
  scale?: { min: number; max: number };
  /** Graded examples shown to the judge. */
  examples?: readonly JudgeExample[];
  /** Default true. */
  greaterIsBetter?: boolean;
  /** Fields a row must have to be graded. Default none. */
  requires?: readonly JudgeRequirement[];
  /** How many more times to ask after an off-format or out-of-scale answer. Default 2. */
  formatRetries?: number;
}

const QUOTE_LIMIT = 300;

function quote(text: string): string {
  const shown = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}… (${text.length} characters)` : text;
  return JSON.stringify(shown);
}

function isMissing(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

function validateScale(scale: unknown, caller: string): { min: number; max: number } {
  const { min, max } = (scale ?? {}) as { min?: unknown; max?: unknown };
  if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max) || min >= max) {
    throw new InvalidParameterError(`${caller}: scale must be { min, max } with finite numbers and min < max, got ${JSON.stringify(scale)}.`);
  }
  return { min, max };
}

/**
 * An LLM-as-judge metric (MLflow's `make_genai_metric`): for each row the
 * judge model gets the instructions, the scale, the examples and the row's
 * inputs, output, targets and context, and answers
 * `{"score": <number>, "justification": "<text>"}` (JSON mode). Answers in
 * code fences or with text around are read too; an off-format or
 * out-of-scale answer is sent back with a correction up to `formatRetries`
 * times, then recorded as the row's error, quoting what the judge said.
 * Rows are graded `context.concurrency` at a time; rows whose model call
 * failed are skipped.
 *
 * @example
 * const conciseness = makeJudge({
 *   name: 'conciseness',
 *   instructions: 'Score how concise the output is: 5 = no filler at all, 1 = mostly filler.',
 *   model: 'gpt-4.1-mini',
 * });
 */
export function makeJudge(options: MakeJudgeOptions): Metric {
  const name = validateMetricName(options?.name);
  const caller = `makeJudge '${name}'`;
  if (typeof options.instructions !== 'string' || options.instructions.trim() === '') throw new InvalidParameterError(`${caller}: instructions are required.`);
  const scale = validateScale(options.scale ?? { min: 1, max: 5 }, caller);
  const examples = options.examples ?? [];
  if (!Array.isArray(examples)) throw new InvalidParameterError(`${caller}: examples must be a list.`);
  examples.forEach((example, index) => {
    if (typeof example?.score !== 'number' || example.score < scale.min || example.score > scale.max) {
      throw new InvalidParameterError(`${caller}: examples[${index}].score must be a number from ${scale.min} to ${scale.max}.`);
    }
  });
  const requires = validateMetricRequirements(options.requires, caller);
  const formatRetries = options.formatRetries ?? 2;
  if (!Number.isInteger(formatRetries) || formatRetries < 0) throw new InvalidParameterError(`${caller}: formatRetries must be a whole number (0 or more).`);
  if (options.greaterIsBetter !== undefined && typeof options.greaterIsBetter !== 'boolean') throw new InvalidParameterError(`${caller}: greaterIsBetter must be true or false.`);
  const client = options.client ?? createJudgeClient(connectionOptions(options, caller));
  const format = judgeAnswerFormat(scale);

  async function grade(row: EvaluationRow, signal: AbortSignal | undefined): Promise<RowScore> {
    const missing = requires.find((requirement) => isMissing(row[requirement]));
    if (missing !== undefined) return { values: { [name]: null }, justification: `no ${missing}` };
    const messages: JudgeMessage[] = buildJudgePrompt({ instructions: options.instructions, scale, examples }, row);
    let answer = '';
    let problem = '';
    for (let attempt = 0; attempt <= formatRetries; attempt += 1) {
      try {
        answer = await client.complete({ messages, ...(signal ? { signal } : {}) });
      } catch (error) {
        return { values: { [name]: null }, error: `judge ${name}: ${errorMessage(error)}` };
      }
      const parsed = parseJudgeAnswer(answer, scale);
      if (parsed.ok) return { values: { [name]: parsed.score }, justification: parsed.justification };
      problem = parsed.problem;
      messages.push(
        { role: 'assistant', content: answer },
        { role: 'user', content: `Your answer could not be used: ${problem}. Answer again with only ${format} and nothing else.` },
      );
    }
    const attempts = formatRetries + 1;
    return {
      values: { [name]: null },
      error: `judge ${name}: expected ${format}, but after ${attempts} attempt${attempts === 1 ? '' : 's'} the judge (${client.model}) answered ${quote(answer)} (${problem}).`,
    };
  }

  return {
    name,
    greaterIsBetter: options.greaterIsBetter ?? true,
    columns: [name],
    ...(requires.length > 0 ? { requires } : {}),
    judge: { model: client.model },
    scoreRows(rows: readonly EvaluationRow[], context: MetricContext): Promise<RowScore[]> {
      return mapWithConcurrency<EvaluationRow, RowScore>({
        items: rows,
        concurrency: context.concurrency,
        work: (row) => (row.error !== undefined ? Promise.resolve({ values: { [name]: null } }) : grade(row, context.signal)),
        signal: context.signal,
        onAborted: () => ({ values: { [name]: null }, error: `judge ${name}: the evaluation was cancelled` }),
      });
    },
  };
}

function connectionOptions(options: JudgeConnectionOptions, caller: string): JudgeClientOptions {
  if (typeof options.model !== 'string' || options.model === '') {
    throw new InvalidParameterError(`${caller}: model is required (e.g. 'gpt-4.1-mini'), or pass a client from createJudgeClient().`);
  }
  const { client: _client, ...rest } = options;
  return { ...rest, model: options.model };
}
