import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsersFile } from '@assay/server';
import { LocalStore } from '@assay/store';
import { spawnCli, type SpawnedCli } from '../__fixtures__/spawn-cli.js';

/** A span as MLflow's TypeScript tracing client (mlflow-tracing 0.1.x) holds it before upload. */
interface ClientSpan {
  spanId: string;
  parentId?: string;
  name: string;
  startNs: bigint;
  endNs: bigint;
  status: 'STATUS_CODE_OK' | 'STATUS_CODE_ERROR';
  message?: string;
  attributes: Record<string, unknown>;
  events?: { name: string; timeNs: bigint; attributes: Record<string, unknown> }[];
}

/**
 * What mlflow-tracing 0.1.x sends when a trace ends (shared/reference/mlflow-ts-sdk-wire.md):
 * StartTraceV3 with empty tags, then traces.json PUT to the artifact location the answer names,
 * with its quirks: span times as JSON integers beyond 2^53, `""` for the root's parent, attribute
 * values already parsed, STATUS_CODE_* codes, and a wrong base64 `trace_id` (the `tr-` prefix not stripped).
 */
async function exportLikeMlflowTracing(host: string, experimentId: string, traceId: string, spans: ClientSpan[], usage: object, auth: Record<string, string> = {}): Promise<void> {
  const root = spans.find((span) => span.parentId === undefined)!;
  const preview = (value: unknown) => JSON.stringify(value);
  const traceInfo = {
    trace_id: traceId,
    trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } },
    request_preview: preview(root.attributes['mlflow.spanInputs']),
    response_preview: preview(root.attributes['mlflow.spanOutputs']),
    request_time: new Date(Number(root.startNs / 1_000_000n)).toISOString(),
    execution_duration: `${Number((root.endNs - root.startNs) / 1_000_000n) / 1000}s`,
    state: root.status === 'STATUS_CODE_OK' ? 'OK' : 'ERROR',
    trace_metadata: {
      'mlflow.trace_schema.version': '3',
      'mlflow.trace.tokenUsage': JSON.stringify(usage),
      'mlflow.traceInputs': preview(root.attributes['mlflow.spanInputs']),
      'mlflow.traceOutputs': preview(root.attributes['mlflow.spanOutputs']),
    },
    tags: {},
    assessments: [],
  };
  const started = await fetch(`${host}/api/3.0/mlflow/traces`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ trace: { trace_info: traceInfo } }) });
  expect(started.status).toBe(200);
  const artifactUri = ((await started.json()) as { trace: { trace_info: { tags: Record<string, string> } } }).trace.trace_info.tags['mlflow.artifactLocation'];
  // The client throws without it, and resolves it as MlflowArtifactsClient does.
  expect(artifactUri).toMatch(/^mlflow-artifacts:\//);
  const url = `${host}/api/2.0/mlflow-artifacts/artifacts${new URL(artifactUri!).pathname}/traces.json`;
  const base64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
  // 0.1.1 encodes the id with its `tr-` prefix: a wrong id (this one from the capture); the server must not use it.
  const wrongTraceId = 'APjYvinV3377Xe0OAdjRgw==';
  const spanText = (span: ClientSpan) =>
    `{"trace_id":${JSON.stringify(wrongTraceId)},"span_id":"${base64(span.spanId)}","parent_span_id":"${span.parentId === undefined ? '' : base64(span.parentId)}",` +
    `"name":${JSON.stringify(span.name)},"start_time_unix_nano":${span.startNs},"end_time_unix_nano":${span.endNs},` +
    `"status":{"code":"${span.status}","message":${JSON.stringify(span.message ?? '')}},"attributes":${JSON.stringify({ 'mlflow.traceRequestId': traceId, ...span.attributes })},` +
    `"events":[${(span.events ?? []).map((event) => `{"name":${JSON.stringify(event.name)},"time_unix_nano":${event.timeNs},"attributes":${JSON.stringify(event.attributes)}}`).join(',')}]}`;
  const uploaded = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: `{"spans":[${spans.map(spanText).join(',')}]}` });
  expect(uploaded.status).toBe(200);
}

/** What mlflow-tracing's getTrace reads: the trace info, then traces.json at its artifact location (parsed with exact integers). */
async function readLikeMlflowTracing(host: string, traceId: string, auth: Record<string, string> = {}): Promise<{ info: Record<string, unknown>; spans: Record<string, unknown>[]; text: string }> {
  const info = ((await (await fetch(`${host}/api/3.0/mlflow/traces/${traceId}`, { headers: auth })).json()) as { trace: { trace_info: Record<string, unknown> } }).trace.trace_info;
  const artifactUri = (info['tags'] as Record<string, string>)['mlflow.artifactLocation']!;
  const text = await (await fetch(`${host}/api/2.0/mlflow-artifacts/artifacts${new URL(artifactUri).pathname}/traces.json`, { headers: auth })).text();
  const exact = text.replace(/"(start_time_unix_nano|end_time_unix_nano|time_unix_nano)":(\d+)/g, '"$1":"$2"');
  return { info, spans: (JSON.parse(exact) as { spans: Record<string, unknown>[] }).spans, text };
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe("MLflow's TypeScript tracing client's protocol against `assay server` in its own process", () => {
  let root: string;
  let cli: SpawnedCli | undefined;

  afterAll(async () => {
    if (cli !== undefined && cli.child.exitCode === null) cli.child.kill('SIGKILL');
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('nested spans with attributes, token usage and an error are stored, read back as the client reads them, and then through the Store', async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-server-mlflow-tracing-'));
    cli = spawnCli(['server', '--store', root, '--port', '0', '--no-ui']);
    await expect.poll(() => cli!.stdout, { timeout: 30_000, interval: 50 }).toMatch(/OpenAPI: .*\n/);
    const host = /^Assay server listening on (http:\/\/127\.0\.0\.1:\d+)/m.exec(cli.stdout)![1]!;

    const created = await fetch(`${host}/api/2.0/mlflow/experiments/create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ts-tracing' }) });
    const experimentId = ((await created.json()) as { experiment_id: string }).experiment_id;

    const traceHex = hex(16);
    const traceId = `tr-${traceHex}`;
    // Nanosecond times with sub-millisecond digits, beyond 2^53: they must survive exactly.
    const start = BigInt(Date.now()) * 1_000_000n + 123_457n;
    const [agent, llm, tool] = [hex(8), hex(8), hex(8)];
    const usage = { input_tokens: 11, output_tokens: 7, total_tokens: 18 };
    const spans: ClientSpan[] = [
      {
        spanId: agent,
        name: 'agent',
        startNs: start,
        endNs: start + 40_000_001n,
        status: 'STATUS_CODE_OK',
        attributes: { 'mlflow.spanType': 'AGENT', 'mlflow.spanInputs': { question: 'weather in Paris?' }, 'mlflow.spanOutputs': 'It is sunny.' },
      },
      {
        spanId: llm,
        parentId: agent,
        name: 'Completions',
        startNs: start + 1_000_000n,
        endNs: start + 30_000_000n,
        status: 'STATUS_CODE_OK',
        attributes: {
          'mlflow.spanType': 'LLM',
          'mlflow.spanInputs': { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'weather in Paris?' }] },
          'mlflow.spanOutputs': { choices: [{ message: { role: 'assistant', content: 'It is sunny.' } }], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } },
          'mlflow.chat.tokenUsage': usage,
          'mlflow.message.format': 'openai',
        },
      },
      {
        spanId: tool,
        parentId: agent,
        name: 'lookup',
        startNs: start + 31_000_000n,
        endNs: start + 35_000_000n,
        status: 'STATUS_CODE_ERROR',
        message: 'Error: station offline',
        attributes: { 'mlflow.spanType': 'TOOL', 'mlflow.spanInputs': { city: 'Paris' } },
        events: [{ name: 'exception', timeNs: start + 34_999_999n, attributes: { 'exception.type': 'Error', 'exception.message': 'station offline' } }],
      },
    ];
    await exportLikeMlflowTracing(host, experimentId, traceId, spans, usage);

    const read = await readLikeMlflowTracing(host, traceId);
    expect(read.info).toMatchObject({ trace_id: traceId, state: 'OK', execution_duration: '0.04s', request_preview: '{"question":"weather in Paris?"}' });
    expect(JSON.parse((read.info['trace_metadata'] as Record<string, string>)['mlflow.trace.tokenUsage']!)).toEqual(usage);
    expect(read.text).toContain(`"start_time_unix_nano":${start}`);
    const readTool = read.spans.find((span) => span['name'] === 'lookup')!;
    expect(readTool).toMatchObject({ span_id: Buffer.from(tool, 'hex').toString('base64'), parent_span_id: Buffer.from(agent, 'hex').toString('base64'), status: { code: 'STATUS_CODE_ERROR', message: 'Error: station offline' } });
    expect(JSON.parse((readTool['attributes'] as Record<string, string>)['mlflow.spanInputs']!)).toEqual({ city: 'Paris' });

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });

    // The server released the store: read the traces through Assay's own Store.
    const store = await LocalStore.open({ root });
    try {
      const trace = await store.getTrace({ traceId });
      expect(trace.info).toMatchObject({ experimentId, name: 'agent', state: 'OK', executionDurationMs: 40, tokenUsage: { inputTokens: 11, outputTokens: 7, totalTokens: 18 } });
      const byName = Object.fromEntries(trace.spans.map((span) => [span.name, span]));
      expect(byName['agent']).toMatchObject({ spanId: agent, spanType: 'AGENT', startTimeUnixNano: String(start), attributes: { 'mlflow.spanInputs': { question: 'weather in Paris?' }, 'mlflow.spanOutputs': 'It is sunny.' } });
      expect(byName['agent']!.parentSpanId).toBeUndefined();
      expect(byName['Completions']).toMatchObject({ spanType: 'LLM', parentSpanId: agent, attributes: { 'mlflow.chat.tokenUsage': usage, 'mlflow.spanInputs': { model: 'gpt-4o-mini' } } });
      expect(byName['lookup']).toMatchObject({ spanType: 'TOOL', parentSpanId: agent, status: { code: 'ERROR', message: 'Error: station offline' } });
      expect(byName['lookup']!.events).toEqual([{ name: 'exception', timeUnixNano: String(start + 34_999_999n), attributes: { 'exception.type': 'Error', 'exception.message': 'station offline' } }]);
      const found = await store.searchTraces({ experimentIds: [experimentId], filter: "span.status = 'ERROR' and span.type = 'TOOL'" });
      expect(found.traces.map((summary) => summary.traceId)).toEqual([traceId]);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe("MLflow's TypeScript tracing client's protocol against `assay server` with auth (its own process)", () => {
  let root: string;
  let cli: SpawnedCli | undefined;

  afterAll(async () => {
    if (cli !== undefined && cli.child.exitCode === null) cli.child.kill('SIGKILL');
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('a user with EDIT on the experiment exports and reads traces with an API token; READ alone reads but cannot export; no credentials: 401', async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-server-mlflow-tracing-auth-'));
    const password = 'correct horse battery';
    const users = new UsersFile({ path: join(root, 'users.json') });
    await users.createUser({ username: 'root', password, isAdmin: true });
    await users.createUser({ username: 'ed', password });
    await users.createUser({ username: 'rita', password });
    const { token } = await users.createToken({ username: 'ed', name: 'ci' });
    const ed = { authorization: `Bearer ${token}` };
    const rita = { authorization: `Basic ${Buffer.from(`rita:${password}`).toString('base64')}` };
    const admin = { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`root:${password}`).toString('base64')}` };

    cli = spawnCli(['server', '--store', root, '--port', '0', '--no-ui']);
    await expect.poll(() => cli!.stdout, { timeout: 30_000, interval: 50 }).toMatch(/OpenAPI: .*\n/);
    const host = /^Assay server listening on (http:\/\/127\.0\.0\.1:\d+)/m.exec(cli.stdout)![1]!;
    const created = await fetch(`${host}/api/2.0/mlflow/experiments/create`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'ts-tracing-auth' }) });
    const experimentId = ((await created.json()) as { experiment_id: string }).experiment_id;
    const granted = await fetch(`${host}/api/2.0/mlflow/experiments/permissions/create`, { method: 'POST', headers: admin, body: JSON.stringify({ experiment_id: experimentId, username: 'ed', permission: 'EDIT' }) });
    expect(granted.status).toBe(200);

    const traceId = `tr-${hex(16)}`;
    const start = BigInt(Date.now()) * 1_000_000n;
    const spans: ClientSpan[] = [{ spanId: hex(8), name: 'agent', startNs: start, endNs: start + 5_000_000n, status: 'STATUS_CODE_OK', attributes: { 'mlflow.spanType': 'AGENT', 'mlflow.spanInputs': { q: 1 }, 'mlflow.spanOutputs': 'a' } }];
    await exportLikeMlflowTracing(host, experimentId, traceId, spans, { input_tokens: 1, output_tokens: 1, total_tokens: 2 }, ed);
    expect((await readLikeMlflowTracing(host, traceId, ed)).spans.map((span) => span['name'])).toEqual(['agent']);
    // The default READ reads the trace, but starting one needs EDIT.
    expect((await readLikeMlflowTracing(host, traceId, rita)).info).toMatchObject({ trace_id: traceId, state: 'OK' });
    const body = JSON.stringify({ trace: { trace_info: { trace_id: `tr-${hex(16)}`, trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } } } } });
    const refused = await fetch(`${host}/api/3.0/mlflow/traces`, { method: 'POST', headers: { 'content-type': 'application/json', ...rita }, body });
    expect([refused.status, ((await refused.json()) as { error_code: string }).error_code]).toEqual([403, 'PERMISSION_DENIED']);
    expect((await fetch(`${host}/api/3.0/mlflow/traces/${traceId}`)).status).toBe(401);

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  }, 60_000);
});
