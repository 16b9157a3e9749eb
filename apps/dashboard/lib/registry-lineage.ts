import { api, ApiError } from './assay-api';
import type { MlflowMetric, MlflowRun } from './mlflow-types';
import type { MlflowModelVersion } from './registry-types';

/** The run a version was registered from, what the page says of it. */
export interface VersionLineage {
  version: string;
  runId: string | undefined;
  /** Undefined when the run is gone or unreadable (`missing` says which). */
  run: MlflowRun | undefined;
  missing: string | undefined;
  /** Whether the run is an evaluation (it logged the `evaluation.rows` param): it then has a page under /evaluations. */
  isEvaluation: boolean;
  /** The run's headline metrics (an evaluation's aggregates without their _min/_max/_p50… companions), at most eight. */
  headlineMetrics: MlflowMetric[];
}

const MAX_HEADLINE_METRICS = 8;

// An evaluation logs `rougeL` with `rougeL_mean`, `_min`, `_max`, `_p50`, `_p90`, `_std` and `_errors`: the bare one is the headline.
const COMPANION_SUFFIX = /_(?:mean|min|max|std|p\d+|errors)$/;

/** The headline figures of a run, by name: its metrics but the per-row statistics' companions. */
export function headlineMetricsOf(metrics: MlflowMetric[] | undefined): MlflowMetric[] {
  const sorted = [...(metrics ?? [])].sort((left, right) => left.key.localeCompare(right.key));
  const headline = sorted.filter((metric) => !COMPANION_SUFFIX.test(metric.key));
  return (headline.length > 0 ? headline : sorted).slice(0, MAX_HEADLINE_METRICS);
}

/** Each version's source run (one API call per distinct run), for the lineage table. */
export async function lineageOf(versions: MlflowModelVersion[]): Promise<Map<string, VersionLineage>> {
  const runs = new Map<string, Promise<{ run?: MlflowRun; missing?: string }>>();
  for (const version of versions) {
    const runId = version.run_id;
    if (runId === undefined || runId === '' || runs.has(runId)) continue;
    runs.set(
      runId,
      api<{ run: MlflowRun }>('/api/2.0/mlflow/runs/get', { query: { run_id: runId } }).then(
        ({ run }) => ({ run }),
        (error: unknown) => {
          if (error instanceof ApiError) return { missing: error.status === 403 ? 'not readable by you' : error.status === 404 ? 'deleted' : error.message };
          throw error;
        },
      ),
    );
  }
  const result = new Map<string, VersionLineage>();
  for (const version of versions) {
    const runId = version.run_id !== undefined && version.run_id !== '' ? version.run_id : undefined;
    const found = runId === undefined ? {} : await runs.get(runId)!;
    const run = found.run;
    result.set(version.version, {
      version: version.version,
      runId,
      run,
      missing: found.missing,
      isEvaluation: (run?.data.params ?? []).some((param) => param.key === 'evaluation.rows'),
      headlineMetrics: headlineMetricsOf(run?.data.metrics),
    });
  }
  return result;
}
