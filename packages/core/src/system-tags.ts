/**
 * Tag keys Assay sets on runs. They are MLflow's own keys where one exists,
 * so MLflow tools read them, and `assay.*` otherwise.
 */
export const SYSTEM_TAGS = {
  runName: 'mlflow.runName',
  parentRunId: 'mlflow.parentRunId',
  user: 'mlflow.user',
  sourceName: 'mlflow.source.name',
  sourceType: 'mlflow.source.type',
  gitCommit: 'mlflow.source.git.commit',
  gitBranch: 'mlflow.source.git.branch',
  gitRepoUrl: 'mlflow.source.git.repoURL',
  note: 'mlflow.note.content',
  nodeVersion: 'assay.node.version',
  loggedArtifacts: 'mlflow.loggedArtifacts',
  /** `true` on a run that `evaluate()` created. */
  evaluation: 'assay.evaluation',
  /** On an evaluation's run: the dataset evaluated, as `name@version`. */
  evaluationDataset: 'assay.evaluation.dataset',
  /** On an evaluation's run with thresholds: `passed` or `failed`. */
  evaluationThresholds: 'assay.evaluation.thresholds',
  /** On an evaluation's run where metrics failed on rows: per metric, its error count and first error (one line each). */
  evaluationMetricErrors: 'assay.evaluation.metric_errors',
  /** The host name of the process that started the run. */
  processHost: 'assay.process.host',
  /** The id of the process that started the run. */
  processPid: 'assay.process.pid',
  /**
   * When the process that started the run started (milliseconds since the
   * epoch): with the pid, it tells that process from a later one that got its pid.
   */
  processStart: 'assay.process.start',
  /**
   * On a run Assay ended as KILLED because its process was gone while the
   * run was still RUNNING: when that was found (milliseconds since the epoch).
   */
  processGone: 'assay.process.gone',
} as const;
