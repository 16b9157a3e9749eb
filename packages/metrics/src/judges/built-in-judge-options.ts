import type { MakeJudgeOptions } from './make-judge.js';

/** Options of the built-in judges: a model (or client), and optionally another name, examples or retries. */
export type BuiltInJudgeOptions = Omit<MakeJudgeOptions, 'name' | 'instructions' | 'scale' | 'requires' | 'greaterIsBetter'> & {
  /** Default the MLflow name (`answer_correctness`, ...). */
  name?: string;
};
