import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { wrappedOpenAICalls } from './openai-call-count.js';

// Node's fetch (undici) announces each request it creates on this channel, before anything is sent.
const REQUEST_CREATED = 'undici:request:create';

// The API paths of the methods autolog traces (Azure puts a deployment before them and a query after).
const TRACED_PATH = /\/(?:chat\/completions|responses|embeddings)(?:\?|$)/;

interface CreatedRequest {
  request?: { path?: unknown; headers?: unknown };
}

/** A header of an undici request (its headers are a flat [name, value, ...] list, or "name: value\r\n" text in older versions). */
function headerOf(headers: unknown, name: string): string | undefined {
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2) {
      if (String(headers[index]).toLowerCase() === name) return String(headers[index + 1]);
    }
    return undefined;
  }
  if (typeof headers === 'string') {
    for (const line of headers.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name) return line.slice(colon + 1).trim();
    }
  }
  return undefined;
}

/** The openai package's version from its User-Agent (`OpenAI/JS 6.49.0`); undefined for any other client. */
function openAIClientVersion(headers: unknown): string | undefined {
  const agent = headerOf(headers, 'user-agent');
  const match = agent === undefined ? null : /^OpenAI\/JS ([^\s]+)/.exec(agent);
  return match?.[1];
}

/** A running watch. */
export interface UnreachedOpenAIWatch {
  /** Stops watching. */
  stop(): void;
}

let active: { listener: (message: unknown) => void } | undefined;
let warned = false;

/**
 * Watches for OpenAI API requests that did not come through one of Assay's
 * wrappers while autolog is on: an openai client made from a copy of the
 * package autolog could not reach (bundled into the app by Next.js, esbuild
 * or webpack). Each first attempt of a traced method's request (retries
 * aside) follows exactly one wrapped call, so more first attempts than
 * wrapped calls means some went around autolog: it says so once on stderr,
 * with the fix, instead of tracing nothing in silence. `describe()` names
 * the copies autolog did instrument. Requests made with a custom `fetch`
 * are not seen (and not misreported), nor are those of an Edge runtime
 * sandbox in the process.
 */
export function watchUnreachedOpenAICalls(describe: () => string): UnreachedOpenAIWatch {
  stopWatching();
  let requests = 0;
  const baseline = wrappedOpenAICalls();
  const listener = (message: unknown): void => {
    if (warned) return;
    try {
      const request = (message as CreatedRequest).request;
      if (typeof request?.path !== 'string' || !TRACED_PATH.test(request.path)) return;
      const version = openAIClientVersion(request.headers);
      if (version === undefined) return;
      // Next.js runs Edge routes in a sandbox of the same Node process (next dev): their calls are not autolog's to
      // reach (it instruments the Node.js runtime; Edge routes use @assay/sdk/edge), and openai says where it runs.
      const runtime = headerOf(request.headers, 'x-stainless-runtime');
      if (runtime !== undefined && runtime !== 'node') return;
      const retry = headerOf(request.headers, 'x-stainless-retry-count');
      if (retry !== undefined && retry !== '0') return;
      requests += 1;
      if (requests <= wrappedOpenAICalls() - baseline) return;
      warned = true;
      process.stderr.write(unreachedMessage(version, describe()));
    } catch {
      // Watching must never disturb the app's request.
    }
  };
  subscribe(REQUEST_CREATED, listener);
  active = { listener };
  return { stop: stopWatching };
}

function stopWatching(): void {
  if (active === undefined) return;
  unsubscribe(REQUEST_CREATED, active.listener);
  active = undefined;
}

function unreachedMessage(version: string, instrumented: string): string {
  return (
    `[assay] autolog() is on, but an OpenAI call (openai ${version}) went through a copy of the openai package that autolog() could not reach, ` +
    'most likely one bundled into your app, so it was not traced.\n' +
    '[assay] Fix: keep openai out of the bundle (Next.js: serverExternalPackages: [\'openai\'] in next.config; esbuild: --external:openai; ' +
    "webpack: externals), or wrap the client yourself: wrapOpenAI(new OpenAI()) from '@assay/sdk/openai'.\n" +
    `[assay] autolog() instrumented: ${instrumented}.\n`
  );
}
