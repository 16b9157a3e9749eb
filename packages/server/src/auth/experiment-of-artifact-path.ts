import { NotFoundError, normalizeArtifactPath, type Store } from '@assay/core';

const PROXY_SCHEME = 'mlflow-artifacts:';
const RUN_ID_PATTERN = /^[0-9a-f]{32}$/u;

/** The folder an `mlflow-artifacts:/` URI names, relative to the artifact root; undefined for other URIs. */
function proxyFolderOf(uri: string): string | undefined {
  if (!uri.startsWith(PROXY_SCHEME)) return undefined;
  try {
    return normalizeArtifactPath(uri.slice(PROXY_SCHEME.length).replace(/^\/+/u, ''));
  } catch {
    return undefined;
  }
}

function isUnder(path: string, folder: string): boolean {
  return folder !== '' && (path === folder || path.startsWith(`${folder}/`));
}

async function orUndefinedWhenMissing<T>(lookup: Promise<T>): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof NotFoundError || (error as { code?: string }).code === 'RESOURCE_DOES_NOT_EXIST') return undefined;
    throw error;
  }
}

/**
 * The experiment an artifact-proxy path belongs to, for its permission:
 * the run's experiment for `<folder>/<run_id>/artifacts/...` when the run's
 * artifact URI is that folder, else the experiment `<id>` for `<id>/...`
 * when that is its artifact folder (MLflow's layout, traces included).
 * Undefined for paths outside every experiment's folder (only admins reach
 * those). Throws InvalidParameterError for traversal.
 */
export async function experimentOfArtifactPath(store: Store, path: string): Promise<string | undefined> {
  const normalized = normalizeArtifactPath(path);
  const segments = normalized.split('/');
  for (let index = 0; index + 1 < segments.length; index += 1) {
    const runId = segments[index]!;
    if (segments[index + 1] !== 'artifacts' || !RUN_ID_PATTERN.test(runId)) continue;
    const run = await orUndefinedWhenMissing(store.getRun({ runId }));
    const folder = run === undefined ? undefined : proxyFolderOf(run.info.artifactUri);
    if (run !== undefined && folder !== undefined && isUnder(normalized, folder)) return run.info.experimentId;
  }
  const first = segments[0]!;
  if (/^\d+$/u.test(first)) {
    const experiment = await orUndefinedWhenMissing(store.getExperiment({ experimentId: first }));
    if (experiment !== undefined && proxyFolderOf(experiment.artifactLocation) === first) return first;
  }
  return undefined;
}
