import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistryEvent } from '@assay/core';
import type { Prompt, PromptDiff } from '@assay/sdk';
import { createTemporaryStoreDirectory, runCli, runCliJson } from '../__fixtures__/run-cli.js';
import { main } from '../program.js';

interface PromptVersionJson {
  name: string;
  version: number;
  uri: string;
  type: 'text' | 'chat';
  template: unknown;
  variables: string[];
  commitMessage?: string;
  aliases: string[];
  modelConfig?: Record<string, unknown>;
  tags: Record<string, string>;
}

describe('assay prompts', () => {
  let directory: { path: string; remove: () => Promise<void> };

  beforeAll(async () => {
    directory = await createTemporaryStoreDirectory();
  });

  afterAll(async () => {
    await directory.remove();
  });

  const cli = (args: readonly string[]) => runCli(directory.path, args);
  const cliJson = <T>(args: readonly string[]) => runCliJson<T>(directory.path, args);

  it('registers text versions from --template and --file, with a commit message and model config', async () => {
    const first = await cli(['prompts', 'register', 'support-answer', '--template', 'Answer {{question}} politely.', '--message', 'first cut', '--actor', 'ana']);
    expect(first).toEqual({ exitCode: 0, stderr: '', stdout: "Registered version 1 of prompt 'support-answer' (text, variables question): prompts:/support-answer/1\n" });

    const file = join(directory.path, 'answer.txt');
    await writeFile(file, 'Answer {{question}} politely.\nReply in {{language}}.');
    const second = await cliJson<PromptVersionJson>([
      'prompts', 'register', 'support-answer', '--file', file, '--message', 'languages', '--model-config', '{"model":"gpt-4o-mini","temperature":0.2}', '--tag', 'team=support',
    ]);
    expect(second).toEqual({
      name: 'support-answer',
      version: 2,
      uri: 'prompts:/support-answer/2',
      type: 'text',
      template: 'Answer {{question}} politely.\nReply in {{language}}.',
      variables: ['question', 'language'],
      commitMessage: 'languages',
      aliases: [],
      modelConfig: { model: 'gpt-4o-mini', temperature: 0.2 },
      tags: { team: 'support' },
      createdAt: expect.any(Number) as unknown,
    });
    const { events } = await cliJson<{ events: RegistryEvent[] }>(['models', 'audit', 'support-answer']);
    expect(events.map((event) => [event.action, event.actor])).toEqual([
      ['create_model', 'ana'],
      ['create_version', 'ana'],
      ['create_version', expect.any(String) as unknown],
    ]);
  });

  it('registers a chat version from --chat-file and shows it as role: content lines', async () => {
    const chatFile = join(directory.path, 'chat.json');
    await writeFile(chatFile, JSON.stringify([
      { role: 'system', content: 'You are the support desk of {{company}}.\nBe brief.' },
      { role: 'user', content: '{{question}}' },
    ]));
    const chat = await cliJson<PromptVersionJson>(['prompts', 'register', 'support-chat', '--chat-file', chatFile, '--message', 'chat form']);
    expect(chat).toMatchObject({ version: 1, type: 'chat', variables: ['company', 'question'] });

    const shown = await cli(['prompts', 'get', 'support-chat']);
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toContain("Prompt 'support-chat' version 1 (chat): prompts:/support-chat/1\n\nTemplate:\n");
    expect(shown.stdout).toContain('  system: You are the support desk of {{company}}.\n          Be brief.\n  user: {{question}}\n');
    expect(shown.stdout).toMatch(/Variables\s+│ company, question/u);
    expect(shown.stdout).toMatch(/Commit message\s+│ chat form/u);
    expect(shown.stdout).toMatch(/Model config\s+│ -/u);
  });

  it('points an alias at a version and loads it by alias, number and name', async () => {
    const set = await cli(['prompts', 'alias', 'support-answer', 'production', '1', '--actor', 'ben']);
    expect(set).toEqual({ exitCode: 0, stderr: '', stdout: "Alias 'production' of prompt 'support-answer' now points at version 1: prompts:/support-answer@production\n" });
    expect(await cliJson(['prompts', 'alias', 'support-answer', 'staging', '2'])).toEqual({ name: 'support-answer', alias: 'staging', version: 2 });

    expect(await cliJson<PromptVersionJson>(['prompts', 'get', 'prompts:/support-answer@production'])).toMatchObject({ version: 1, aliases: ['production'], commitMessage: 'first cut' });
    expect((await cliJson<PromptVersionJson>(['prompts', 'get', 'support-answer'])).version).toBe(2);
    const shown = await cli(['prompts', 'get', 'prompts:/support-answer/2']);
    expect(shown.stdout).toContain('Template:\n  Answer {{question}} politely.\n  Reply in {{language}}.\n');
    expect(shown.stdout).toMatch(/Aliases\s+│ staging/u);
    expect(shown.stdout).toMatch(/Model config\s+│ \{"model":"gpt-4o-mini","temperature":0.2\}/u);

    const unknown = await cli(['prompts', 'alias', 'support-answer', 'production', '9']);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain("Model version 9 of 'support-answer' not found");
  });

  it('lists prompts apart from models', async () => {
    await cli(['models', 'register', 'file:///models/bot', 'a-model']);
    const listed = await cliJson<{ prompts: Prompt[] }>(['prompts', 'list']);
    expect(listed.prompts.map((prompt) => [prompt.name, prompt.aliases])).toEqual([
      ['support-answer', { production: 1, staging: 2 }],
      ['support-chat', {}],
    ]);
    const table = await cli(['prompts', 'list']);
    expect(table.stdout).toMatch(/Name\s+│ Aliases\s+│ Updated/u);
    expect(table.stdout).toContain('production→1, staging→2');
    expect(table.stdout).not.toContain('a-model');
  });

  it('diffs two versions: unified template lines, variables and model config, without colour off a terminal', async () => {
    const diff = await cli(['prompts', 'diff', 'prompts:/support-answer/1', 'prompts:/support-answer/2']);
    expect(diff).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: [
        '--- prompts:/support-answer/1',
        '+++ prompts:/support-answer/2',
        ' Answer {{question}} politely.',
        '+Reply in {{language}}.',
        '',
        'Variables:',
        '+language',
        'Model config:',
        '  model: (unset) → "gpt-4o-mini"',
        '  temperature: (unset) → 0.2',
        '',
      ].join('\n'),
    });
    const json = await cliJson<PromptDiff>(['prompts', 'diff', 'prompts:/support-answer@production', 'support-answer']);
    expect(json).toMatchObject({ from: { version: 1 }, to: { version: 2 }, variablesAdded: ['language'], variablesRemoved: [] });

    const same = await cli(['prompts', 'diff', 'prompts:/support-answer/2', 'prompts:/support-answer@staging']);
    expect(same.stdout).toBe('--- prompts:/support-answer/2\n+++ prompts:/support-answer/2\n Answer {{question}} politely.\n Reply in {{language}}.\n\nVariables: unchanged\nModel config: unchanged\n');
  });

  it('colours added and removed lines when the output is a terminal', async () => {
    let stdout = '';
    const exitCode = await main(['node', 'assay', '--tracking-uri', directory.path, 'prompts', 'diff', 'prompts:/support-answer/1', 'prompts:/support-answer/2'], {
      stdout: (text) => {
        stdout += text;
      },
      stderr: () => undefined,
      env: {},
      color: true,
    });
    expect(exitCode).toBe(0);
    expect(stdout).toContain(' Answer {{question}} politely.\n');
    expect(stdout).toContain('\u001b[32m+Reply in {{language}}.\u001b[39m\n');
    expect(stdout).toContain('\u001b[32m+language\u001b[39m\n');
    expect(stdout).toContain('--- prompts:/support-answer/1\n');
  });

  it('refuses a template given two ways or none, bad JSON, and a model name', async () => {
    const none = await cli(['prompts', 'register', 'p']);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain('Give the template one way: --template <text>, --file <path>');
    const two = await cli(['prompts', 'register', 'p', '--template', 'x', '--file', 'y']);
    expect(two.stderr).toContain('Give the template one way');
    const badConfig = await cli(['prompts', 'register', 'p', '--template', 'x', '--model-config', '[1]']);
    expect(badConfig.stderr).toContain('--model-config must be a JSON object');
    const notJson = join(directory.path, 'bad.json');
    await writeFile(notJson, 'not json');
    const badChat = await cli(['prompts', 'register', 'p', '--chat-file', notJson]);
    expect(badChat.stderr).toContain(`--chat-file '${notJson}' is not JSON`);
    const model = await cli(['prompts', 'register', 'a-model', '--template', 'x']);
    expect(model.stderr).toContain("'a-model' is a registered model, not a prompt");
  });

  it('escapes control characters and ANSI sequences in templates, messages and diffs', async () => {
    await cli(['prompts', 'register', 'evil', '--template', 'hello\u001b[2J{{x}}', '--message', 'm\u001b[31m']);
    await cli(['prompts', 'register', 'evil', '--template', 'bye\u001b]0;title\u0007']);
    const shown = await cli(['prompts', 'get', 'prompts:/evil/1']);
    const diff = await cli(['prompts', 'diff', 'prompts:/evil/1', 'prompts:/evil/2']);
    for (const output of [shown.stdout, diff.stdout]) expect(output).not.toContain('\u001b');
    expect(shown.stdout).toContain('hello\\x1b[2J{{x}}');
    expect(shown.stdout).toContain('m\\x1b[31m');
    expect(diff.stdout).toContain('+bye\\x1b]0;title\\x07');
    expect((await cliJson<PromptVersionJson>(['prompts', 'get', 'prompts:/evil/1'])).template).toBe('hello\u001b[2J{{x}}');
  });
});
