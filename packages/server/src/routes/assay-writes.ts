import type { z, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  AssayError,
  canWriteSequenced,
  errorMessage,
  validateWriteSequenced,
  type Run,
  type RunInfo,
  type SequencedWrite,
  type SequencedWriteResult,
  type Store,
} from '@assay/core';
import type { RequestAccess } from '../auth/request-access.js';
import { requestAccess } from '../auth/request-access.js';
import { fromAssayEvaluationRow } from '../convert/to-assay-json.js';
import { toMlflowRun, toMlflowRunInfo } from '../convert/to-mlflow-run.js';
import { toMlflowError } from '../errors/mlflow-error.js';
import { findOrCreateExperimentForSpans } from '../experiments/experiment-by-name.js';
import { requestLogEntry } from '../middleware/request-log.js';
import { assayWritesBody, assayWritesResponse, type assayWriteJson, type assayWriteResultJson } from '../schemas/assay-writes.js';
import type { ServerContext } from '../server-context.js';
import { ASSAY_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonPostRoute } from './define-route.js';

type WriteJson = z.infer<typeof assayWriteJson>;
type WriteResultJson = z.infer<typeof assayWriteResultJson>;

const writes = jsonPostRoute({
  path: `${ASSAY_API_PREFIX}/writes`,
  summary:
    "Apply a client's writes (runs, metrics, params, tags, spans as packed rows, evaluation rows) in order, each exactly once: a write whose sequence " +
    "number the server has applied for the writer before is acknowledged again without being applied (a retry, a replayed spool). Each write needs " +
    "EDIT on its experiment (on its run's, for writes to a run); one refused write does not refuse the others: each has its own result",
  tag: 'Assay writes',
  body: assayWritesBody,
  response: assayWritesResponse,
  // Checked per write by the handler, so that one refused write answers alone.
  access: 'authenticated',
});

/** A write as the Store's method takes it. */
function toStoreWrite(write: WriteJson): SequencedWrite {
  const { sequence } = write;
  switch (write.type) {
    case 'create_run':
      return {
        sequence,
        method: 'createRun',
        input: {
          experimentId: write.experiment_id,
          runId: write.run_id,
          ...(write.run_name !== undefined ? { runName: write.run_name } : {}),
          ...(write.start_time !== undefined ? { startTime: write.start_time } : {}),
          ...(write.user_id !== undefined ? { userId: write.user_id } : {}),
          ...(write.parent_run_id !== undefined ? { parentRunId: write.parent_run_id } : {}),
          ...(write.tags !== undefined ? { tags: write.tags } : {}),
        },
      };
    case 'update_run':
      return {
        sequence,
        method: 'updateRun',
        input: {
          runId: write.run_id,
          ...(write.status !== undefined ? { status: write.status } : {}),
          ...(write.end_time !== undefined ? { endTime: write.end_time } : {}),
          ...(write.run_name !== undefined ? { runName: write.run_name } : {}),
        },
      };
    case 'log_batch':
      return { sequence, method: 'logBatch', input: { runId: write.run_id, metrics: write.metrics ?? [], params: write.params ?? [], tags: write.tags ?? [] } };
    case 'delete_tag':
      return { sequence, method: 'deleteTag', input: { runId: write.run_id, key: write.key } };
    case 'log_spans':
      return { sequence, method: 'logSpans', input: { experimentId: write.experiment_id, packed: write.packed } };
    case 'log_evaluation_rows':
      return { sequence, method: 'logEvaluationRows', input: { runId: write.run_id, rows: write.rows.map(fromAssayEvaluationRow) } };
  }
}

/** The run a write names, if it writes to one (not createRun). */
function runOf(write: SequencedWrite): string | undefined {
  return write.method === 'createRun' || write.method === 'logSpans' ? undefined : write.input.runId;
}

/**
 * Checks that the request may make one write: EDIT on the experiment it
 * names, or on its run's. A run created earlier in the same request (not
 * stored yet) is its create_run's experiment's; a run that exists is always
 * its own experiment's.
 */
async function checkWrite(access: RequestAccess, write: SequencedWrite, createdHere: ReadonlyMap<string, string>): Promise<void> {
  const runId = runOf(write);
  if (runId === undefined) {
    const experimentId = write.method === 'createRun' || write.method === 'logSpans' ? write.input.experimentId : '';
    await access.check({ resource: 'experiment', permission: 'EDIT', idFrom: () => experimentId }, undefined);
    return;
  }
  try {
    await access.check({ resource: 'run', permission: 'EDIT', idFrom: () => runId }, undefined);
  } catch (error) {
    const experimentId = createdHere.get(runId);
    if (experimentId === undefined || !(AssayError.isInstance(error) && error.code === 'RESOURCE_DOES_NOT_EXIST')) throw error;
    await access.check({ resource: 'experiment', permission: 'EDIT', idFrom: () => experimentId }, undefined);
  }
}

/**
 * The experiment of spans sent by name (a client spooled them at exit
 * before it knew the id), found or created once per request and name.
 */
function experimentIdsByName(store: Store, access: RequestAccess): (name: string) => Promise<string> {
  const ids = new Map<string, Promise<string>>();
  return (name) => {
    let id = ids.get(name);
    if (id === undefined) ids.set(name, (id = findOrCreateExperimentForSpans(store, access, name)));
    return id;
  };
}

/** Each write through its Store method, one after the other (a store that cannot apply writes exactly once: each is applied each time it is sent). */
async function writeOneByOne(store: Store, sequenced: readonly SequencedWrite[]): Promise<SequencedWriteResult[]> {
  const results: SequencedWriteResult[] = [];
  for (const write of sequenced) {
    try {
      let value: Run | RunInfo | undefined;
      switch (write.method) {
        case 'createRun':
          value = await store.createRun(write.input);
          break;
        case 'updateRun':
          value = await store.updateRun(write.input);
          break;
        case 'logBatch':
          await store.logBatch(write.input);
          break;
        case 'deleteTag':
          await store.deleteTag(write.input);
          break;
        case 'logSpans':
          await store.logSpans(write.input);
          break;
        case 'logEvaluationRows':
          await store.logEvaluationRows(write.input);
          break;
      }
      results.push({ status: 'fulfilled', value });
    } catch (reason) {
      results.push({ status: 'rejected', reason });
    }
  }
  return results;
}

/** Assay's writes route (`POST /api/assay/v1/writes`): what the SDK's HttpStore sends, and spools while the server cannot be reached. */
export function createAssayWritesRouter({ store, log }: ServerContext): OpenAPIHono {
  const router = createRouter();

  const refused = (c: Context, sequence: number, reason: unknown): WriteResultJson => {
    const { body, unexpected } = toMlflowError(reason);
    if (unexpected) {
      const stack = reason instanceof Error ? reason.stack : undefined;
      log(requestLogEntry(c, { level: 'error', message: 'unexpected error in a write', error: errorMessage(reason), ...(stack !== undefined ? { stack } : {}) }));
    }
    return { sequence, error: body };
  };

  router.openapi(writes, async (c) => {
    const body = c.req.valid('json');
    const sequenced = body.writes.map(toStoreWrite);
    validateWriteSequenced({ writer: body.writer, writes: sequenced });
    const access = requestAccess(c);
    const allowed: SequencedWrite[] = [];
    const results = new Map<number, WriteResultJson>();
    const createdHere = new Map<string, string>();
    const experimentIdOf = experimentIdsByName(store, access);
    for (const [index, json] of body.writes.entries()) {
      let write = sequenced[index]!;
      try {
        if (json.type === 'log_spans' && json.experiment_name !== undefined && write.method === 'logSpans') {
          write = { ...write, input: { ...write.input, experimentId: await experimentIdOf(json.experiment_name) } };
        }
        await checkWrite(access, write, createdHere);
        allowed.push(write);
        if (write.method === 'createRun' && write.input.runId !== undefined) createdHere.set(write.input.runId, write.input.experimentId);
      } catch (error) {
        results.set(write.sequence, refused(c, write.sequence, error));
      }
    }
    const outcomes = canWriteSequenced(store) ? await store.writeSequenced({ writer: body.writer, writes: allowed }) : await writeOneByOne(store, allowed);
    allowed.forEach((write, index) => {
      const outcome = outcomes[index]!;
      if (outcome.status === 'rejected') {
        results.set(write.sequence, refused(c, write.sequence, outcome.reason));
      } else if (write.method === 'createRun') {
        results.set(write.sequence, { sequence: write.sequence, run: toMlflowRun(outcome.value as Run) });
      } else if (write.method === 'updateRun') {
        const info = outcome.value as RunInfo;
        results.set(write.sequence, { sequence: write.sequence, run_info: toMlflowRunInfo(info), ...(info.parentRunId !== undefined ? { parent_run_id: info.parentRunId } : {}) });
      } else {
        results.set(write.sequence, { sequence: write.sequence });
      }
    });
    return c.json({ results: sequenced.map((write) => results.get(write.sequence)!) }, 200);
  });

  return router;
}
