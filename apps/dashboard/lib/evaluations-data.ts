import { quoteFilterValue } from './filter-grammar';
import { api, ApiError } from '@/lib/assay-api';
import { tagsOf, type MlflowExperiment, type MlflowRun } from '@/lib/mlflow-types';
import type { EvaluationRow } from '@/lib/evaluations-types';

/** The param every run logged by evaluate() has (its row count): what makes a run an evaluation. */
export const EVALUATION_ROWS_FILTER = "params.`evaluation.rows` LIKE '%'";

/** One evaluation run as the pages show it. */
export interface EvaluationSummary {
  runId: string;
  runName: string;
  experimentId: string;
  startTime: number | undefined;
  dataset: string | undefined;
  datasetVersion: string | undefined;
  model: string | undefined;
  /** The run's `model_version` tag, e.g. `models:/support-bot/2`, split. */
  modelVersion: { name: string; version: string } | undefined;
  rows: number | undefined;
  failedRows: number | undefined;
  /** Aggregate values logged to the run, by metric key. */
  metrics: Record<string, number>;
  /** Metric columns: the keys logged with a `_mean` sibling (one per scored column). */
  columns: string[];
  /** `passed` / `failed` from the `assay.evaluation.thresholds` tag, when thresholds were given. */
  verdict: string | undefined;
  /** The first errors of metrics that failed on some row (tag `assay.evaluation.metric_errors`). */
  metricErrors: string | undefined;
}

/** `models:/name/version` → its parts; anything else (an alias, a stage) → undefined. */
export function parseModelVersionUri(uri: string | undefined): { name: string; version: string } | undefined {
  const match = /^models:\/(.+)\/(\d+)$/.exec(uri ?? '');
  return match ? { name: match[1]!, version: match[2]! } : undefined;
}

export function summarizeEvaluation(run: MlflowRun): EvaluationSummary {
  const params = tagsOf(run.data.params);
  const tags = tagsOf(run.data.tags);
  const metrics: Record<string, number> = {};
  for (const metric of run.data.metrics ?? []) metrics[metric.key] = metric.value;
  const columns = Object.keys(metrics).filter((key) => `${key}_mean` in metrics);
  const number = (text: string | undefined) => (text === undefined || text === '' || !Number.isFinite(Number(text)) ? undefined : Number(text));
  return {
    runId: run.info.run_id,
    runName: run.info.run_name ?? tags['mlflow.runName'] ?? run.info.run_id,
    experimentId: run.info.experiment_id,
    startTime: run.info.start_time,
    dataset: params['evaluation.dataset'],
    datasetVersion: params['evaluation.dataset_version'],
    model: params['evaluation.model'],
    modelVersion: parseModelVersionUri(tags['model_version']),
    rows: metrics['rows'] ?? number(params['evaluation.rows']),
    failedRows: metrics['rows_failed'],
    metrics,
    columns,
    verdict: tags['assay.evaluation.thresholds'],
    metricErrors: tags['assay.evaluation.metric_errors'],
  };
}

export async function listExperiments(): Promise<MlflowExperiment[]> {
  const { experiments = [] } = await api<{ experiments?: MlflowExperiment[] }>('/api/2.0/mlflow/experiments/search', { body: { max_results: 1000 } });
  return experiments;
}

/** Evaluation runs of the given experiments, newest first (every page). */
export async function searchEvaluationRuns(experimentIds: readonly string[], extraFilter?: string): Promise<MlflowRun[]> {
  if (experimentIds.length === 0) return [];
  const runs: MlflowRun[] = [];
  let pageToken: string | undefined;
  do {
    const page = await api<{ runs?: MlflowRun[]; next_page_token?: string }>('/api/2.0/mlflow/runs/search', {
      body: {
        experiment_ids: experimentIds,
        filter: extraFilter ? `${EVALUATION_ROWS_FILTER} AND ${extraFilter}` : EVALUATION_ROWS_FILTER,
        order_by: ['attributes.start_time DESC'],
        max_results: 1000,
        ...(pageToken ? { page_token: pageToken } : {}),
      },
    });
    runs.push(...(page.runs ?? []));
    pageToken = page.next_page_token;
  } while (pageToken && runs.length < 10_000);
  return runs;
}

export async function getRun(runId: string): Promise<MlflowRun> {
  const { run } = await api<{ run: MlflowRun }>('/api/2.0/mlflow/runs/get', { query: { run_id: runId } });
  return run;
}

/** Every evaluation row of a run, in row order (pages of 50,000, the store's largest). */
export async function readEvaluationRows(runId: string): Promise<EvaluationRow[]> {
  const rows: EvaluationRow[] = [];
  let pageToken: string | undefined;
  do {
    const page = await api<{ rows: EvaluationRow[]; next_page_token?: string }>(`/api/assay/v1/runs/${encodeURIComponent(runId)}/evaluation-rows`, {
      query: { max_results: 50_000, page_token: pageToken },
    });
    rows.push(...page.rows);
    pageToken = page.next_page_token;
  } while (pageToken);
  return rows;
}

/** Which evaluation run stands for a registered model version, and how it was found. */
export interface ResolvedVersionRun {
  runId: string | undefined;
  how: string;
}

/**
 * The evaluation run of a model version: the version's own run when it is an
 * evaluation (of `dataset`, when given); else the newest evaluation run tagged
 * `model_version = models:/name/version` (on `dataset`, when given).
 */
export async function resolveVersionRun(options: { model: string; version: string; dataset?: string }): Promise<ResolvedVersionRun> {
  const { model, version, dataset } = options;
  let versionRunId: string | undefined;
  try {
    const { model_version } = await api<{ model_version: { run_id?: string } }>('/api/2.0/mlflow/model-versions/get', { query: { name: model, version } });
    versionRunId = model_version.run_id || undefined;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { runId: undefined, how: `${model} has no version ${version}.` };
    throw error;
  }
  if (versionRunId) {
    try {
      const summary = summarizeEvaluation(await getRun(versionRunId));
      if (summary.rows !== undefined && (dataset === undefined || summary.dataset === dataset)) return { runId: versionRunId, how: `the run of ${model} version ${version}` };
    } catch (error) {
      if (!(error instanceof ApiError && (error.status === 404 || error.status === 403))) throw error;
    }
  }
  const experiments = await listExperiments();
  const filter = `tags.model_version = ${quoteFilterValue(`models:/${model}/${version}`)}${dataset ? ` AND params.\`evaluation.dataset\` = ${quoteFilterValue(dataset)}` : ''}`;
  const [newest] = await searchEvaluationRuns(
    experiments.map((experiment) => experiment.experiment_id),
    filter,
  );
  return newest
    ? { runId: newest.info.run_id, how: `the newest evaluation run tagged model_version = models:/${model}/${version}${dataset ? ` on ${dataset}` : ''}` }
    : { runId: undefined, how: `No evaluation run of ${model} version ${version}${dataset ? ` on ${dataset}` : ''}.` };
}
