import type { MlflowRun } from './mlflow-types';
import { tagsOf } from './mlflow-types';

/** A column the user can add to the runs table: `metrics.<key>`, `params.<key>` or `tags.<key>`. */
export type RunValueColumn = `${'metrics' | 'params' | 'tags'}.${string}`;

// Tag keys of core's SYSTEM_TAGS, repeated here: the dashboard may import only types from @assay/core.
/** The tag MLflow puts on a child run, naming its parent. */
export const PARENT_RUN_TAG = 'mlflow.parentRunId';
/** The tag holding the user who started a run. */
export const USER_TAG = 'mlflow.user';
/** The tag holding a run's description. */
export const NOTE_TAG = 'mlflow.note.content';
/** `true` on a run that `evaluate()` created. */
export const EVALUATION_TAG = 'assay.evaluation';

/**
 * The runs table's page size, for the server's first page and the browser's later ones: small pages keep
 * the first render cheap (the server sends fewer runs) and each later page's work short (no long task).
 */
export const RUNS_PAGE_SIZE = 100;

/** Columns shown when the URL names none: the first few metrics and params present. */
export function defaultColumns({ metricKeys, paramKeys }: { metricKeys: string[]; paramKeys: string[] }): RunValueColumn[] {
  return [...metricKeys.slice(0, 3).map((key) => `metrics.${key}` as const), ...paramKeys.slice(0, 3).map((key) => `params.${key}` as const)];
}

/** `columns=metrics.a,params.b` from the URL; keys may contain commas, so each is URI-encoded in the list. */
export function parseColumns(value: string | undefined | null): RunValueColumn[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === '') return [];
  return value
    .split(',')
    .map((part) => decodeURIComponent(part))
    .filter((column): column is RunValueColumn => /^(metrics|params|tags)\..+/.test(column));
}

/** The inverse of {@link parseColumns}. */
export function formatColumns(columns: readonly RunValueColumn[]): string {
  return columns.map((column) => encodeURIComponent(column)).join(',');
}

/** The metric, param and tag keys of some runs. */
export interface RunKeys {
  metricKeys: string[];
  paramKeys: string[];
  tagKeys: string[];
}

/** The sorted metric, param and tag keys present in some runs (system tags left out of the picker's defaults but listed), with those of `known`. */
export function keysOf(runs: readonly MlflowRun[], known?: RunKeys): RunKeys {
  const metrics = new Set<string>(known?.metricKeys);
  const params = new Set<string>(known?.paramKeys);
  const tags = new Set<string>(known?.tagKeys);
  for (const run of runs) {
    for (const metric of run.data.metrics ?? []) metrics.add(metric.key);
    for (const param of run.data.params ?? []) params.add(param.key);
    for (const tag of run.data.tags ?? []) tags.add(tag.key);
  }
  const sorted = (set: Set<string>) => [...set].sort((a, b) => a.localeCompare(b));
  return { metricKeys: sorted(metrics), paramKeys: sorted(params), tagKeys: sorted(tags) };
}

/** A run's value for a picked column (the latest metric value; a param or tag as text). */
export function runValue(run: MlflowRun, column: RunValueColumn): number | string | undefined {
  const dot = column.indexOf('.');
  const kind = column.slice(0, dot);
  const key = column.slice(dot + 1);
  if (kind === 'metrics') return run.data.metrics?.find((metric) => metric.key === key)?.value;
  if (kind === 'params') return run.data.params?.find((param) => param.key === key)?.value;
  return tagsOf(run.data.tags)[key];
}

/** Who started the run: the `mlflow.user` tag, else the run's user id. */
export function runUser(run: MlflowRun): string | undefined {
  return tagsOf(run.data.tags)[USER_TAG] ?? run.info.user_id;
}

/** A run's parent, from the `mlflow.parentRunId` tag. */
export function parentRunId(run: MlflowRun): string | undefined {
  return tagsOf(run.data.tags)[PARENT_RUN_TAG];
}

/** An `order_by` clause the table can sort by: a picked column or one of the fixed ones. */
export function orderByColumn(column: string): string {
  if (column === 'start_time' || column === 'end_time' || column === 'run_name' || column === 'status') return `attributes.${column}`;
  // Keys with characters outside identifiers need backquotes in MLflow's grammar.
  const dot = column.indexOf('.');
  const key = column.slice(dot + 1);
  return /^[A-Za-z_][\w.]*$/.test(key) ? column : `${column.slice(0, dot)}.\`${key.replace(/`/g, '')}\``;
}

/** `metrics.accuracy DESC` → `{ column: 'metrics.accuracy', descending: true }`. */
export function parseOrder(order: string | undefined): { clause: string; descending: boolean } | undefined {
  const match = /^(.+?)\s+(ASC|DESC)$/i.exec(order?.trim() ?? '');
  if (!match) return undefined;
  return { clause: match[1]!, descending: match[2]!.toUpperCase() === 'DESC' };
}

/** The run colour palette's CSS variable for the n-th run (defined in globals.css, for both themes). */
export function seriesColorVariable(index: number): string {
  return `--series-${(index % 8) + 1}`;
}
