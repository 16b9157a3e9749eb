import { InvalidParameterError } from '../errors/assay-error.js';

/** What a `runs:/<runId>/<path>` URI names: an artifact path in one run's artifacts. */
export interface RunsUri {
  runId: string;
  /** The path under the run's artifact root, without leading or trailing `/`; `''` for the root. */
  artifactPath: string;
}

/**
 * Reads a `runs:/<runId>/<path>` artifact URI (MLflow's); undefined for a URI
 * of another scheme, which names its location directly.
 * @throws InvalidParameterError for a `runs:` URI without a run id.
 */
export function parseRunsUri(uri: string): RunsUri | undefined {
  if (!uri.startsWith('runs:')) return undefined;
  const match = /^runs:\/([^/]+)(?:\/(.*))?$/u.exec(uri);
  if (!match) throw new InvalidParameterError(`Invalid runs URI '${uri}': write runs:/<runId>/<path>, e.g. 'runs:/0f3a.../model'.`);
  const [, runId, path] = match as unknown as [string, string, string | undefined];
  return { runId, artifactPath: (path ?? '').replace(/^\/+|\/+$/gu, '') };
}
