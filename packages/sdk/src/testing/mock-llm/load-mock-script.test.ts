import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@assay/core';
import { loadMockRules } from './load-mock-rules.js';
import { loadMockScript, parseMockScript } from './load-mock-script.js';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'assay-mock-script-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, text);
  return path;
}

describe('loadMockScript', () => {
  it('reads entries and skips blank lines', async () => {
    const path = await write('ok.jsonl', '{"response":"a"}\r\n\n{"match":"x","response":{"toolCalls":[{"name":"f"}]}}\n');
    expect(await loadMockScript(path)).toEqual([{ response: 'a' }, { match: 'x', response: { toolCalls: [{ name: 'f' }] } }]); // arguments left to the tool's schema
  });

  it('names the file and line of bad JSON', async () => {
    const path = await write('bad-json.jsonl', '{"response":"a"}\n{"response": nope}\n');
    const error = await loadMockScript(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toMatch(new RegExp(`^${path.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: invalid JSON \\(`));
  });

  it('names the file, line and field of a bad entry', async () => {
    const path = await write('bad-shape.jsonl', '{"response":"a"}\n{"response":"b"}\n{"response":{"toolCalls":[{"name":""}]}}\n');
    await expect(loadMockScript(path)).rejects.toThrow(`${path}:3: the entry.response.toolCalls[0].name must be a non-empty string, got the string "".`);
  });

  it('explains other bad shapes', () => {
    expect(() => parseMockScript('[1]', 's.jsonl')).toThrow('s.jsonl:1: the entry must be an object { match?, response?, embedding? }, got an array.');
    expect(() => parseMockScript('{"match":"x"}', 's.jsonl')).toThrow('s.jsonl:1: the entry needs a response or an embedding.');
    expect(() => parseMockScript('{"reply":"x"}', 's.jsonl')).toThrow('s.jsonl:1: the entry has unknown field(s) reply; expected match, response, embedding.');
    expect(() => parseMockScript('{"embedding":["a"]}', 's.jsonl')).toThrow('s.jsonl:1: the entry.embedding must be a non-empty array of finite numbers.');
    expect(() => parseMockScript('{"response":{}}', 's.jsonl')).toThrow('s.jsonl:1: the entry.response needs content or at least one tool call.');
  });

  it('names a file it cannot read', async () => {
    await expect(loadMockScript(join(directory, 'missing.jsonl'))).rejects.toThrow(`Cannot read the mock script ${join(directory, 'missing.jsonl')}: ENOENT`);
  });
});

describe('loadMockRules', () => {
  it('reads an array of rules', async () => {
    const path = await write('rules.json', JSON.stringify([{ when: { contains: 'hi' }, reply: 'hello' }, { reply: { content: 'x' } }]));
    expect(await loadMockRules(path)).toEqual([
      { when: { contains: 'hi' }, reply: 'hello' },
      { when: {}, reply: { content: 'x' } },
    ]);
  });

  it('names the file and the rule of a problem', async () => {
    await expect(loadMockRules(await write('object.json', '{}'))).rejects.toThrow('expected a JSON array of rules { when, reply }, got an object.');
    await expect(loadMockRules(await write('broken.json', '[{'))).rejects.toThrow(/^Cannot read the mock rules .*broken\.json: invalid JSON/);
    await expect(loadMockRules(await write('bad-rule.json', '[{"when":{"hasToolResult":"yes"},"reply":"x"}]'))).rejects.toThrow(
      'bad-rule.json: rule 1.when.hasToolResult must be true or false, got the string "yes".',
    );
  });
});
