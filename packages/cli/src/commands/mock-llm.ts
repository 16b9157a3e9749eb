import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { collectMockFailures } from '../options/collect-mock-failures.js';
import { parseNonNegativeInteger } from '../options/parse-non-negative-integer.js';
import type { MockLlmCommandOptions } from './mock-llm/serve-mock-llm.js';

const DEFAULT_PORT = 4010;
const DEFAULT_HOST = '127.0.0.1';
const MAX_DELAY_MS = 600_000;

function parsePort(value: string): number {
  return parseNonNegativeInteger(value, 65_535);
}

function parseDelay(value: string): number {
  return parseNonNegativeInteger(value, MAX_DELAY_MS);
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
    .option('--json', 'print one JSON line ({ url, baseURL, model }) once listening, e.g. to read the port of --port 0')
    .addHelpText(
      'after',
      `
Answers are deterministic: a script entry, else the first matching rule, else
"Echo: <last user message>". Requests that require a tool (tool_choice
"required" or a named function) get a call with arguments generated from the
tool's JSON schema; requests for JSON (response_format json_object or
json_schema, the Responses API's text.format) get JSON: an instance of the
schema, or the prompt's JSON template filled in (what LLM judges ask for).
Rules file: a JSON array of {"when": {contains?, regex?, tool?, hasToolResult?},
"reply": "text" | {"content"?, "toolCalls"?: [{"name", "arguments"?}]}}; "{{input}}"
in a reply is the last user message. Stop the server with Ctrl+C.

Examples:
  $ assay mock-llm
  $ OPENAI_BASE_URL=http://127.0.0.1:4010/v1 OPENAI_API_KEY=mock node app.js
  $ assay mock-llm --port 0 --latency-ms 200 --chunk-delay-ms 20
  $ assay mock-llm --script answers.jsonl --rules rules.json
  $ assay mock-llm --port 0 --json                      {"url":"http://127.0.0.1:41234",...}
  $ assay mock-llm --fail 429:3 --fail hang@/v1/embeddings`,
    )
    .action(async (options: MockLlmCommandOptions, command: Command) => {
      const { serveMockLlm } = await import('./mock-llm/serve-mock-llm.js');
      await serveMockLlm({ context, command, options });
    });
}
