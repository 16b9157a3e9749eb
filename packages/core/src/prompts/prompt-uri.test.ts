import { describe, expect, it } from 'vitest';
import { parsePromptUri } from './prompt-uri.js';

describe('parsePromptUri', () => {
  it('reads versions, aliases and the latest version', () => {
    expect(parsePromptUri('prompts:/support-answer/3')).toEqual({ name: 'support-answer', version: 3 });
    expect(parsePromptUri('prompts:/support-answer@production')).toEqual({ name: 'support-answer', alias: 'production' });
    expect(parsePromptUri('prompts:/support-answer')).toEqual({ name: 'support-answer', latest: true });
    expect(parsePromptUri('prompts:/support-answer@latest')).toEqual({ name: 'support-answer', latest: true });
  });

  it('rejects malformed URIs, saying what a good one looks like', () => {
    for (const bad of ['models:/x/1', 'prompts:/', 'prompts:/x/0', 'prompts:/x/1/2', 'prompts:/x/v1', 'prompts:/@a', 'prompts:/x@', 'prompts:/x@a b', 42]) {
      expect(() => parsePromptUri(bad), String(bad)).toThrow(/Invalid prompt URI .*Use prompts:\/<name>\/<version>, prompts:\/<name>@<alias> or prompts:\/<name>/u);
    }
  });
});
