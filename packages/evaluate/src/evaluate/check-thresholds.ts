import { InvalidParameterError } from '@assay/core';
import type { ThresholdCheck } from './threshold-error.js';

/**
 * Bounds on one metric of an evaluation. Absolute bounds (`min`, `max`) and
 * bounds against a baseline evaluation: relative (`minRelativeToBaseline:
 * -0.02` = at most 2% below the baseline) or absolute deltas
 * (`minDeltaToBaseline: -0.5` = at most 0.5 below).
 */
export interface Threshold {
  /** The lowest value that passes. */
  min?: number;
  /** The highest value that passes. */
  max?: number;
  /** The lowest change relative to the baseline's value that passes (`-0.02`: at most 2% below). */
  minRelativeToBaseline?: number;
  /** The highest change relative to the baseline's value that passes. */
  maxRelativeToBaseline?: number;
  /** The lowest difference from the baseline's value that passes (`-0.5`: at most 0.5 below). */
  minDeltaToBaseline?: number;
  /** The highest difference from the baseline's value that passes. */
  maxDeltaToBaseline?: number;
}

/** Thresholds by metric key: a column (`rougeL`, its corpus value or mean) or a statistic (`latency_p90`, `rougeL_min`). */
export type Thresholds = Record<string, Threshold>;

const BOUND_NAMES = ['min', 'max', 'minRelativeToBaseline', 'maxRelativeToBaseline', 'minDeltaToBaseline', 'maxDeltaToBaseline'] as const;

function percent(value: number): string {
  return `${value >= 0 ? '+' : '-'} ${Math.abs(value * 100).toFixed(Number.isInteger(value * 100) ? 0 : 2)}%`;
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : '-'} ${Math.abs(value)}`;
}

/** Checks the shape of a thresholds object; errors say which key is wrong and what is allowed. */
export function validateThresholds(thresholds: unknown): Thresholds {
  if (thresholds === undefined) return {};
  if (typeof thresholds !== 'object' || thresholds === null || Array.isArray(thresholds)) {
    throw new InvalidParameterError('thresholds must be an object such as { rougeL: { min: 0.4 }, latency_p90: { max: 2000 } }.');
  }
  for (const [metric, threshold] of Object.entries(thresholds)) {
    if (typeof threshold !== 'object' || threshold === null) {
      throw new InvalidParameterError(`thresholds.${metric} must be an object with ${BOUND_NAMES.join(', ')}.`);
    }
    const entries = Object.entries(threshold);
    if (entries.length === 0) throw new InvalidParameterError(`thresholds.${metric} has no bound; give at least one of ${BOUND_NAMES.join(', ')}.`);
    for (const [bound, value] of entries) {
      if (!(BOUND_NAMES as readonly string[]).includes(bound)) {
        throw new InvalidParameterError(`thresholds.${metric}.${bound} is not a known bound; use ${BOUND_NAMES.join(', ')}.`);
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InvalidParameterError(`thresholds.${metric}.${bound} must be a finite number, got ${JSON.stringify(value)}.`);
      }
    }
  }
  return thresholds as Thresholds;
}

/** True when some threshold compares with a baseline. */
export function needsBaseline(thresholds: Thresholds): boolean {
  return Object.values(thresholds).some((threshold) => Object.keys(threshold).some((bound) => bound.includes('Baseline')));
}

/** Every bound of every threshold, checked against `metrics` (and `baseline`'s metrics for relative bounds). */
export function checkThresholds(
  metrics: Readonly<Record<string, number>>,
  thresholds: Thresholds,
  baseline?: Readonly<Record<string, number>>,
): ThresholdCheck[] {
  const checks: ThresholdCheck[] = [];
  for (const [metric, threshold] of Object.entries(thresholds)) {
    const value = metrics[metric];
    const base = baseline?.[metric];
    const add = (bound: string, passes: (value: number) => boolean, withBaseline: boolean): void => {
      const usable = value !== undefined && (!withBaseline || base !== undefined);
      checks.push({
        metric,
        value,
        bound,
        ...(withBaseline && base !== undefined ? { baseline: base } : {}),
        passed: usable && passes(value),
      });
    };
    if (threshold.min !== undefined) add(`>= ${threshold.min}`, (v) => v >= threshold.min!, false);
    if (threshold.max !== undefined) add(`<= ${threshold.max}`, (v) => v <= threshold.max!, false);
    const relative = (v: number): number => (v - base!) / (base === 0 ? 1 : Math.abs(base!));
    if (threshold.minRelativeToBaseline !== undefined) {
      add(`>= baseline ${percent(threshold.minRelativeToBaseline)}`, (v) => relative(v) >= threshold.minRelativeToBaseline! - 1e-12, true);
    }
    if (threshold.maxRelativeToBaseline !== undefined) {
      add(`<= baseline ${percent(threshold.maxRelativeToBaseline)}`, (v) => relative(v) <= threshold.maxRelativeToBaseline! + 1e-12, true);
    }
    if (threshold.minDeltaToBaseline !== undefined) {
      add(`>= baseline ${signed(threshold.minDeltaToBaseline)}`, (v) => v - base! >= threshold.minDeltaToBaseline! - 1e-12, true);
    }
    if (threshold.maxDeltaToBaseline !== undefined) {
      add(`<= baseline ${signed(threshold.maxDeltaToBaseline)}`, (v) => v - base! <= threshold.maxDeltaToBaseline! + 1e-12, true);
    }
  }
  return checks;
}
