// The Next.js example (examples/nextjs-chat) as a user runs it: the packages
// packed and installed with npm beside the real Next.js, `next build`, then
// `next start` serving plain and streamed chat requests against the mock LLM,
// stopped by SIGTERM right after; every call's trace is read back from the
// local store with its model and token usage.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trace } from '@assay/core';
import { createAssay } from '@assay/sdk';
import { createMockLlmServer, type MockLlmServer } from '@assay/sdk/test';
import { startTestHttpServer } from '../http/http-server.js';
import { createScratchApp, userEnvironment } from '../packaging/create-scratch-app.js';
import { packWorkspacePackages } from '../packaging/pack-workspace-packages.js';
import { runCommandOrFail } from '../packaging/run-command.js';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const exampleFiles = join(repositoryRoot, 'examples', 'nextjs-chat');
const example = JSON.parse(readFileSync(join(exampleFiles, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

let scratch: string;
let app: string;
let env: NodeJS.ProcessEnv;
let llm: MockLlmServer;

function nextCommand(args: readonly string[]): { command: string; args: string[] } {
  return { command: process.execPath, args: [join(app, 'node_modules', 'next', 'dist', 'bin', 'next'), ...args] };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'assay-nextjs-'));
  app = join(scratch, 'app');
  env = { ...userEnvironment(process.env), NEXT_TELEMETRY_DISABLED: '1' };
  const tarballs = join(scratch, 'tarballs');
  mkdirSync(tarballs);
  const packed = await packWorkspacePackages({ repositoryRoot, destination: tarballs, env: process.env });
  const { ['@assay/sdk']: _fromRegistry, ...registryDependencies } = { ...example.dependencies, ...example.devDependencies };
  await createScratchApp({
    directory: app,
    packages: packed.filter(({ name }) => ['@assay/core', '@assay/store', '@assay/sdk'].includes(name)),
    registryDependencies,
    files: exampleFiles,
    env,
  });
  const build = nextCommand(['build']);
  await runCommandOrFail({ ...build, cwd: app, env });
  llm = await createMockLlmServer();
}, 900_000);

afterAll(async () => {
  await llm?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** `next start` (or `next dev`) on a free port; resolves once it serves. */
async function startNext(
  trackingUri: string,
  mode: 'start' | 'dev' = 'start',
  extraEnv: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const start = nextCommand([mode, '-p', String(port), '-H', '127.0.0.1']);
  const child = spawn(start.command, start.args, {
    cwd: app,
    env: { ...env, ASSAY_TRACKING_URI: trackingUri, OPENAI_BASE_URL: llm.baseURL, OPENAI_API_KEY: 'mock', CHAT_MODEL: 'mock-gpt', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/Ready in/.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('close', (code) => reject(new Error(`next start exited (${code}) before it was ready:\n${output}`)));
  });
  await ready;
  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
}

/** The traces a run of the app stored (in the Default experiment, or the named one), each with its spans. */
async function tracesOf(trackingUri: string, experimentName?: string): Promise<Trace[]> {
  const assay = createAssay({ trackingUri });
  try {
    const experiment = experimentName === undefined ? undefined : await assay.getExperimentByName(experimentName);
    if (experimentName !== undefined && experiment === undefined) return [];
    const { traces } = await assay.searchTraces({ maxResults: 100, ...(experiment ? { experimentIds: [experiment.experimentId] } : {}) });
    return await Promise.all(traces.map((info) => assay.getTrace(info.traceId)));
  } finally {
    await assay.dispose();
  }
}

/** Reads the traces a run of the app stored, with `check` given each with its spans. */
async function readTraces(trackingUri: string, check: (traces: Trace[]) => void): Promise<void> {
  check(await tracesOf(trackingUri));
}

async function chat(url: string, message: string, stream: boolean, route = '/api/chat', extra: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message, stream, ...extra }) });
  expect(response.status).toBe(200);
  return stream ? response.text() : ((await response.json()) as { answer: string }).answer;
}

/** The requests of the server tests: each route of the example, plain and streamed, with the client it uses. */
const ROUTES = [
  { route: '/api/chat', runtime: 'nodejs', client: 'openai', extra: {} },
  { route: '/api/ai-chat', runtime: 'nodejs', client: 'ai-sdk', extra: {} },
  { route: '/api/edge-chat', runtime: 'edge', client: 'openai', extra: { via: 'openai' } },
  { route: '/api/edge-chat', runtime: 'edge', client: 'ai-sdk', extra: { via: 'ai-sdk' } },
] as const;

/** Sends each route a plain and a streamed request; returns the questions asked, by runtime and client. */
async function askEveryRoute(url: string, label: string): Promise<Map<string, string>> {
  const asked = new Map<string, string>();
  for (const { route, runtime, client, extra } of ROUTES) {
    for (const stream of [false, true]) {
      const question = `${label} ${runtime} ${client} ${stream ? 'streamed' : 'plain'}`;
      expect(await chat(url, question, stream, route, extra)).toBe(`Echo: ${question}`);
      asked.set(question, `${runtime} ${client}`);
    }
  }
  return asked;
}

/** Waits (while the app runs) until the server holds `count` traces of the experiment: Edge routes send theirs in after(). */
async function waitForTraces(serverUrl: string, experimentName: string, count: number): Promise<void> {
  while ((await tracesOf(serverUrl, experimentName)).length < count) await new Promise((resolve) => setTimeout(resolve, 200));
}

/** Checks the traces of askEveryRoute's questions: one per question, typed, with model and usage, from the right runtime. */
function expectEveryRouteTraced(traces: Trace[], asked: Map<string, string>): void {
  expect(traces).toHaveLength(asked.size);
  const byQuestion = new Map(traces.map((trace) => [[...asked.keys()].find((question) => trace.info.requestPreview?.includes(question)), trace]));
  for (const [question, kind] of asked) {
    const trace = byQuestion.get(question);
    expect(trace, question).toBeDefined();
    const spans = trace!.spans.map((span) => [span.name, span.spanType]).sort();
    if (kind.endsWith('openai')) {
      expect(spans, question).toEqual([['chat mock-gpt', 'CHAT_MODEL']]);
      expect(trace!.spans[0]!.attributes['gen_ai.request.model']).toBe('mock-gpt');
    } else {
      const operation = question.endsWith('streamed') ? 'ai.streamText' : 'ai.generateText';
      expect(spans, question).toEqual([
        [operation, 'CHAIN'],
        [`${operation}.${question.endsWith('streamed') ? 'doStream' : 'doGenerate'}`, 'LLM'],
      ]);
    }
    expect(trace!.info.tokenUsage?.totalTokens, question).toBeGreaterThan(0);
    expect(trace!.info.responsePreview, question).toContain(`Echo: ${question}`);
    // The Edge route names itself in the OTLP resource, which the server keeps as trace metadata.
    expect(trace!.info.metadata['service.name'], question).toBe(kind.startsWith('edge') ? 'nextjs-chat-edge' : undefined);
  }
}

describe('the Next.js example, built and started with the packed packages', () => {
  it('traces every plain and streamed OpenAI call of its route handler with autolog() and withAssay(), kept through a SIGTERM right after', async () => {
    const trackingUri = join(scratch, 'store');
    const { child, url, output } = await startNext(trackingUri);
    const questions = Array.from({ length: 6 }, (_, index) => `question ${index}`);
    const answers = await Promise.all(questions.map((question, index) => chat(url, question, index % 2 === 1)));
    expect(answers).toEqual(questions.map((question) => `Echo: ${question}`));
    child.kill('SIGTERM');
    await once(child, 'close');
    expect(output()).not.toContain('[assay]');

    await readTraces(trackingUri, (traces) => {
      expect(traces).toHaveLength(6);
      for (const trace of traces) {
        expect(trace.spans.map((span) => [span.name, span.spanType])).toEqual([['chat mock-gpt', 'CHAT_MODEL']]);
        expect(trace.spans[0]!.attributes['gen_ai.request.model']).toBe('mock-gpt');
        // The mock counts words: "question N" is 2 prompt tokens, "Echo: question N" 3 completion tokens.
        expect(trace.info.tokenUsage).toEqual({ inputTokens: 2, outputTokens: 3, totalTokens: 5 });
      }
      expect(traces.map((trace) => trace.info.requestPreview).sort()).toEqual(questions.map((question) => expect.stringContaining(question)));
    });
  });

  it('traces the OpenAI calls of a server component and a server action, and a LangChain chain, with autolog() and withAssay()', async () => {
    const trackingUri = join(scratch, 'app-router-store');
    const { child, url, output } = await startNext(trackingUri);
    try {
      // A server component calls OpenAI while it renders.
      const page = await fetch(`${url}/answer?q=${encodeURIComponent('component question')}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Echo: component question');
      // A server action, posted as a browser without JavaScript posts the form: its action id is a hidden field.
      const form = await (await fetch(`${url}/ask`)).text();
      const actionField = /name="(\$ACTION_ID_[0-9a-f]+)"/u.exec(form)?.[1];
      expect(actionField, form).toBeDefined();
      const body = new FormData();
      body.set(actionField!, '');
      body.set('question', 'action question');
      const posted = await fetch(`${url}/ask`, { method: 'POST', body, redirect: 'manual' });
      expect(posted.status).toBe(303);
      expect(decodeURIComponent(posted.headers.get('location') ?? '')).toContain('answer=Echo: action question');
      // A LangChain chain: its runs, and the model's OpenAI call recorded once (as the chat model's span).
      expect(await chat(url, 'chain question', false, '/api/langchain-chat')).toBe('Echo: chain question');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'close');
    }
    expect(output()).not.toContain('[assay]');
    const traces = await tracesOf(trackingUri);
    expect(traces).toHaveLength(3);
    const byQuestion = (question: string): Trace => traces.find((trace) => JSON.stringify(trace.spans.map((span) => span.attributes['mlflow.spanInputs'])).includes(question))!;
    for (const question of ['component question', 'action question']) {
      const trace = byQuestion(question);
      expect(trace, question).toBeDefined();
      expect(trace.spans.map((span) => [span.name, span.spanType])).toEqual([['chat mock-gpt', 'CHAT_MODEL']]);
      expect(trace.info.tokenUsage).toEqual({ inputTokens: 2, outputTokens: 3, totalTokens: 5 });
    }
    const chain = byQuestion('chain question');
    expect(chain.spans.map((span) => `${span.spanType} ${span.name}`).sort()).toEqual(['CHAIN ChatPromptTemplate', 'CHAIN RunnableSequence', 'CHAT_MODEL ChatOpenAI']);
    expect(chain.info.tokenUsage?.totalTokens).toBeGreaterThan(0);
  });

  it('next dev: traces each call once, also after a hot reload of the route', async () => {
    const trackingUri = join(scratch, 'dev-store');
    const { child, url, output } = await startNext(trackingUri, 'dev');
    let calls = 0;
    const ask = async (stream: boolean): Promise<void> => {
      calls += 1;
      expect(await chat(url, `dev question ${calls}`, stream)).toBe(`Echo: dev question ${calls}`);
    };
    try {
      await ask(false);
      await ask(true);
      // An edit of the route: Next recompiles and reloads its module; autolog (registered once) must not trace twice.
      appendFileSync(join(app, 'app', 'api', 'chat', 'route.ts'), '\nexport function GET(): Response {\n  return Response.json({ reloaded: true });\n}\n');
      for (;;) {
        const probe = await fetch(`${url}/api/chat`);
        if (probe.status === 200 && ((await probe.json()) as { reloaded?: boolean }).reloaded === true) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await ask(false);
      await ask(true);
      // Stored before next dev is stopped: it SIGKILLs its server 100 ms after SIGTERM, and a loaded machine
      // can keep the server's event loop (where the signal's save runs) busy longer (a trace was lost so once).
      while ((await tracesOf(trackingUri)).length < calls) await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      child.kill('SIGTERM');
      await once(child, 'close');
    }
    expect(output()).not.toContain('[assay]');
    await readTraces(trackingUri, (traces) => {
      expect(traces).toHaveLength(calls);
      for (const trace of traces) expect(trace.spans).toHaveLength(1);
    });
  });

  it.each(['start', 'dev'] as const)('next %s with an Assay server: the Node and Edge routes, the openai client and the AI SDK, plain and streamed', async (mode) => {
    const server = await startTestHttpServer();
    const experimentName = `nextjs-${mode}`;
    try {
      const { child, url, output } = await startNext(server.url, mode, { ASSAY_EXPERIMENT_NAME: experimentName });
      let asked: Map<string, string>;
      try {
        asked = await askEveryRoute(url, mode);
        await waitForTraces(server.url, experimentName, ROUTES.filter(({ runtime }) => runtime === 'edge').length * 2);
      } finally {
        child.kill('SIGTERM');
        await once(child, 'close');
      }
      expect(output()).not.toContain('[assay]');
      expectEveryRouteTraced(await tracesOf(server.url, experimentName), asked);
      expect(server.errors).toEqual([]);
    } finally {
      await server.dispose();
    }
  });
});
