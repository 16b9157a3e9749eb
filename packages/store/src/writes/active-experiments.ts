import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import { readPrepared } from '../duckdb/prepared-statements.js';

const SELECT_ACTIVE_ONE = "SELECT experiment_id FROM experiments WHERE lifecycle_stage = 'active' AND experiment_id = $1";
const SELECT_ACTIVE_MANY = "SELECT experiment_id FROM experiments WHERE lifecycle_stage = 'active' AND experiment_id IN (SELECT unnest($1))";

/**
 * Per connection, the experiments it has seen active. Every write checks
 * that its experiments are active; the query cost a transaction ~1 ms (a
 * round trip through DuckDB's threads), paid again on every commit of a
 * steady stream of spans into the same experiment.
 *
 * Remembering is safe because nothing else can make an experiment inactive
 * while this connection is open:
 * - DuckDB lets one process open the file at a time, so another process can
 *   delete an experiment only after this one has closed the file (a
 *   DatabaseLease closes its DuckDbStore when it releases the lease); the
 *   next holder opens a new connection, which starts with nothing known.
 * - Through this connection, experiments become inactive only in
 *   deleteExperiment, which forgets the experiment.
 * - A rolled-back transaction may have read state it then discarded (e.g.
 *   a restore that did not commit): the store forgets everything then.
 * Only "active" is remembered: an unknown or deleted experiment is looked up
 * again on every write, so a restore or a create is seen at once.
 */
const knownActive = new WeakMap<DuckDBConnection, Set<string>>();

/** Those of `experimentIds` that are active, reading only the ones this connection has not seen active before. */
export async function activeExperimentsOf(connection: DuckDBConnection, experimentIds: ReadonlySet<string>): Promise<Set<string>> {
  let known = knownActive.get(connection);
  if (known === undefined) knownActive.set(connection, (known = new Set()));
  const active = new Set<string>();
  const unknown: string[] = [];
  for (const experimentId of experimentIds) {
    if (known.has(experimentId)) active.add(experimentId);
    else unknown.push(experimentId);
  }
  if (unknown.length === 0) return active;
  const result =
    unknown.length === 1
      ? await readPrepared(connection, SELECT_ACTIVE_ONE, [unknown[0]!])
      : await readPrepared(connection, SELECT_ACTIVE_MANY, [listValue(unknown)]);
  for (const [experimentId] of result.getRows()) {
    active.add(String(experimentId));
    known.add(String(experimentId));
  }
  return active;
}

/** Forgets that an experiment was active (it is being deleted), or, without an id, every experiment (after a rollback). */
export function forgetActiveExperiments(connection: DuckDBConnection, experimentId?: string): void {
  if (experimentId === undefined) knownActive.delete(connection);
  else knownActive.get(connection)?.delete(experimentId);
}
