import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { answerCorrectness } from '@assay/evaluate';
import { spawnCli } from '../__fixtures__/spawn-cli.js';
import { main } from '../program.js';

const repositoryRoot = fileURLToPath(new URL('../../../..', import.meta.url));

async function capture(args: readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(['node', 'assay', ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
    openStore: () => Promise.reject(new Error('no store in this test')),
  });
  return { exitCode, stdout, stderr };
}

describe('assay mock-llm', () => {
  it('serves until SIGTERM and then exits cleanly', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'assay-mock-llm-cli-'));
    try {
      const rules = join(directory, 'rules.json');
      await writeFile(rules, JSON.stringify([{ when: { contains: 'ping' }, reply: 'pong' }]));
      const cli = spawnCli(['mock-llm', '--port', '0', '--rules', rules, '--fail', '503:1@/v1/chat/completions']);
      try {
        await expect.poll(() => cli.stdout, { timeout: 20_000, interval: 50 }).toMatch(/Use it with: .*\n/);
        const baseURL = /^Mock LLM listening on (http:\/\/127\.0\.0\.1:\d+\/v1)$/m.exec(cli.stdout)?.[1];
        expect(baseURL).toBeDefined();
        expect(cli.stdout).toContain(`OPENAI_BASE_URL=${baseURL} OPENAI_API_KEY=mock`);

        const request = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'ping' }] }) };
        const failed = await fetch(`${baseURL}/chat/completions`, request);
        expect(failed.status).toBe(503);
        const answered = await fetch(`${baseURL}/chat/completions`, request);
        expect(((await answered.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe('pong');
      } finally {
        cli.child.kill('SIGTERM');
      }
      expect(await cli.exited).toEqual({ code: 0, signal: null });
      expect(cli.stderr).toBe('Mock LLM stopped (SIGTERM) after 2 requests.\n');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("serves the README's rules example, and prints its address as JSON", async () => {
    const readme = await readFile(join(repositoryRoot, 'README.md'), 'utf8');
    const example = /<!-- packages\/cli\/src\/commands\/mock-llm\.test\.ts serves the next block: keep it valid\. -->\n```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example, 'the rules example block of the README').toBeDefined();
    const directory = await mkdtemp(join(tmpdir(), 'assay-mock-llm-cli-'));
    const rules = join(directory, 'rules.json');
    await writeFile(rules, example!);
    const cli = spawnCli(['mock-llm', '--port', '0', '--rules', rules, '--json']);
    try {
      await expect.poll(() => cli.stdout, { timeout: 20_000, interval: 50 }).toMatch(/\n$/);
      const address = JSON.parse(cli.stdout) as { url: string; baseURL: string; model: string };
      expect(address).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as string, baseURL: `${address.url}/v1`, model: 'mock-gpt' });
      const client = new OpenAI({ baseURL: address.baseURL, apiKey: 'mock', maxRetries: 0 });
      const weather = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
      const ticket = {
        type: 'function' as const,
        function: { name: 'open_ticket', parameters: { type: 'object', properties: { reason: { type: 'string', enum: ['refund', 'other'] } }, required: ['reason'] } },
      };

      const call = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Weather?' }], tools: [weather] });
      expect(call.choices[0]!.message.tool_calls).toEqual([{ id: 'call_mock_1_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
      const answer = await client.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'Weather?' }, call.choices[0]!.message, { role: 'tool', tool_call_id: 'call_mock_1_0', content: 'rain' }],
        tools: [weather],
      });
      expect(answer.choices[0]!.message.content).toBe('Light rain in Paris this afternoon, 14 °C: take an umbrella.');
      const greeting = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hello there' }] });
      expect(greeting.choices[0]!.message.content).toBe('Hello! Ask me about the weather.');
      const refund = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'I want a refund' }], tools: [ticket] });
      expect(refund.choices[0]!.message).toMatchObject({ content: 'I opened a refund ticket.', tool_calls: [{ function: { name: 'open_ticket', arguments: '{"reason":"refund"}' } }] });

      const judge = answerCorrectness({ model: 'mock-gpt', baseURL: address.baseURL, apiKey: 'mock' });
      const scores = await judge.scoreRows(
        [
          { index: 0, inputs: { question: 'Capital of France?' }, output: 'Lyon is the capital.', targets: 'Paris' },
          { index: 1, inputs: { question: 'Capital of France?' }, output: 'Paris.', targets: 'Paris' },
        ],
        { concurrency: 1 },
      );
      expect(scores.map((score) => score.values.answer_correctness)).toEqual([1, 5]);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('rejects bad options with a usage error', async () => {
    const port = await capture(['mock-llm', '--port', '70000']);
    expect(port.exitCode).toBe(2);
    expect(port.stderr).toContain("option '--port <port>' argument '70000' is invalid. Expected a whole number from 0 to 65535.");

    const fail = await capture(['mock-llm', '--fail', '200']);
    expect(fail.exitCode).toBe(2);
    expect(fail.stderr).toContain('Expected an HTTP error status from 400 to 599; got 200.');

    const spec = await capture(['mock-llm', '--fail', 'sometimes']);
    expect(spec.exitCode).toBe(2);
    expect(spec.stderr).toContain("Expected <status|hang|reset>[:times][@path], e.g. 429:3 or hang@/v1/chat/completions; got 'sometimes'.");

    const latency = await capture(['mock-llm', '--latency-ms', '-5']);
    expect(latency.exitCode).toBe(2);
    expect(latency.stderr).toContain('Expected a whole number from 0 to 600000.');
  });

  it('reports an unreadable script or rules file', async () => {
    const script = await capture(['mock-llm', '--script', '/nonexistent/answers.jsonl']);
    expect(script.exitCode).toBe(1);
    expect(script.stderr).toContain('error: Cannot read the mock script /nonexistent/answers.jsonl: ENOENT');
    expect(script.stdout).toBe('');

    const directory = await mkdtemp(join(tmpdir(), 'assay-mock-llm-cli-'));
    try {
      const rules = join(directory, 'rules.json');
      await writeFile(rules, '[{"when": {"regex": "("}, "reply": "x"}]');
      const result = await capture(['mock-llm', '--rules', rules]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`error: ${rules}: rule 1.when.regex is not a valid regular expression`);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
