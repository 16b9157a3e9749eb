import { AssayError } from '@assay/core';
import { formatTextTable } from './format-text-table.js';

/** One threshold check's outcome. */
export interface ThresholdCheck {
  /** The metric key, e.g. `rougeL` or `latency_p90`. */
  metric: string;
  /** Its value in this evaluation (undefined: the evaluation has no such metric). */
  value: number | undefined;
  /** The bound, e.g. `>= 0.4`, `<= 2000`, `>= baseline - 2%`. */
  bound: string;
  /** The baseline's value, for bounds relative to it. */
  baseline?: number;
  /** Whether the value meets the bound (false when the evaluation or the baseline lacks the metric). */
  passed: boolean;
}

function formatNumber(value: number | undefined): string {
  if (value === undefined) return '—';
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(2) : value.toPrecision(4);
}

/** The checks as a plain-text table (metric, value, bound, baseline, verdict). */
export function formatThresholdTable(checks: readonly ThresholdCheck[]): string {
  const header = ['metric', 'value', 'bound', 'baseline', 'result'];
  const rows = checks.map((check) => [
    check.metric,
    formatNumber(check.value),
    check.bound,
    check.baseline === undefined ? '' : formatNumber(check.baseline),
    check.passed ? 'ok' : 'FAILED',
  ]);
  return formatTextTable(header, rows);
}

/** Thrown when an evaluation misses one of its thresholds; the message is a table of every check. */
export class ThresholdError extends AssayError {
  /** Every check, passed and failed. */
  readonly checks: ThresholdCheck[];
  /** The run the evaluation logged to (its results are stored even though it failed). */
  readonly runId: string | undefined;

  constructor(checks: ThresholdCheck[], runId?: string) {
    const failed = checks.filter((check) => !check.passed);
    super(
      'THRESHOLD_FAILED',
      `${failed.length} of ${checks.length} evaluation ${checks.length === 1 ? 'threshold' : 'thresholds'} failed` +
        `${runId ? ` (run ${runId})` : ''}:\n\n${formatThresholdTable(checks)}\n`,
    );
    this.name = 'ThresholdError';
    this.checks = checks;
    this.runId = runId;
  }
}
