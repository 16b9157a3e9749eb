import { InvalidParameterError } from '@assay/core';
import { createAiSdkTelemetry, type AiSdkTelemetrySettings, type AssayTelemetryOptions } from '../ai-sdk/assay-telemetry.js';
import type { AutologTarget } from '../autolog/autolog-settings.js';
import { wrapOpenAIClient } from '../autolog/openai/instrument-openai.js';
import type { ExportStats, SpanExportQueueOptions } from '../export/span-export-queue.js';
import type { TraceDestination } from '../export/span-exporter.js';
import type { AssaySpan } from '../tracing/assay-span.js';
import { traceFunction, type TraceOptions } from '../tracing/trace-function.js';
import { TracingRuntime } from '../tracing/tracing-runtime.js';
import { withSpan, type WithSpanOptions } from '../tracing/with-span.js';
import { resolveEdgeConnection, type EdgeConnectionOptions } from './edge-config.js';
import { createOtlpHttpExporter } from './otlp-http-exporter.js';

/** Options of `createEdgeAssay`: where spans go (default: the environment), what is recorded, and the export queue's. */
export interface EdgeAssayOptions extends EdgeConnectionOptions, SpanExportQueueOptions {
  /** Record prompt and completion text of wrapped clients; false keeps shapes, models and usage only. Default true. */
  captureContent?: boolean;
  /** The fraction of wrapped clients' calls traced, 0 to 1. Default 1. */
  sampleRate?: number;
  /** The app's name, sent as the OTLP resource's `service.name` (an Assay server keeps it as trace metadata). */
  serviceName?: string;
  /** The `fetch` spans are sent with; default the global one. */
  fetch?: typeof fetch;
}

/**
 * Assay for Edge and serverless runtimes (`@assay/sdk/edge`): tracing only,
 * sent to an Assay server over OTLP/HTTP with `fetch`. Nothing on its path
 * imports a Node module or DuckDB, so it runs in Next.js `runtime = 'edge'`
 * routes, Vercel Edge Functions and Cloudflare Workers.
 */
export interface EdgeAssay {
  /** Traces the calls of this OpenAI client (chat completions, responses, embeddings; plain and streamed) and returns it. */
  wrapOpenAI<T extends object>(client: T): T;
  /** Wraps a function so that each call is a span. */
  trace<F extends (...args: never[]) => unknown>(fn: F, options?: TraceOptions): F;
  /** Runs `callback` inside a new span, current for what it calls (and awaits, where the runtime has AsyncLocalStorage). */
  withSpan<T>(options: string | WithSpanOptions, callback: (span: AssaySpan) => T): T;
  /** The AI SDK's `experimental_telemetry` settings recording into this instance. */
  aiSdkTelemetry(options?: AssayTelemetryOptions): AiSdkTelemetrySettings;
  /**
   * Sends every span finished so far and resolves when the server has them
   * (never rejects; failures are printed). Edge functions stop when the
   * response is sent: hand this to the platform's hook for work after it,
   * `after(() => assay.flush())` in Next.js, `ctx.waitUntil(assay.flush())`
   * in workers (after the response's stream has ended).
   */
  flush(): Promise<void>;
  /** Spans sent, dropped, given up and queued so far. */
  getExportStats(): ExportStats;
}

function validateSampleRate(sampleRate: number | undefined): number {
  if (sampleRate === undefined) return 1;
  if (typeof sampleRate !== 'number' || !(sampleRate >= 0 && sampleRate <= 1)) {
    throw new InvalidParameterError(`sampleRate must be a number from 0 to 1, got ${String(sampleRate)}.`);
  }
  return sampleRate;
}

/**
 * An Assay instance for an Edge or serverless function. Options left out are
 * read from the environment when the first trace starts
 * (`ASSAY_TRACKING_URI`, `ASSAY_TRACKING_TOKEN`, `ASSAY_EXPERIMENT_NAME` or
 * `ASSAY_EXPERIMENT_ID`), so it can be made at module scope, where a build
 * has no environment. Throws InvalidParameterError for invalid options
 * given here; a missing or invalid environment is reported on stderr when
 * spans are exported, and never fails the app's calls.
 *
 * @example
 * export const runtime = 'edge';
 * const assay = createEdgeAssay({ experimentName: 'chat' });
 * const openai = assay.wrapOpenAI(new OpenAI());
 * export async function POST(request: Request) {
 *   after(() => assay.flush());
 *   ...
 * }
 */
export function createEdgeAssay(options: EdgeAssayOptions = {}): EdgeAssay {
  const { captureContent = true, sampleRate, serviceName, fetch, trackingUri, token, experimentName, experimentId, headers, env, ...queueOptions } = options;
  const target: AutologTarget = { captureContent, sampleRate: validateSampleRate(sampleRate), tracing: () => tracing };
  const connection = { trackingUri, token, experimentName, experimentId, headers, env };
  // A URI given here is checked at once; the environment's when spans are first exported (a build has none).
  if (trackingUri !== undefined) resolveEdgeConnection(connection);
  let destination: Promise<TraceDestination> | undefined;
  const resolveDestination = (): Promise<TraceDestination> =>
    (destination ??= new Promise<TraceDestination>((resolve) => {
      const { url, headers: requestHeaders } = resolveEdgeConnection(connection);
      const exporter = createOtlpHttpExporter({ url, headers: requestHeaders, ...(fetch ? { fetch } : {}), ...(serviceName ? { resource: { 'service.name': serviceName } } : {}) });
      // The experiment is named by the exporter's headers; the id here only groups the queue's batches.
      resolve({ exporter, experimentId: requestHeaders['x-mlflow-experiment-id'] ?? requestHeaders['x-assay-experiment'] ?? '0' });
    }).catch((error: unknown) => {
      // Asked again for the next trace: the environment may be fixed by then.
      destination = undefined;
      throw error;
    }));
  const tracing = new TracingRuntime({ ...queueOptions, resolveDestination }, () => {});
  return {
    wrapOpenAI: (client) => wrapOpenAIClient(client, () => target),
    trace: (fn, traceOptions) => traceFunction(() => tracing, fn, traceOptions),
    withSpan: (spanOptions, callback) => withSpan(tracing, spanOptions, callback),
    aiSdkTelemetry: (telemetryOptions) => createAiSdkTelemetry(() => tracing, telemetryOptions),
    flush: () => tracing.flush(),
    getExportStats: () => tracing.getExportStats(),
  };
}
