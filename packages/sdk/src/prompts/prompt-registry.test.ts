import { describe, expect, it } from 'vitest';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import {
  deletePromptVersion,
  diffPromptVersions,
  getModelVersion,
  getRegisteredModel,
  loadPrompt,
  registerModel,
  registerPrompt,
  searchPrompts,
  searchRegisteredModels,
  setPromptAlias,
} from '../index.js';

useTempTrackingUri();

describe('the prompt registry', () => {
  it('registers text and chat versions, loads them by number, alias and latest, and formats them', async () => {
    const first = await registerPrompt({ name: 'support-answer', template: 'Answer {{ question }} politely.', commitMessage: 'first cut', tags: { team: 'support' } });
    expect(first).toMatchObject({ name: 'support-answer', version: 1, uri: 'prompts:/support-answer/1', type: 'text', variables: ['question'], commitMessage: 'first cut', tags: { team: 'support' } });
    const chat = await registerPrompt({
      name: 'support-answer',
      template: [
        { role: 'system', content: 'You are the support desk of {{company}}.' },
        { role: 'user', content: '{{question}}' },
      ],
      commitMessage: 'chat form',
      modelConfig: { model: 'gpt-4o-mini', temperature: 0.2 },
    });
    expect(chat).toMatchObject({ version: 2, type: 'chat', variables: ['company', 'question'], modelConfig: { model: 'gpt-4o-mini', temperature: 0.2 } });

    await setPromptAlias('support-answer', 'production', 1);
    expect((await loadPrompt('prompts:/support-answer@production')).version).toBe(1);
    expect((await loadPrompt('prompts:/support-answer')).version).toBe(2);
    expect((await loadPrompt('prompts:/support-answer/1')).template).toBe('Answer {{ question }} politely.');
    expect((await loadPrompt('support-answer', '1')).aliases).toEqual(['production']);
    expect((await loadPrompt('prompts:/support-answer@production')).format({ question: 'Where is my order?' })).toBe('Answer Where is my order? politely.');
    expect((await loadPrompt('prompts:/support-answer/2')).format({ company: 'Acme', question: 'Refund?' })).toEqual([
      { role: 'system', content: 'You are the support desk of Acme.' },
      { role: 'user', content: 'Refund?' },
    ]);
    const loaded = await loadPrompt('prompts:/support-answer/2');
    expect(() => loaded.format({ question: 'x' })).toThrow("Missing prompt variable 'company'");
    expect(() => loaded.format({ company: 'a', question: 'b', tone: 'warm' })).toThrow("Unknown prompt variable 'tone'");
    expect(loaded.format({ company: 'a', question: 'b', tone: 'warm' }, { allowExtraVariables: true })).toHaveLength(2);
  });

  it('is stored as MLflow 3 stores prompts, and listed apart from models', async () => {
    await registerPrompt({ name: 'greet', template: [{ role: 'user', content: 'Hi {{name}}' }], modelConfig: { temperature: 0 } });
    await registerModel('file:///models/chat', 'chat-model');
    expect((await getRegisteredModel('greet')).tags).toEqual({ 'mlflow.prompt.is_prompt': 'true' });
    expect((await getModelVersion('greet', 1)).tags).toEqual({
      'mlflow.prompt.is_prompt': 'true',
      'mlflow.prompt.text': '[{"role":"user","content":"Hi {{name}}"}]',
      '_mlflow_prompt_type': 'chat',
      '_mlflow_prompt_model_config': '{"temperature":0}',
    });
    expect((await searchPrompts()).prompts.map((prompt) => [prompt.name, prompt.tags])).toEqual([['greet', {}]]);
    expect((await searchPrompts({ filter: "name LIKE 'gr%'" })).prompts).toHaveLength(1);
    expect((await searchPrompts({ filter: "name = 'chat-model'" })).prompts).toEqual([]);
    expect((await searchRegisteredModels()).registeredModels.map((model) => model.name)).toEqual(['chat-model']);
  });

  it('refuses bad input with what to do, and deletes versions', async () => {
    await registerModel('file:///models/chat', 'chat-model');
    await expect(registerPrompt({ name: 'chat-model', template: 'x' })).rejects.toThrow("'chat-model' is a registered model, not a prompt");
    await expect(loadPrompt('prompts:/chat-model/1')).rejects.toThrow('holds no prompt template');
    await expect(registerPrompt({ name: 'p', template: '' })).rejects.toThrow('must not be empty');
    await expect(registerPrompt({ name: 'p', template: 'x', tags: { 'mlflow.prompt.text': 'y' } })).rejects.toThrow("Tag 'mlflow.prompt.text' is reserved");
    await expect(loadPrompt('prompts:/nope@production')).rejects.toThrow("'nope' not found");
    await expect(loadPrompt('prompts:/p/x')).rejects.toThrow('Invalid prompt URI');

    await registerPrompt({ name: 'p', template: 'one {{a}}' });
    await registerPrompt({ name: 'p', template: 'two {{a}}' });
    await deletePromptVersion('p', 2);
    expect((await loadPrompt('prompts:/p')).version).toBe(1);
    await deletePromptVersion('p', 1);
    await expect(loadPrompt('prompts:/p')).rejects.toThrow("Prompt 'p' has no versions");
    await expect(deletePromptVersion('chat-model', 1)).rejects.toThrow('holds no prompt template');
  });

  it('diffs two versions: template lines, variables and model config', async () => {
    await registerPrompt({ name: 'd', template: 'Line one.\nAnswer {{question}}.\nBe brief.', modelConfig: { model: 'a', temperature: 0.2 } });
    await registerPrompt({ name: 'd', template: 'Line one.\nAnswer {{question}} in {{language}}.\nBe brief.', modelConfig: { model: 'a', temperature: 0.7 } });
    const diff = await diffPromptVersions('prompts:/d/1', 'prompts:/d/2');
    expect(diff).toEqual({
      from: { name: 'd', version: 1 },
      to: { name: 'd', version: 2 },
      template: [
        { kind: 'same', lines: ['Line one.'] },
        { kind: 'removed', lines: ['Answer {{question}}.'] },
        { kind: 'added', lines: ['Answer {{question}} in {{language}}.'] },
        { kind: 'same', lines: ['Be brief.'] },
      ],
      variablesAdded: ['language'],
      variablesRemoved: [],
      modelConfig: { temperature: { from: 0.2, to: 0.7 } },
    });
  });
});
