import { z } from '@hono/zod-openapi';
import { evaluationRowJson } from './assay-entities.js';
import { runInfoJson, runJson } from './mlflow-entities.js';
import { double, errorBody, int64, keyValue, runStatus } from './mlflow-fields.js';

// The body of `POST /api/assay/v1/writes`: a client's writes of runs,
// metrics, params, tags, spans and evaluation rows, numbered per writer so
// that the server applies each once however often it is sent.

const sequence = z.number().int().positive().openapi({ description: "The write's number among its writer's writes; increasing" });
const tags = z.record(z.string(), z.string());

const createRunWrite = z
  .object({
    sequence,
    type: z.literal('create_run'),
    experiment_id: z.string(),
    run_id: z.string().openapi({ description: 'Chosen by the client (32 hex characters), so that the write can be sent again' }),
    run_name: z.string().optional(),
    start_time: int64.optional(),
    user_id: z.string().optional(),
    parent_run_id: z.string().optional(),
    tags: tags.optional(),
  })
  .openapi('AssayCreateRunWrite');

const updateRunWrite = z
  .object({ sequence, type: z.literal('update_run'), run_id: z.string(), status: runStatus.optional(), end_time: int64.optional(), run_name: z.string().optional() })
  .openapi('AssayUpdateRunWrite');

const logBatchWrite = z
  .object({
    sequence,
    type: z.literal('log_batch'),
    run_id: z.string(),
    metrics: z.array(z.object({ key: z.string(), value: double, timestamp: int64, step: int64 })).optional(),
    params: z.array(keyValue).optional(),
    tags: z.array(keyValue).optional(),
  })
  .openapi('AssayLogBatchWrite');

const deleteTagWrite = z.object({ sequence, type: z.literal('delete_tag'), run_id: z.string(), key: z.string() }).openapi('AssayDeleteTagWrite');

/** Spans as packed rows (see `PackedSpanRows` in @assay/core): one string, rows separated by U+001E, fields by U+001F. */
export const packedSpanRowsJson = z
  .object({
    format: z.literal(1),
    count: z.number().int().nonnegative(),
    rows: z.string().openapi({ description: 'The rows, separated by U+001E; fields separated by U+001F, in the order of PACKED_SPAN_FIELDS' }),
  })
  .openapi('AssayPackedSpanRows');

const logSpansWrite = z
  .object({
    sequence,
    type: z.literal('log_spans'),
    experiment_id: z.string().openapi({ description: "The experiment; '' when experiment_name names it" }),
    experiment_name: z.string().min(1).max(500).optional().openapi({
      description: 'The experiment by name, found or created (its creator manages it): spans a client spooled at exit before it knew the id',
    }),
    packed: packedSpanRowsJson,
  })
  .openapi('AssayLogSpansWrite');

const logEvaluationRowsWrite = z
  .object({ sequence, type: z.literal('log_evaluation_rows'), run_id: z.string(), rows: z.array(evaluationRowJson) })
  .openapi('AssayLogEvaluationRowsWrite');

/** One numbered write. */
export const assayWriteJson = z.discriminatedUnion('type', [createRunWrite, updateRunWrite, logBatchWrite, deleteTagWrite, logSpansWrite, logEvaluationRowsWrite]).openapi('AssayWrite');

/** The request: one writer's writes, in order. */
export const assayWritesBody = z
  .object({
    writer: z.string().min(1).max(200).openapi({ description: 'The writer: an id unique across processes and time (the SDK uses a random UUID per store)' }),
    writes: z.array(assayWriteJson),
  })
  .openapi('AssayWrites');

/** What became of one write: acknowledged (applied, or applied before), with what its Store method returns, or refused with an error. */
export const assayWriteResultJson = z
  .object({
    sequence: z.number().int(),
    run: runJson.optional().openapi({ description: 'create_run: the run' }),
    run_info: runInfoJson.optional().openapi({ description: "update_run: the run's info" }),
    parent_run_id: z.string().optional().openapi({ description: "update_run: the run's parent run, if it is nested (MLflow's run info has no field for it)" }),
    error: errorBody.optional().openapi({ description: 'The write was refused (and not applied): why, as an MLflow error' }),
  })
  .openapi('AssayWriteResult');

/** The answer: one result per write, in order. */
export const assayWritesResponse = z.object({ results: z.array(assayWriteResultJson) }).openapi('AssayWritesResult');
