import { AssayError } from '@assay/core';
import { createMockLlmServer, loadMockRules, loadMockScript } from '@assay/sdk/test';
import type { MockFailure, MockLlmServer } from '@assay/sdk/test';
import type { CommandInvocation } from '../command-invocation.js';
import { isLoopbackHost } from '../serving/is-loopback-host.js';
import { toListenError } from '../serving/to-listen-error.js';
import { waitForShutdownSignal } from '../serving/wait-for-shutdown-signal.js';

/** The options of `assay mock-llm`. */
export interface MockLlmCommandOptions {
  /** The port to listen on (0: a free one). */
  port: number;
  /** The address to bind. */
  host: string;
  /** Delay before every response. */
  latencyMs?: number;
  /** Delay between the chunks of a streamed response. */
  chunkDelayMs?: number;
  /** A JSONL file of scripted answers. */
  script?: string;
  /** A JSON file of answer rules. */
  rules?: string;
  /** The model listed by `GET /v1/models`. */
  model?: string;
  /** Failures to inject. */
  fail?: MockFailure[];
  /** Print one JSON line with the addresses instead of the text lines. */
  json?: boolean;
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
    throw toListenError({ error, host: options.host, port: options.port });
  }
}

/** `assay mock-llm`: serves until SIGINT or SIGTERM, then says how many requests it answered. */
export async function serveMockLlm({ context, options }: CommandInvocation<MockLlmCommandOptions>): Promise<void> {
  if (options.host.trim() === '') throw new AssayError('INVALID_PARAMETER_VALUE', '--host must not be empty.');
  if (!isLoopbackHost(options.host)) {
    context.stderr(`warning: --host ${options.host} is not a loopback address; the mock LLM server is exposed without authentication.\n`);
  }
  const server = await startServer(options);
  const shutdown = waitForShutdownSignal();
  if (options.json) {
    // One line, so a script can read it as soon as the server listens.
    context.stdout(`${JSON.stringify({ url: server.url, baseURL: server.baseURL, model: options.model ?? 'mock-gpt' })}\n`);
  } else {
    context.stdout(`Mock LLM listening on ${server.baseURL}\n`);
    context.stdout(`Use it with: OPENAI_BASE_URL=${server.baseURL} OPENAI_API_KEY=mock\n`);
  }
  const signal = await shutdown;
  await server.close();
  context.stderr(`Mock LLM stopped (${signal}) after ${server.requests.length} ${server.requests.length === 1 ? 'request' : 'requests'}.\n`);
}
