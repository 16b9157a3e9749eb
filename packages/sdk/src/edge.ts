// `@assay/sdk/edge`: tracing for Edge and serverless runtimes (Next.js
// `runtime = 'edge'` routes, Vercel Edge Functions, Cloudflare Workers),
// sent to an Assay server over OTLP/HTTP with `fetch`. Nothing imported from
// here loads a Node module or DuckDB. The functions below use one instance
// configured from the environment (ASSAY_TRACKING_URI ...); `createEdgeAssay`
// makes others.
import type { AiSdkTelemetrySettings, AssayTelemetryOptions } from './ai-sdk/assay-telemetry.js';
import { createEdgeAssay, type EdgeAssay } from './edge/edge-assay.js';
import type { AssaySpan } from './tracing/assay-span.js';
import type { TraceOptions } from './tracing/trace-function.js';
import type { WithSpanOptions } from './tracing/with-span.js';

export { createEdgeAssay } from './edge/edge-assay.js';
export type { EdgeAssay, EdgeAssayOptions } from './edge/edge-assay.js';
export { createOtlpHttpExporter } from './edge/otlp-http-exporter.js';
export type { OtlpHttpExporterOptions } from './edge/otlp-http-exporter.js';
export type { AiSdkTelemetrySettings, AssayTelemetryOptions } from './ai-sdk/assay-telemetry.js';
export type { AssaySpan } from './tracing/assay-span.js';
export type { TraceOptions } from './tracing/trace-function.js';
export type { WithSpanOptions } from './tracing/with-span.js';
export type { ExportStats } from './export/span-export-queue.js';

let defaultEdgeAssay: EdgeAssay | undefined;

/** The instance the functions below use, made on first use from the environment. */
export function edgeAssay(): EdgeAssay {
  return (defaultEdgeAssay ??= createEdgeAssay());
}

/**
 * Traces the calls of this OpenAI client and returns it.
 *
 * @example
 * const openai = wrapOpenAI(new OpenAI());
 */
export function wrapOpenAI<T extends object>(client: T): T {
  return edgeAssay().wrapOpenAI(client);
}

/** Wraps a function so that each call is a span. */
export function trace<F extends (...args: never[]) => unknown>(fn: F, options?: TraceOptions): F {
  return edgeAssay().trace(fn, options);
}

/** Runs `callback` inside a new span. */
export function withSpan<T>(options: string | WithSpanOptions, callback: (span: AssaySpan) => T): T {
  return edgeAssay().withSpan(options, callback);
}

/** The AI SDK's `experimental_telemetry` settings recording into Assay. */
export function assayTelemetry(options?: AssayTelemetryOptions): AiSdkTelemetrySettings {
  return edgeAssay().aiSdkTelemetry(options);
}

/**
 * Sends every span finished so far; never rejects. Give it to the
 * platform's hook for work after the response: `after(flush)` in Next.js,
 * `ctx.waitUntil(flush())` in workers.
 */
export function flush(): Promise<void> {
  return edgeAssay().flush();
}
