import { errorMessage } from '@assay/core';
import { decodeSpanBatch } from '../export/decode-span-batch.js';
import type { AssaySpanExporter } from '../export/span-exporter.js';
import { toOtlpJson } from './to-otlp-json.js';

/** Options of the OTLP/HTTP exporter. */
export interface OtlpHttpExporterOptions {
  /** The OTLP traces endpoint, e.g. `http://127.0.0.1:5000/v1/traces` for an Assay server. */
  url: string;
  /** Sent with every request: authorization, the experiment header. */
  headers?: Readonly<Record<string, string>>;
  /** The resource's attributes (`service.name` ...); an Assay server keeps them as the trace's metadata. */
  resource?: Readonly<Record<string, string>>;
  /** The `fetch` to send with; default the global one. */
  fetch?: typeof fetch;
}

const SCOPE = { name: '@assay/sdk/edge' };

/** A google.rpc.Status (an OTLP failure body) or an ExportTraceServiceResponse, as JSON. */
interface OtlpAnswer {
  message?: unknown;
  partialSuccess?: { rejectedSpans?: unknown; errorMessage?: unknown };
}

function parseAnswer(text: string): OtlpAnswer {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as OtlpAnswer) : {};
  } catch {
    return {};
  }
}

/**
 * Sends each batch as one OTLP/HTTP request in OTLP's JSON mapping, with
 * `fetch` only (no Node module): to an Assay server's `/v1/traces`, or any
 * OTLP collector. A failed request rejects (the export queue retries it with
 * backoff); spans the receiver rejected one by one (OTLP's partial success)
 * are reported on stderr with the receiver's reason.
 */
export function createOtlpHttpExporter(options: OtlpHttpExporterOptions): AssaySpanExporter {
  const send: typeof fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
  const headers = { 'content-type': 'application/json', ...options.headers };
  const resource = options.resource ?? {};
  return {
    async export(batch) {
      const body = JSON.stringify(toOtlpJson(decodeSpanBatch(batch), resource, SCOPE));
      let response: Response;
      try {
        response = await send(options.url, { method: 'POST', headers, body });
      } catch (error) {
        throw new Error(`could not reach ${options.url}: ${errorMessage(error)}`);
      }
      const answer = parseAnswer(await response.text());
      if (!response.ok) {
        const reason = typeof answer.message === 'string' ? answer.message : response.statusText;
        throw new Error(`${options.url} answered ${response.status}: ${reason}`);
      }
      const rejected = Number(answer.partialSuccess?.rejectedSpans ?? 0);
      if (rejected > 0) {
        console.warn(`[assay] ${options.url} rejected ${rejected} of ${batch.rows.count} spans: ${String(answer.partialSuccess?.errorMessage ?? 'no reason given')}`);
      }
    },
  };
}
