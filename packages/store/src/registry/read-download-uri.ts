import type { DuckDBConnection } from '@duckdb/node-api';
import { NotFoundError } from '@assay/core';
import { readModelVersion } from './read-model-versions.js';

const RUNS_URI = /^runs:\/([^/]+)\/?(.*)$/u;

/**
 * Where a version's files are: a `runs:/<runId>/<path>` source resolves to
 * the run's artifact URI joined with the path (what MLflow's
 * get-download-uri answers); any other source is already a location.
 */
export async function readDownloadUri(connection: DuckDBConnection, { name, version }: { name: string; version: number }): Promise<string> {
  const { source } = await readModelVersion(connection, { name, version });
  const match = RUNS_URI.exec(source);
  if (!match) return source;
  const [, runId, path] = match as unknown as [string, string, string];
  const result = await connection.runAndReadAll('SELECT artifact_uri FROM runs WHERE run_id = $1', [runId]);
  const row = result.getRows()[0];
  if (!row) throw new NotFoundError(`Model version ${version} of '${name}' comes from run '${runId}' (source '${source}'), which is not in this store.`);
  const root = String(row[0]).replace(/\/+$/u, '');
  return path === '' ? root : `${root}/${path}`;
}
