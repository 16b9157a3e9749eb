import { isIP } from 'node:net';
import { Command } from 'commander';
import { AssayError } from '@assay/core';
import { createMockLlmServer, loadMockRules, loadMockScript } from '@assay/sdk/test';
import type { MockFailure, MockLlmServer } from '@assay/sdk/test';
import type { CliContext } from '../cli-context.js';
import { collectMockFailures } from '../options/collect-mock-failures.js';
import { parseNonNegativeInteger } from '../options/parse-non-negative-integer.js';

const DEFAULT_PORT = 4010;
const DEFAULT_HOST = '127.0.0.1';
const MAX_DELAY_MS = 600_000;

interface MockLlmCommandOptions {
  port: number;
  host: string;
  latencyMs?: number;
  chunkDelayMs?: number;
  script?: string;
  rules?: string;
  model?: string;
  fail?: MockFailure[];
}

function parsePort(value: string): number {
  return parseNonNegativeInteger(value, 65_535);
}

function parseDelay(value: string): number {
  return parseNonNegativeInteger(value, MAX_DELAY_MS);
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Resolves on the first SIGINT or SIGTERM, then stops listening for them. */
function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

async function startServer(options: MockLlmCommandOptions): Promise<MockLlmServer> {
  const [script, rules] = await Promise.all([
    options.script === undefined ? undefined : loadMockScript(options.script),
    options.rules === undefined ? undefined : loadMockRules(options.rules),
  ]);
  try {
    return await createMockLlmServer({
      host: options.host,
      port: options.port,
      ...(script === undefined ? {} : { script }),
      ...(rules === undefined ? {} : { answers: rules }),
      ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
      ...(options.chunkDelayMs === undefined ? {} : { chunkDelayMs: options.chunkDelayMs }),
      ...(options.fail === undefined ? {} : { failures: options.fail }),
      ...(options.model === undefined ? {} : { model: options.model }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
      const reason = code === 'EADDRINUSE' ? 'the port is in use (try another --port, or --port 0 for a free one)' : (error as Error).message;
      throw new AssayError('INVALID_PARAMETER_VALUE', `Cannot listen on ${options.host}:${options.port}: ${reason}.`, { cause: error });
    }
    throw error;
  }
}

/**
 * `assay mock-llm`: runs an OpenAI-compatible mock LLM server (chat
 * completions, responses, embeddings) until SIGINT or SIGTERM, for offline
 * demos and tests.
 */
export function createMockLlmCommand(context: CliContext): Command {
  return new Command('mock-llm')
    .description('Run an OpenAI-compatible mock LLM server (chat completions, responses, embeddings) for offline demos and tests')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, DEFAULT_PORT)
    .option('--host <host>', 'address to bind (keep it on loopback: the server has no authentication)', DEFAULT_HOST)
    .option('--latency-ms <ms>', 'delay before every response', parseDelay)
    .option('--chunk-delay-ms <ms>', 'delay between the chunks of a streamed response', parseDelay)
    .option('--script <file>', 'JSONL file of scripted answers ({"match"?, "response"?, "embedding"?} per line)')
    .option('--rules <file>', 'JSON file with an array of answer rules ({"when": {...}, "reply": ...}); default: echo')
    .option('--model <name>', 'model listed by GET /v1/models', 'mock-gpt')
    .option('--fail <spec>', 'inject failures, repeatable: <status|hang|reset>[:times][@path]', collectMockFailures)
    .addHelpText(
      'after',
      `
Answers are deterministic: a script entry, else the first matching rule, else
"Echo: <last user message>". Stop the server with Ctrl+C.

Examples:
  $ assay mock-llm
  $ OPENAI_BASE_URL=http://127.0.0.1:4010/v1 OPENAI_API_KEY=mock node app.js
  $ assay mock-llm --port 0 --latency-ms 200 --chunk-delay-ms 20
  $ assay mock-llm --script answers.jsonl --rules rules.json
  $ assay mock-llm --fail 429:3 --fail hang@/v1/embeddings`,
    )
    .action(async (options: MockLlmCommandOptions) => {
      if (options.host.trim() === '') throw new AssayError('INVALID_PARAMETER_VALUE', '--host must not be empty.');
      if (!isLoopback(options.host)) {
        context.stderr(`warning: --host ${options.host} is not a loopback address; the mock LLM server is exposed without authentication.\n`);
      }
      const server = await startServer(options);
      const shutdown = waitForShutdownSignal();
      context.stdout(`Mock LLM listening on ${server.baseURL}\n`);
      context.stdout(`Use it with: OPENAI_BASE_URL=${server.baseURL} OPENAI_API_KEY=mock\n`);
      const signal = await shutdown;
      await server.close();
      context.stderr(`Mock LLM stopped (${signal}) after ${server.requests.length} ${server.requests.length === 1 ? 'request' : 'requests'}.\n`);
    });
}
