import type { EvaluationRow } from './metric/evaluation-row.js';

/**
 * A value as text for text metrics: strings as they are, numbers and booleans
 * through `String`, other values as JSON; null for `null`/`undefined`.
 */
export function valueAsText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return String(value);
  }
}

/** The row's output as text (null when there is none). */
export function rowOutputText(row: EvaluationRow): string | null {
  return valueAsText(row.output);
}

/**
 * The row's acceptable targets as texts: a string target is one, a list gives
 * one per element (null/undefined elements dropped). Empty when the row has none.
 */
export function rowTargetTexts(row: EvaluationRow): string[] {
  const { targets } = row;
  if (targets === null || targets === undefined) return [];
  const list: readonly unknown[] = Array.isArray(targets) ? targets : [targets];
  return list.map(valueAsText).filter((text): text is string => text !== null);
}
