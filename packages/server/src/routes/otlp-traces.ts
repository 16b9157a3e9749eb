import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { DEFAULT_EXPERIMENT_ID, InvalidParameterError, rejectsOtherExperimentTraces, type LogSpansResult } from '@assay/core';
import { guardHandler } from '../auth/guard-handler.js';
import { createExperimentForSpans, requireActiveExperiment } from '../experiments/experiment-by-name.js';
import { requestAccess } from '../auth/request-access.js';
import type { RouteAccess } from '../auth/route-access.js';
import { decodeOtlpJson } from '../otlp/decode-otlp-json.js';
import { decodeOtlpProtobuf } from '../otlp/decode-otlp-protobuf.js';
import { exportTraceServiceResponse, otlpStatusResponse } from '../otlp/encode-otlp-response.js';
import { otlpEncodingOf, type OtlpEncoding } from '../otlp/otlp-encoding.js';
import type { OtlpExperimentCache } from '../otlp/otlp-experiment-cache.js';
import { OtlpRequestError } from '../otlp/otlp-request-error.js';
import { OtlpSpanBatch } from '../otlp/otlp-span-batch.js';
import { readOtlpBody } from '../otlp/read-otlp-body.js';
import { exportTraceServiceRequestJson, exportTraceServiceResponseJson, otlpStatusJson } from '../schemas/otlp-traces.js';
import type { ServerContext } from '../server-context.js';
import { OTLP_TRACES_PATH } from './api-paths.js';
import { createRouter } from './create-router.js';
import { accessDocumentation } from './define-route.js';

/** The header naming the experiment by id (MLflow's OTLP endpoint reads the same). */
export const OTLP_EXPERIMENT_ID_HEADER = 'x-mlflow-experiment-id';

/** The header naming the experiment by name; it is created when missing. */
export const OTLP_EXPERIMENT_NAME_HEADER = 'x-assay-experiment';

const TAG = 'OTLP';

/** Where a request's spans go, found before its access is checked. */
interface OtlpTarget {
  encoding: OtlpEncoding;
  /** The experiment, when it exists. */
  experimentId?: string;
  /** The name of the experiment to create (the name header named none that exists). */
  create?: string;
}

/**
 * EDIT on the experiment the spans go to. A named experiment that does not
 * exist yet needs no grant (no id to check): creating one is open to any
 * signed-in user, as MLflow's experiments/create, who then manages it.
 */
const ACCESS: RouteAccess<{ experiment_id?: string }> = {
  resource: 'experiment',
  permission: 'EDIT',
  idFrom: (input) => (input.experiment_id === undefined ? [] : input.experiment_id),
};

const TARGET_KEY = 'assay.otlpTarget';

function targetOf(context: Context): OtlpTarget {
  return context.get(TARGET_KEY as never) as OtlpTarget;
}

const binary = z.string().openapi({ format: 'binary' });
const statusContent = {
  'application/x-protobuf': { schema: binary.openapi({ description: 'google.rpc.Status, protobuf' }) },
  'application/json': { schema: otlpStatusJson },
};
const failure = (description: string) => ({ description, content: statusContent });

const documentedRoute = createRoute({
  method: 'post',
  path: OTLP_TRACES_PATH,
  summary: "OTLP/HTTP trace ingest: any OpenTelemetry exporter's spans (protobuf or JSON, gzip or not) stored as Assay traces",
  description:
    'The body is an `ExportTraceServiceRequest`, as `application/x-protobuf` or in OTLP\'s JSON mapping (`application/json`), optionally with ' +
    '`Content-Encoding: gzip`. The spans go to the experiment named by `x-mlflow-experiment-id` (an id) or `x-assay-experiment` (a name, created ' +
    'when missing: any signed-in user may create experiments), else to the Default experiment; the caller needs EDIT on it. ' +
    "Attributes of the OTel GenAI conventions (`gen_ai.*`), OpenInference and MLflow give each span its type, inputs, outputs, model and token usage; " +
    "the resource's attributes (`service.name` ...) become the trace's metadata. Answers are OTLP's, in the request's encoding: " +
    '`ExportTraceServiceResponse` (200, with `partialSuccess` when some spans were invalid: the others are stored), or a `google.rpc.Status` ' +
    'for a failure. A 200 means the stored spans are durable.',
  tags: [TAG],
  ...accessDocumentation(ACCESS as RouteAccess<never>),
  request: {
    headers: z.object({
      [OTLP_EXPERIMENT_ID_HEADER]: z.string().optional().openapi({ description: 'The experiment, by id', example: '1' }),
      [OTLP_EXPERIMENT_NAME_HEADER]: z.string().optional().openapi({ description: 'The experiment, by name; created when missing', example: 'checkout-bot' }),
      'content-encoding': z.enum(['gzip', 'identity']).optional(),
    }),
    body: {
      required: true,
      content: {
        'application/x-protobuf': { schema: binary.openapi({ description: 'ExportTraceServiceRequest, protobuf' }) },
        'application/json': { schema: exportTraceServiceRequestJson },
      },
    },
  },
  responses: {
    200: {
      description: 'Stored (durably); `partialSuccess` counts and explains rejected spans',
      content: {
        'application/x-protobuf': { schema: binary.openapi({ description: 'ExportTraceServiceResponse, protobuf' }) },
        'application/json': { schema: exportTraceServiceResponseJson },
      },
    },
    400: failure('The body is not an ExportTraceServiceRequest (or not gzip), or the experiment is deleted'),
    401: failure('Not signed in (auth on)'),
    403: failure('No EDIT on the experiment (auth on)'),
    404: failure('No experiment with that id'),
    413: failure('The body, or what it decompresses to, exceeds the limit'),
    415: failure('A Content-Type other than application/x-protobuf or application/json, or a Content-Encoding other than gzip'),
    500: failure('Unexpected error; the details are in the server log'),
  },
});

/** The experiment a request's headers name, or the name to create; NotFoundError for an unknown id. */
async function resolveExperiment(experiments: OtlpExperimentCache, context: Context): Promise<Pick<OtlpTarget, 'experimentId' | 'create'>> {
  const id = context.req.header(OTLP_EXPERIMENT_ID_HEADER)?.trim();
  const name = context.req.header(OTLP_EXPERIMENT_NAME_HEADER)?.trim();
  if (id && name) throw new InvalidParameterError(`Send ${OTLP_EXPERIMENT_ID_HEADER} or ${OTLP_EXPERIMENT_NAME_HEADER}, not both.`);
  if (id) return { experimentId: requireActiveExperiment(await experiments.getExperiment(id)) };
  if (name) {
    const experiment = await experiments.getExperimentByName(name);
    return experiment === undefined ? { create: name } : { experimentId: requireActiveExperiment(experiment) };
  }
  return { experimentId: DEFAULT_EXPERIMENT_ID };
}

/** Why a trace's spans are rejected: it belongs to another experiment. */
function otherExperimentReasons(traces: Iterable<[traceId: string, other: string]>, experimentId: string): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const [traceId, other] of traces) {
    reasons.set(traceId, `a span of trace ${traceId}: the trace belongs to experiment '${other}', not '${experimentId}', and cannot move`);
  }
  return reasons;
}

/** The options of the OTLP route. */
export interface OtlpTracesOptions {
  /** Largest body, in bytes, on the wire and once decompressed. */
  maxOtlpBodyBytes: number;
}

/**
 * OTLP/HTTP trace ingest (`POST /v1/traces`): an OpenTelemetry exporter's
 * spans, decoded straight into packed span rows (no `Span` objects) and
 * written with one Store.logSpans. Invalid spans are rejected one by one
 * (OTLP's partial success); a trace already stored in another experiment
 * keeps its spans out of this one.
 */
export function createOtlpTracesRouter({ store, mlflowTraces, otlpExperiments }: ServerContext, { maxOtlpBodyBytes }: OtlpTracesOptions): OpenAPIHono {
  const router = createRouter();
  router.openAPIRegistry.registerPath(documentedRoute);

  // Before the access check: the content type (nothing to resolve for a body that cannot be read) and the experiment.
  const resolveTarget: MiddlewareHandler = async (c, next) => {
    const encoding = otlpEncodingOf(c.req.header('content-type'));
    if (encoding === undefined) {
      const given = c.req.header('content-type') ?? '';
      return otlpStatusResponse('json', 415, `Content-Type '${given.slice(0, 80)}' is not OTLP: send application/x-protobuf or application/json.`);
    }
    const target: OtlpTarget = { encoding, ...(await resolveExperiment(otlpExperiments, c)) };
    c.set(TARGET_KEY as never, target as never);
    await next();
  };

  /** The experiment's id, creating the named one (its creator manages it); if someone else just created it, the caller needs EDIT on it. */
  const experimentOf = (c: Context, target: OtlpTarget): Promise<string> =>
    target.experimentId !== undefined ? Promise.resolve(target.experimentId) : createExperimentForSpans(store, requestAccess(c), target.create!);

  router.post(
    OTLP_TRACES_PATH,
    resolveTarget,
    guardHandler(ACCESS, (c) => ({ experiment_id: targetOf(c).experimentId }), async (c) => {
      const target = targetOf(c);
      const batch = new OtlpSpanBatch();
      try {
        const body = await readOtlpBody(c.req.raw, { maxBytes: maxOtlpBodyBytes });
        if (target.encoding === 'protobuf') decodeOtlpProtobuf(body, batch);
        else decodeOtlpJson(new TextDecoder().decode(body), batch);
      } catch (error) {
        if (error instanceof OtlpRequestError) return otlpStatusResponse(target.encoding, error.status, error.message);
        throw error;
      }
      if (batch.packed > 0 && rejectsOtherExperimentTraces(store)) {
        // The store leaves out spans of traces stored under another experiment, checked in its write's
        // transaction (so concurrent batches cannot slip past it) and answered with the write: no look-up
        // first, which would wait behind the store's writes. Traces only announced (an MLflow trace info
        // waiting for its spans) are the bridge's to know.
        const experimentId = await experimentOf(c, target);
        batch.dropTraces(otherExperimentReasons(mlflowTraces.announcedElsewhere({ experimentId, traceIds: batch.traceIds() }), experimentId));
        const rows = batch.rows();
        if (rows.count > 0) {
          // Durable when it resolves, as below; a spooled write is checked when it is applied (its spans left out
          // then are kept in the `rejected_writes` table), so it answers with none rejected.
          let result: LogSpansResult;
          try {
            result = await store.logSpans({ experimentId, packed: rows, otherExperimentTraces: 'reject' });
          } catch (error) {
            otlpExperiments.forget();
            throw error;
          }
          batch.dropTraces(otherExperimentReasons(result.rejectedTraces.map((trace): [string, string] => [trace.traceId, trace.experimentId]), experimentId));
        }
      } else if (batch.packed > 0) {
        // A store without that check (the HTTP client): the traces are looked up and claimed first.
        const experimentId = await experimentOf(c, target);
        const traceIds = batch.traceIds();
        // The batch's new traces are claimed for this experiment before the write: a trace cannot move.
        const outside = await mlflowTraces.claimTraces({ experimentId, traceIds });
        batch.dropTraces(otherExperimentReasons(outside, experimentId));
        const rows = batch.rows();
        if (rows.count > 0) {
          // The answer waits for this: Store.logSpans resolves once the spans are durable. A LocalStore
          // acknowledges a write once its transaction is committed, or once it is appended to the store's
          // spool and fsync'd (while another process holds the database, or the file is damaged; the next
          // holder applies it: hence the experiment checks above, which a spooled write skips until then);
          // DuckDbStore once committed. So a 200 is never sent for spans a crash could lose.
          const claimed = [...traceIds].filter((traceId) => !outside.has(traceId));
          try {
            await mlflowTraces.writeClaimed(claimed, async () => {
              await store.logSpans({ experimentId, packed: rows });
            });
          } catch (error) {
            // E.g. the experiment was deleted outside this server: the next batch reads it again.
            otlpExperiments.forget();
            throw error;
          }
        }
      }
      const errorMessage = batch.errorMessage();
      return exportTraceServiceResponse(target.encoding, errorMessage === undefined ? undefined : { rejectedSpans: batch.rejected, errorMessage });
    }),
  );
  return router;
}
