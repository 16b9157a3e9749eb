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
async function startNext(trackingUri: string, mode: 'start' | 'dev' = 'start'): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const start = nextCommand([mode, '-p', String(port), '-H', '127.0.0.1']);
  const child = spawn(start.command, start.args, {
    cwd: app,
    env: { ...env, ASSAY_TRACKING_URI: trackingUri, OPENAI_BASE_URL: llm.baseURL, OPENAI_API_KEY: 'mock', CHAT_MODEL: 'mock-gpt' },
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

/** Reads the traces a run of the app stored, with `check` given each with its spans. */
async function readTraces(trackingUri: string, check: (traces: Trace[]) => void): Promise<void> {
  const assay = createAssay({ trackingUri });
  try {
    const { traces } = await assay.searchTraces({ maxResults: 100 });
    check(await Promise.all(traces.map((info) => assay.getTrace(info.traceId))));
  } finally {
    await assay.dispose();
  }
}

async function chat(url: string, message: string, stream: boolean): Promise<string> {
  const response = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message, stream }) });
  expect(response.status).toBe(200);
  return stream ? response.text() : ((await response.json()) as { answer: string }).answer;
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
});
