import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockLlmServer, type MockLlmServer } from '../../testing/mock-llm/create-mock-llm-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(here, '..', '..', '..', '..', '..');

interface AppReport {
  versions: Record<'@langchain/core' | '@langchain/openai', string>;
  openaiSharedWithChatOpenAI: boolean;
  traces: string[][];
}

// What __fixtures__/langchain-app.ts records with every @langchain/core: one
// span per ChatOpenAI call (the openai call inside it gets none), direct
// openai calls nested under their RunnableLambda, and the run in a request
// handler of a server created before autolog().
const EXPECTED_TREES = [
  ['CHAIN esm-invoke', '  CHAIN ChatPromptTemplate', '  CHAT_MODEL ChatOpenAI', '  PARSER StrOutputParser'],
  ['CHAIN esm-stream', '  CHAIN ChatPromptTemplate', '  CHAT_MODEL ChatOpenAI', '  PARSER StrOutputParser'],
  ['CHAIN esm-direct-openai-call', '  CHAT_MODEL chat gpt-4o-mini'],
  ['CHAIN cjs-invoke', '  CHAIN ChatPromptTemplate', '  CHAT_MODEL ChatOpenAI', '  PARSER StrOutputParser'],
  ['CHAIN cjs-stream', '  CHAIN ChatPromptTemplate', '  CHAT_MODEL ChatOpenAI', '  PARSER StrOutputParser'],
  ['CHAIN cjs-direct-openai-call', '  CHAT_MODEL chat gpt-4o-mini'],
  ['CHAIN esm-in-server-created-before-autolog', '  CHAIN ChatPromptTemplate', '  CHAT_MODEL ChatOpenAI', '  PARSER StrOutputParser'],
];

let server: MockLlmServer;

/** Runs __fixtures__/langchain-app.ts under tsx with the given packages replaced by npm aliases of @assay/sdk's devDependencies. */
async function runApp(aliases: Record<string, string>): Promise<AppReport> {
  const trackingUri = await mkdtemp(join(tmpdir(), 'assay-langchain-app-'));
  try {
    return await runAppWithStore(aliases, trackingUri);
  } finally {
    await rm(trackingUri, { recursive: true, force: true });
  }
}

async function runAppWithStore(aliases: Record<string, string>, trackingUri: string): Promise<AppReport> {
  const args = ['--conditions=@assay/source', '--import', 'tsx', '--import', join(here, '__fixtures__', 'redirect-packages.mjs')];
  const child = spawn(process.execPath, [...args, join(here, '__fixtures__', 'langchain-app.ts'), server.baseURL, trackingUri], {
    cwd: repositoryRoot,
    env: { ...process.env, ASSAY_TEST_PACKAGE_ALIASES: JSON.stringify(aliases) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', resolvePromise);
  });
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as AppReport;
}

function chatCompletionRequests(): number {
  return server.requests.filter((request) => request.path === '/v1/chat/completions').length;
}

describe('LangChain autolog across the @langchain/core 1.x minors it supports, both builds, under tsx', () => {
  beforeAll(async () => {
    server = await createMockLlmServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it.each<{ minor: string; aliases: Record<string, string>; versions: AppReport['versions'] }>([
    { minor: 'the newest, 1.4 (with @langchain/openai 1.5)', aliases: {}, versions: { '@langchain/core': '1.4.0', '@langchain/openai': '1.5.8' } },
    {
      minor: 'the oldest, 1.0 (with @langchain/openai 1.2)',
      aliases: { '@langchain/core': 'langchain-core-1-0', '@langchain/openai': 'langchain-openai-1-2' },
      versions: { '@langchain/core': '1.0.0', '@langchain/openai': '1.2.7' },
    },
  ])('$minor: one span per ChatOpenAI call and the same trees', async ({ aliases, versions }) => {
    const before = chatCompletionRequests();
    const report = await runApp(aliases);
    expect(report.versions).toEqual(versions);
    expect(report.openaiSharedWithChatOpenAI).toBe(true);
    expect(report.traces).toEqual(EXPECTED_TREES);
    // Every chat completion the app requested has exactly one span.
    expect(chatCompletionRequests() - before).toBe(EXPECTED_TREES.flat().filter((line) => line.trim().startsWith('CHAT_MODEL')).length);
  });
});
