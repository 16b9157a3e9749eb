import { describe, expect, it } from 'vitest';
import { StoreBusyError, type Store } from '@assay/core';
import { useTestServer } from './__fixtures__/create-test-server.js';
import { createAssayServer } from './create-assay-server.js';
import type { ServerLogEntry } from './middleware/request-log.js';

/** A store whose every method fails with `error`. */
function failingStore(error: Error): Store {
  return new Proxy({} as Store, {
    get: () => () => Promise.reject(error),
  });
}

const json = { 'content-type': 'application/json' };

describe('createAssayServer', () => {
  const server = useTestServer({ maxJsonBodyBytes: 1024 });

  it('serves /health and /version as MLflow does', async () => {
    const health = await server.app.request('/health');
    expect([health.status, await health.text()]).toEqual([200, 'OK']);
    const version = await server.app.request('/version');
    expect(version.status).toBe(200);
    expect(await version.text()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('serves an OpenAPI 3.1 document of every route, generated from the request schemas', async () => {
    const response = await server.get('/api/assay/v1/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body as { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, { requestBody?: unknown; parameters?: { name: string }[] }>> };
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'Assay server', version: '0.1.0' });
    const routes = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        'GET /health',
        'GET /version',
        ...['create', 'update', 'delete', 'restore', 'set-experiment-tag', 'delete-experiment-tag', 'search'].map((name) => `POST /api/2.0/mlflow/experiments/${name}`),
        ...['get', 'get-by-name', 'search'].map((name) => `GET /api/2.0/mlflow/experiments/${name}`),
        ...['create', 'update', 'delete', 'restore', 'search', 'log-metric', 'log-parameter', 'log-batch', 'set-tag', 'delete-tag', 'log-inputs'].map(
          (name) => `POST /api/2.0/mlflow/runs/${name}`,
        ),
        'GET /api/2.0/mlflow/runs/get',
        'GET /api/2.0/mlflow/metrics/get-history',
        'GET /api/2.0/mlflow/artifacts/list',
        'GET /api/2.0/mlflow-artifacts/artifacts',
        'GET /api/2.0/mlflow-artifacts/artifacts/{path}',
        'PUT /api/2.0/mlflow-artifacts/artifacts/{path}',
        'DELETE /api/2.0/mlflow-artifacts/artifacts/{path}',
        ...['', '/search', '/delete-traces'].map((suffix) => `POST /api/3.0/mlflow/traces${suffix}`),
        'GET /api/3.0/mlflow/traces/{trace_id}',
        'PATCH /api/3.0/mlflow/traces/{trace_id}/tags',
        'DELETE /api/3.0/mlflow/traces/{trace_id}/tags',
        'POST /api/2.0/mlflow/traces/link-to-run',
        'PUT /api/2.0/mlflow-artifacts/artifacts/{experiment_id}/traces/{trace_id}/artifacts/traces.json',
        'GET /api/2.0/mlflow-artifacts/artifacts/{experiment_id}/traces/{trace_id}/artifacts/traces.json',
        'POST /api/3.0/mlflow/traces/{trace_id}/assessments',
        ...['GET', 'PATCH', 'DELETE'].map((method) => `${method} /api/3.0/mlflow/traces/{trace_id}/assessments/{assessment_id}`),
        ...['POST', 'GET'].map((method) => `${method} /api/2.0/mlflow/traces`),
        'PATCH /api/2.0/mlflow/traces/{request_id}',
        'GET /api/2.0/mlflow/traces/{request_id}/info',
        'POST /api/2.0/mlflow/traces/delete-traces',
        ...['PATCH', 'DELETE'].map((method) => `${method} /api/2.0/mlflow/traces/{request_id}/tags`),
        ...['GET', 'POST'].map((method) => `${method} /api/assay/v1/datasets`),
        ...['', '/rows', '/export'].map((suffix) => `GET /api/assay/v1/datasets/{name}${suffix}`),
        'POST /api/assay/v1/datasets/{name}/import',
        'POST /api/assay/v1/datasets/{name}/files',
        'GET /api/assay/v1/runs/{run_id}/evaluation-rows',
        'GET /api/assay/v1/evaluations/compare',
        'POST /api/assay/v1/runs/{run_id}/inputs',
        'GET /api/assay/v1/traces/{trace_id}',
        'POST /api/assay/v1/traces/search',
        'GET /api/assay/v1/traces/{trace_id}/spans',
        'GET /api/assay/v1/traces/{trace_id}/spans/{span_id}',
        'POST /api/assay/v1/assessments',
        'GET /api/assay/v1/model-prices',
        'POST /api/assay/v1/model-prices',
        'POST /api/assay/v1/model-prices/delete',
        'GET /api/assay/v1/registered-models/events',
        'GET /api/assay/v1/registered-models/my-permission',
        'POST /api/assay/v1/registered-models/set-protection',
        'GET /api/assay/v1/transition-requests',
        'GET /api/assay/v1/transition-requests/get',
        ...['create', 'approve', 'reject'].map((name) => `POST /api/assay/v1/transition-requests/${name}`),
        'POST /api/assay/v1/writes',
        'POST /api/assay/v1/sql',
        // OTLP/HTTP trace ingest.
        'POST /v1/traces',
        // MLflow's basic-auth app.
        'POST /api/2.0/mlflow/users/create',
        'GET /api/2.0/mlflow/users/get',
        'PATCH /api/2.0/mlflow/users/update-password',
        'PATCH /api/2.0/mlflow/users/update-admin',
        'DELETE /api/2.0/mlflow/users/delete',
        'POST /api/2.0/mlflow/experiments/permissions/create',
        'GET /api/2.0/mlflow/experiments/permissions/get',
        'PATCH /api/2.0/mlflow/experiments/permissions/update',
        'DELETE /api/2.0/mlflow/experiments/permissions/delete',
        // MLflow's model registry.
        ...['create', 'rename', 'get-latest-versions', 'set-tag', 'alias'].map((name) => `POST /api/2.0/mlflow/registered-models/${name}`),
        ...['get', 'search', 'get-latest-versions', 'alias'].map((name) => `GET /api/2.0/mlflow/registered-models/${name}`),
        'PATCH /api/2.0/mlflow/registered-models/update',
        ...['delete', 'delete-tag', 'alias'].map((name) => `DELETE /api/2.0/mlflow/registered-models/${name}`),
        ...['create', 'set-tag', 'transition-stage'].map((name) => `POST /api/2.0/mlflow/model-versions/${name}`),
        ...['get', 'search', 'get-download-uri'].map((name) => `GET /api/2.0/mlflow/model-versions/${name}`),
        'PATCH /api/2.0/mlflow/model-versions/update',
        ...['delete', 'delete-tag'].map((name) => `DELETE /api/2.0/mlflow/model-versions/${name}`),
        'POST /api/2.0/mlflow/registered-models/permissions/create',
        'GET /api/2.0/mlflow/registered-models/permissions/get',
        'PATCH /api/2.0/mlflow/registered-models/permissions/update',
        'DELETE /api/2.0/mlflow/registered-models/permissions/delete',
        // MLflow's webhooks, and Assay's delivery log.
        ...['POST', 'GET'].map((method) => `${method} /api/2.0/mlflow/webhooks`),
        ...['GET', 'PATCH', 'DELETE'].map((method) => `${method} /api/2.0/mlflow/webhooks/{webhook_id}`),
        'POST /api/2.0/mlflow/webhooks/{webhook_id}/test',
        'GET /api/assay/v1/webhooks/{webhook_id}/deliveries',
      ].sort(),
    );
    // Every route says who may call it.
    const undocumented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods as Record<string, Record<string, unknown>>).flatMap(([method, operation]) => (typeof operation['x-assay-access'] === 'string' ? [] : [`${method} ${path}`])),
    );
    expect(undocumented).toEqual([]);
    // Request shapes come from the validating schemas.
    const logMetric = document.paths['/api/2.0/mlflow/runs/log-metric']!['post']!;
    expect(JSON.stringify(logMetric.requestBody)).toContain('"timestamp"');
    expect(document.paths['/api/2.0/mlflow/runs/get']!['get']!.parameters!.map((parameter) => parameter.name)).toEqual(['run_id', 'run_uuid']);
    expect(JSON.stringify(document)).toContain('"RESOURCE_DOES_NOT_EXIST"');
    expect(document.paths['/api/2.0/mlflow/model-versions/get']!['get']!.parameters!.map((parameter) => parameter.name)).toEqual(['name', 'version']);
  });

  it('answers ENDPOINT_NOT_FOUND (404) for unknown paths and methods', async () => {
    expect(await server.get('/api/2.0/mlflow/nothing')).toEqual({ status: 404, body: { error_code: 'ENDPOINT_NOT_FOUND', message: expect.stringContaining('GET /api/2.0/mlflow/nothing') } });
    expect((await server.app.request('/api/2.0/mlflow/experiments/create', { method: 'GET' })).status).toBe(404);
    expect((await server.app.request('/ajax-api/2.0/mlflow/nothing', { method: 'POST' })).status).toBe(404);
  });

  it('answers BAD_REQUEST (400) for malformed JSON, a body that is not an object, or a body that is not JSON', async () => {
    const malformed = await server.app.request('/api/2.0/mlflow/experiments/create', { method: 'POST', headers: json, body: '{"name":' });
    expect([malformed.status, await malformed.json()]).toEqual([400, { error_code: 'BAD_REQUEST', message: 'Bad request: the body is not valid JSON.' }]);
    const array = await server.app.request('/api/2.0/mlflow/experiments/create', { method: 'POST', headers: json, body: '[1]' });
    expect([array.status, await array.json()]).toEqual([400, { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('The request body must be a JSON object') }]);
    const form = await server.app.request('/api/2.0/mlflow/experiments/create', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'name=x' });
    expect([form.status, await form.json()]).toEqual([400, { error_code: 'BAD_REQUEST', message: "Bad request: the Content-Type must be 'application/json'." }]);
  });

  it('answers 413 for a JSON body over the limit', async () => {
    const response = await server.post('/api/2.0/mlflow/experiments/create', { name: 'x'.repeat(2000) });
    expect(response).toEqual({ status: 413, body: { error_code: 'BAD_REQUEST', message: 'The request body exceeds the limit of 1024 bytes.' } });
    // A trace's traces.json is JSON read whole, not a file streamed to disk: the JSON limit holds for it.
    const traceData = await server.send('PUT', `/api/2.0/mlflow-artifacts/artifacts/0/traces/tr-${'0'.repeat(32)}/artifacts/traces.json`, { spans: [], padding: 'x'.repeat(2000) });
    expect(traceData.status).toBe(413);
    // Without a Content-Length the limit applies as the body streams in.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`{"name": "${'x'.repeat(800)}`));
        controller.enqueue(new TextEncoder().encode(`${'x'.repeat(800)}"}`));
        controller.close();
      },
    });
    const streamed = await server.app.request('/api/2.0/mlflow/experiments/create', { method: 'POST', headers: json, body, duplex: 'half' } as RequestInit);
    expect([streamed.status, await streamed.json()]).toEqual([413, { error_code: 'BAD_REQUEST', message: 'The request body exceeds the limit of 1024 bytes.' }]);
  });

  it('answers INTERNAL_ERROR (500) with a generic message for unexpected errors, and logs the details', async () => {
    const logs: ServerLogEntry[] = [];
    const app = createAssayServer({ store: failingStore(new Error('disk on fire at /secret/path')), log: (entry) => logs.push(entry) });
    const response = await app.request('/api/2.0/mlflow/experiments/get?experiment_id=1');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error_code: 'INTERNAL_ERROR', message: 'Internal server error. The details are in the server log.' });
    expect(text).not.toContain('secret');
    expect(logs).toEqual([
      expect.objectContaining({ level: 'error', method: 'GET', path: '/api/2.0/mlflow/experiments/get', status: 500, error: 'disk on fire at /secret/path', stack: expect.stringContaining('Error: disk on fire') }),
    ]);
  });

  it('answers TEMPORARILY_UNAVAILABLE (503) while the store is busy, so that clients retry', async () => {
    const app = createAssayServer({ store: failingStore(new StoreBusyError('The store is held by process 42.')), log: () => undefined });
    const response = await app.request('/api/2.0/mlflow/runs/get?run_id=abc');
    expect([response.status, await response.json()]).toEqual([503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'The store is held by process 42.' }]);
  });

  it('answers NOT_IMPLEMENTED (501) on the artifact proxy when it has no artifact root', async () => {
    const app = createAssayServer({ store: server.store, log: () => undefined });
    const response = await app.request('/api/2.0/mlflow-artifacts/artifacts/0/x/artifacts/a.txt');
    expect(response.status).toBe(501);
    expect(((await response.json()) as { error_code: string }).error_code).toBe('NOT_IMPLEMENTED');
  });

  it('logs one structured line per request when asked, none by default', async () => {
    const logs: ServerLogEntry[] = [];
    const app = createAssayServer({ store: server.store, log: (entry) => logs.push(entry), logRequests: true });
    await app.request('/health');
    await app.request('/api/2.0/mlflow/experiments/get?experiment_id=777777');
    expect(logs).toEqual([
      { time: expect.any(String), level: 'info', message: 'request', method: 'GET', path: '/health', status: 200, durationMs: expect.any(Number) },
      { time: expect.any(String), level: 'info', message: 'request', method: 'GET', path: '/api/2.0/mlflow/experiments/get', status: 404, durationMs: expect.any(Number) },
    ]);
    await server.app.request('/health');
    expect(server.logs).toEqual([]);
  });
});
