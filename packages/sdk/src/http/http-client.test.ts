import { describe, expect, it } from 'vitest';
import { AssayError } from '@assay/core';
import { HttpClient, queryString } from './http-client.js';
import { ServerUnreachableError } from './server-errors.js';

type Step = Response | Error;

/** A fetch that answers with `steps` in turn and records the requests. */
function scripted(steps: Step[]): { fetch: typeof fetch; calls: { url: string; at: number; init: RequestInit | undefined }[] } {
  const calls: { url: string; at: number; init: RequestInit | undefined }[] = [];
  return {
    calls,
    fetch: (input, init) => {
      calls.push({ url: String(input), at: Date.now(), init });
      const step = steps.shift();
      if (step === undefined) throw new Error('no more steps');
      return step instanceof Error ? Promise.reject(step) : Promise.resolve(step);
    },
  };
}

const refused = () => new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
const reset = () => new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function client(fetch: typeof globalThis.fetch): HttpClient {
  return new HttpClient({ url: 'http://assay.test', headers: { authorization: 'Bearer t' }, fetch, timeoutMs: 1000, retry: { attempts: 4, initialDelayMs: 5, maxDelayMs: 20 } });
}

describe('HttpClient', () => {
  it('sends JSON with the auth headers and the query string, and reads the JSON answer', async () => {
    const { fetch, calls } = scripted([json(200, { ok: true })]);
    expect(await client(fetch).json({ method: 'POST', path: '/x', query: { a: 1, b: ['p', 'q'], c: undefined }, json: { n: 1 }, idempotent: true })).toEqual({ ok: true });
    expect(calls[0]!.url).toBe('http://assay.test/x?a=1&b=p&b=q');
    expect(calls[0]!.init).toMatchObject({ method: 'POST', body: '{"n":1}', headers: { authorization: 'Bearer t', 'content-type': 'application/json' } });
    expect(queryString({})).toBe('');
  });

  it('retries network errors, 429 and 503 with backoff, and honours Retry-After', async () => {
    const { fetch, calls } = scripted([refused(), json(503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'busy' }, { 'retry-after': '1' }), json(429, {}), json(200, {})]);
    await client(fetch).json({ method: 'GET', path: '/x', idempotent: true });
    expect(calls).toHaveLength(4);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(950);
  });

  it('sends a request that may not be repeated again only when it surely never arrived (refused) or was refused unapplied (429, 503)', async () => {
    const unsafe = { method: 'POST' as const, path: '/create', json: {}, idempotent: false };
    const first = scripted([refused(), json(503, {}), json(200, { id: 1 })]);
    expect(await client(first.fetch).json(unsafe)).toEqual({ id: 1 });
    const second = scripted([reset()]);
    await expect(client(second.fetch).json(unsafe)).rejects.toBeInstanceOf(ServerUnreachableError);
    expect(second.calls).toHaveLength(1);
    const third = scripted([json(502, {})]);
    await expect(client(third.fetch).json(unsafe)).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
    // A reset connection or a gateway error does not stop a request that may be repeated.
    const fourth = scripted([reset(), json(502, {}), json(504, {}), json(200, {})]);
    await client(fourth.fetch).json({ ...unsafe, idempotent: true });
    expect(fourth.calls).toHaveLength(4);
  });

  it('gives up after its tries with a ServerUnreachableError (a StoreBusyError) that names the server', async () => {
    const { fetch, calls } = scripted([refused(), refused(), refused(), refused()]);
    const error = await client(fetch).json({ method: 'GET', path: '/x', idempotent: true }).catch((reason: unknown) => reason);
    expect(calls).toHaveLength(4);
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect(error).toMatchObject({ code: 'STORE_BUSY', message: expect.stringContaining('http://assay.test cannot be reached (connect ECONNREFUSED 127.0.0.1:9) after 4 tries') });
  });

  it('turns error answers back into the AssayErrors the server threw', async () => {
    const cases: [Response, string, string][] = [
      [json(400, { error_code: 'INVALID_PARAMETER_VALUE', message: 'bad key' }), 'INVALID_PARAMETER_VALUE', 'InvalidParameterError'],
      [json(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no run' }), 'RESOURCE_DOES_NOT_EXIST', 'NotFoundError'],
      [json(400, { error_code: 'RESOURCE_ALREADY_EXISTS', message: 'taken' }), 'RESOURCE_ALREADY_EXISTS', 'AlreadyExistsError'],
      [json(403, { error_code: 'PERMISSION_DENIED', message: 'Permission denied: no' }), 'PERMISSION_DENIED', 'AssayError'],
      [json(401, { error_code: 'UNAUTHENTICATED', message: 'Authentication required.' }), 'UNAUTHENTICATED', 'AssayError'],
      [json(404, { error_code: 'ENDPOINT_NOT_FOUND', message: 'No endpoint GET /x.' }), 'NOT_IMPLEMENTED', 'AssayError'],
      [new Response('oops', { status: 500 }), 'INTERNAL_ERROR', 'AssayError'],
    ];
    for (const [response, code, name] of cases) {
      const error = await client(scripted([response]).fetch)
        .json({ method: 'GET', path: '/x', idempotent: false })
        .catch((reason: unknown) => reason);
      expect(AssayError.isInstance(error)).toBe(true);
      expect([(error as AssayError).code, (error as Error).name]).toEqual([code, name]);
    }
    const unauthenticated = await client(scripted([json(401, { error_code: 'UNAUTHENTICATED', message: 'Authentication required.' })]).fetch)
      .json({ method: 'GET', path: '/x', idempotent: true })
      .then(
        () => undefined,
        (reason: unknown) => reason as Error,
      );
    expect(unauthenticated?.message).toContain('ASSAY_TRACKING_TOKEN');
  });
});
