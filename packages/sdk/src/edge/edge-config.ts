import { InvalidParameterError } from '@assay/core';
import { TRACKING_TOKEN_ENV, trackingAuthHeaders } from '../config/tracking-auth-headers.js';
import { TRACKING_URI_ENV } from '../config/tracking-uri-env.js';
import { EXPERIMENT_ID_ENV, EXPERIMENT_NAME_ENV } from '../tracking/experiment-selection.js';

/** Where the Edge entry sends its spans, and as whom. */
export interface EdgeConnectionOptions {
  /** The Assay server's URL (`http://127.0.0.1:5000`); default `ASSAY_TRACKING_URI`. Spans go to its OTLP endpoint, `<url>/v1/traces`. */
  trackingUri?: string;
  /** An API token of the server (`assay server tokens create`); default `ASSAY_TRACKING_TOKEN`. */
  token?: string;
  /** The experiment, by name, created when missing; default `ASSAY_EXPERIMENT_NAME`. */
  experimentName?: string;
  /** The experiment, by id; default `ASSAY_EXPERIMENT_ID`. Neither: the server's Default experiment. */
  experimentId?: string;
  /** Extra headers of every request (a proxy's, say). */
  headers?: Readonly<Record<string, string>>;
  /** Where the defaults are read; default `process.env` where the runtime has one (Next.js Edge routes do), else none. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The resolved connection: the OTLP endpoint and the headers of every request. */
export interface EdgeConnection {
  url: string;
  headers: Record<string, string>;
}

/** `process.env` where the runtime has one, without naming `process` where it is not defined. */
export function runtimeEnv(): Readonly<Record<string, string | undefined>> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function headerSafe(name: string, value: string, hint = ''): string {
  if (/[\r\n]/u.test(value)) throw new InvalidParameterError(`${name} must not contain line breaks.`);
  // fetch sends header values as bytes (Latin-1): a character beyond it would fail every export.
  if (/[\u0100-\u{10ffff}]/u.test(value)) throw new InvalidParameterError(`${name} '${value.slice(0, 100)}' has characters an HTTP header cannot carry${hint}.`);
  return value;
}

/**
 * The OTLP endpoint and headers from the options, else the environment.
 * Throws InvalidParameterError, saying what to set, when there is no server
 * URL or it is not http(s): an Edge route cannot open a local store.
 */
export function resolveEdgeConnection(options: EdgeConnectionOptions): EdgeConnection {
  const env = options.env ?? runtimeEnv();
  const uri = nonEmpty(options.trackingUri) ?? nonEmpty(env[TRACKING_URI_ENV]);
  if (uri === undefined) {
    throw new InvalidParameterError(
      `No Assay server to send traces to: set ${TRACKING_URI_ENV} to its URL (e.g. http://127.0.0.1:5000, started with \`assay server\`), or pass trackingUri. ` +
        'The Edge entry cannot open a local store directory.',
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    parsed = new URL('invalid:');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidParameterError(
      `The Edge entry sends traces to an Assay server over HTTP, but the tracking URI is '${uri.slice(0, 200)}': use the server's http(s) URL (e.g. http://127.0.0.1:5000). ` +
        'A local store directory works from the Node runtime only (@assay/sdk).',
    );
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new InvalidParameterError(`Put credentials in ${TRACKING_TOKEN_ENV} (or the token option), not in the tracking URI.`);
  }
  // The same credentials as the Node SDK's (a token, else HTTP basic), the token option first.
  const token = nonEmpty(options.token);
  const headers: Record<string, string> = { ...options.headers, ...trackingAuthHeaders(token === undefined ? env : { ...env, [TRACKING_TOKEN_ENV]: token }) };
  const experimentName = nonEmpty(options.experimentName) ?? nonEmpty(env[EXPERIMENT_NAME_ENV]);
  const experimentId = nonEmpty(options.experimentId) ?? nonEmpty(env[EXPERIMENT_ID_ENV]);
  if (experimentName !== undefined && experimentId !== undefined) {
    throw new InvalidParameterError(`Name the experiment by name or by id, not both (${EXPERIMENT_NAME_ENV} / ${EXPERIMENT_ID_ENV}, or the options).`);
  }
  if (experimentName !== undefined) {
    headers['x-assay-experiment'] = headerSafe('The experiment name', experimentName, ': name the experiment by id (experimentId, ASSAY_EXPERIMENT_ID) instead');
  }
  if (experimentId !== undefined) headers['x-mlflow-experiment-id'] = headerSafe('The experiment id', experimentId);
  return { url: `${parsed.origin}${parsed.pathname.replace(/\/+$/u, '')}/v1/traces`, headers };
}
