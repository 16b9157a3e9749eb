import type { MlflowRun } from './mlflow-types';

/** A comparable quantity: one param or latest metric across runs. */
export interface CompareKey {
  kind: 'param' | 'metric';
  key: string;
  /** `params.model`, `metrics.accuracy`: how the URL and the selects name it. */
  id: string;
  /** One value per run, in run order (undefined where a run has none). */
  values: Array<string | number | undefined>;
  /** Whether the runs disagree (a missing value differs from a present one). */
  differs: boolean;
  /** Whether every present value is a number (params as numbers when they parse as such). */
  numeric: boolean;
}

/** Every param and metric key of the runs, params first, each sorted by key. */
export function compareKeys(runs: readonly MlflowRun[]): CompareKey[] {
  const paramKeys = [...new Set(runs.flatMap((run) => (run.data.params ?? []).map((param) => param.key)))].sort((a, b) => a.localeCompare(b));
  const metricKeys = [...new Set(runs.flatMap((run) => (run.data.metrics ?? []).map((metric) => metric.key)))].sort((a, b) => a.localeCompare(b));
  const build = (kind: 'param' | 'metric', key: string): CompareKey => {
    const values =
      kind === 'param'
        ? runs.map((run) => run.data.params?.find((param) => param.key === key)?.value)
        : runs.map((run) => run.data.metrics?.find((metric) => metric.key === key)?.value);
    const distinct = new Set(values.map((value) => (value === undefined ? '\u0000missing' : String(value))));
    const present = values.filter((value) => value !== undefined);
    const numeric = present.length > 0 && present.every((value) => typeof value === 'number' || (value.trim() !== '' && Number.isFinite(Number(value))));
    return { kind, key, id: `${kind === 'param' ? 'params' : 'metrics'}.${key}`, values, differs: distinct.size > 1, numeric };
  };
  return [...paramKeys.map((key) => build('param', key)), ...metricKeys.map((key) => build('metric', key))];
}

/** A value's position on an axis from 0 to 1: numbers scaled between min and max, text spread evenly in sorted order. */
export function axisScale(key: CompareKey): { position(value: string | number | undefined): number | undefined; ticks: Array<{ at: number; label: string }> } {
  const present = key.values.filter((value): value is string | number => value !== undefined);
  if (key.numeric) {
    const numbers = present.map(Number);
    const minimum = Math.min(...numbers);
    const maximum = Math.max(...numbers);
    const span = maximum - minimum;
    const position = (value: string | number | undefined) => (value === undefined ? undefined : span === 0 ? 0.5 : (Number(value) - minimum) / span);
    return { position, ticks: span === 0 ? [{ at: 0.5, label: String(minimum) }] : [{ at: 0, label: String(Number(minimum.toPrecision(4))) }, { at: 1, label: String(Number(maximum.toPrecision(4))) }] };
  }
  const categories = [...new Set(present.map(String))].sort((a, b) => a.localeCompare(b));
  const at = (index: number) => (categories.length === 1 ? 0.5 : index / (categories.length - 1));
  return {
    position: (value) => (value === undefined ? undefined : at(categories.indexOf(String(value)))),
    ticks: categories.map((label, index) => ({ at: at(index), label })),
  };
}
