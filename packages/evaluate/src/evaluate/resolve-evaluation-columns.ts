import { InvalidParameterError } from '@assay/core';
import { CONTEXT_COLUMNS, findColumn, TARGET_COLUMNS } from './resolve-evaluation-data.js';

/** Options of `resolveEvaluationColumns`: the rows and the column options of `evaluate`. */
export interface ResolveEvaluationColumnsOptions {
  /** The data's rows; their keys are the columns. */
  rows: readonly Record<string, unknown>[];
  /** The targets column, if named. */
  targets?: string | undefined;
  /** The predictions column, if named. */
  predictions?: string | undefined;
  /** The context column, if named. */
  context?: string | undefined;
  /** The input columns, if named. */
  inputs?: readonly string[] | undefined;
}

/** The role of each column of an evaluation's rows. */
export interface EvaluationColumns {
  /** The expected outputs' column, named or found among the usual names. */
  targetColumn?: string;
  /** The retrieved contexts' column, named or found among the usual names. */
  contextColumn?: string;
  /** The columns given to the model. */
  inputColumns: readonly string[];
  /** Every column of the data (the keys of its first 100 rows), in order of appearance. */
  dataColumns: readonly string[];
}

/**
 * Which column plays which role. Named columns must exist (the error lists
 * the data's columns); unnamed targets and context are looked up by their
 * usual names; inputs default to every column except targets and predictions.
 */
export function resolveEvaluationColumns(options: ResolveEvaluationColumnsOptions): EvaluationColumns {
  const columns = new Set<string>();
  for (const row of options.rows.slice(0, 100)) for (const key of Object.keys(row)) columns.add(key);
  const requireColumn = (name: string | undefined, option: string): void => {
    if (name !== undefined && !columns.has(name)) {
      throw new InvalidParameterError(`evaluate() option ${option} names the column '${name}', which the data does not have. Columns: ${[...columns].join(', ')}.`);
    }
  };
  requireColumn(options.targets, 'targets');
  requireColumn(options.predictions, 'predictions');
  requireColumn(options.context, 'context');
  const targetColumn = options.targets ?? findColumn(columns, TARGET_COLUMNS);
  const contextColumn = options.context ?? findColumn(columns, CONTEXT_COLUMNS);
  const excluded = new Set([targetColumn, options.predictions].filter((column): column is string => column !== undefined));
  const inputColumns = options.inputs ?? [...columns].filter((column) => !excluded.has(column));
  for (const column of inputColumns) requireColumn(column, 'inputs');
  return {
    ...(targetColumn !== undefined ? { targetColumn } : {}),
    ...(contextColumn !== undefined ? { contextColumn } : {}),
    inputColumns,
    dataColumns: [...columns],
  };
}
