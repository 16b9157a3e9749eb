import { SYSTEM_TAGS, type WriteOperation } from '@assay/core';
import type { DuckDbStore } from '../duckdb-store.js';
import { currentProcessIdentity, isSameProcessRunning } from '../process-identity.js';
import { decodeSummary } from '../summary/run-summary.js';

/** Options of endRunsOfGoneProcesses. */
export interface EndRunsOfGoneProcessesOptions {
  /** The open database. */
  database: DuckDbStore;
  /** At most this many RUNNING runs are looked at (the oldest first); default 1,000. */
  limit?: number;
}

/** A RUNNING run of this host, with what it recorded of its process. */
interface Candidate {
  runId: string;
  startTime: number;
  tags: Record<string, string>;
  latestMetricTime: number;
}

function recordedStartTime(tags: Record<string, string>): number | undefined {
  const recorded = tags[SYSTEM_TAGS.processStart];
  return recorded === undefined || !/^\d+$/u.test(recorded) ? undefined : Number(recorded);
}

/**
 * Ends, as KILLED, the RUNNING runs whose process is gone: runs that
 * recorded a process of this host (the `assay.process.*` tags the SDK sets)
 * that no longer runs, or whose pid now belongs to a process that started
 * later. A run of another host, or without those tags, is left as it is:
 * its process cannot be checked from here. The end time is the run's last
 * sign of life (its latest metric point, else its start), and the
 * `assay.process.gone` tag says when it was found. Returns the runs ended.
 *
 * It reads the runs table once: LocalStore runs it once per store, when it
 * first opens the database (after the spool is ingested, so that a run its
 * process ended on the way out is not touched).
 */
export async function endRunsOfGoneProcesses({ database, limit = 1000 }: EndRunsOfGoneProcessesOptions): Promise<string[]> {
  const { host } = currentProcessIdentity();
  const candidates = await database.exclusive(async (connection) => {
    const result = await connection.runAndReadAll(
      `SELECT run_id, start_time, summary FROM runs
       WHERE status = 'RUNNING' AND lifecycle_stage = 'active' AND json_extract_string(summary, $1) = $2
       ORDER BY start_time LIMIT $3`,
      [`$.tags."${SYSTEM_TAGS.processHost}"`, host, limit],
    );
    return result.getRows().map(([runId, startTime, summary]): Candidate => {
      const decoded = decodeSummary(String(summary));
      const metricTimes = Object.values(decoded.metrics).map(([, , timestamp]) => timestamp);
      return { runId: String(runId), startTime: Number(startTime), tags: decoded.tags, latestMetricTime: Math.max(0, ...metricTimes) };
    });
  });
  const now = Date.now();
  const operations: WriteOperation[] = [];
  const ended: string[] = [];
  for (const { runId, startTime, tags, latestMetricTime } of candidates) {
    const pid = Number(tags[SYSTEM_TAGS.processPid]);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    if (isSameProcessRunning({ pid, startTime: recordedStartTime(tags) })) continue;
    ended.push(runId);
    operations.push(
      { op: 'updateRun', runId, status: 'KILLED', endTime: Math.max(startTime, latestMetricTime) },
      { op: 'logBatch', runId, metrics: [], params: [], tags: [{ key: SYSTEM_TAGS.processGone, value: String(now) }] },
    );
  }
  // The caller holds the database, so nothing changed these runs since the read; a rejected write would only be skipped.
  if (operations.length > 0) await database.applyWrites(operations, { onReject: () => undefined });
  return ended;
}
