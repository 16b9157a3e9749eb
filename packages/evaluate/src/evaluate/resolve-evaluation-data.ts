import { InvalidParameterError, type DatasetInfo } from '@assay/core';
import { getStore } from '@assay/sdk';

/** A dataset as `evaluate()` reads it: its stored info and its rows. */
export interface DatasetLike {
  /** The stored dataset version. */
  info: DatasetInfo;
  /** Every row of it. */
  toArray(): Promise<Record<string, unknown>[]>;
}

/** The columns each role is looked up in, in order, when not named. */
export const TARGET_COLUMNS = ['expected', 'expected_answer', 'expected_output', 'target', 'targets', 'reference', 'references', 'reference_summary', 'ground_truth'] as const;
export const CONTEXT_COLUMNS = ['contexts', 'context', 'retrieved_contexts'] as const;

/** Rows plus where they came from. */
export interface EvaluationData {
  /** The rows to evaluate. */
  rows: Record<string, unknown>[];
  /** The stored dataset they came from, if any. */
  dataset?: DatasetInfo;
}

export function isDatasetLike(value: unknown): value is DatasetLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DatasetLike).toArray === 'function' &&
    typeof (value as DatasetLike).info === 'object'
  );
}

/** Checks that `rows` is a non-empty list of plain objects. */
export function validateRows(rows: unknown, where: string): Record<string, unknown>[] {
  if (!Array.isArray(rows)) throw new InvalidParameterError(`${where} must be a list of row objects, a dataset, or a dataset name.`);
  if (rows.length === 0) throw new InvalidParameterError(`${where} has no rows; give at least one row to evaluate.`);
  rows.forEach((row, index) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new InvalidParameterError(`${where}[${index}] must be an object of columns (e.g. { question: '...', expected: '...' }), got ${Array.isArray(row) ? 'an array' : JSON.stringify(row)}.`);
    }
  });
  return rows as Record<string, unknown>[];
}

/** The first of `candidates` present in the rows' columns. */
export function findColumn(columns: ReadonlySet<string>, candidates: readonly string[]): string | undefined {
  return candidates.find((column) => columns.has(column));
}

/** Options of `resolveEvaluationData`. */
export interface ResolveEvaluationDataOptions {
  /** A dataset, a stored dataset's name, or the rows themselves. */
  data: DatasetLike | string | Record<string, unknown>[];
  /** With `data` as a name: the version (default the latest). */
  datasetVersion?: number | undefined;
}

/** The rows to evaluate, read from the store when `data` names a dataset, and the dataset they came from. */
export async function resolveEvaluationData(options: ResolveEvaluationDataOptions): Promise<EvaluationData> {
  const { data } = options;
  if (typeof data === 'string') {
    const store = await getStore();
    const dataset = await store.getDataset({ name: data, ...(options.datasetVersion !== undefined ? { version: options.datasetVersion } : {}) });
    const rows: Record<string, unknown>[] = [];
    const pageSize = 10_000;
    for (let offset = 0; offset < dataset.rowCount; offset += pageSize) {
      rows.push(...(await store.readDatasetRows({ name: dataset.name, version: dataset.version, limit: pageSize, offset })));
    }
    return { rows: validateRows(rows, `dataset '${data}'`), dataset };
  }
  if (isDatasetLike(data)) return { rows: validateRows(await data.toArray(), `dataset '${data.info.name}'`), dataset: data.info };
  return { rows: validateRows(data, 'evaluate() option data') };
}
