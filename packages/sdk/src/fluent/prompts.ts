import { defaultAssay } from '../assay/default-assay.js';
import type { Prompt, PromptDiff, RegisterPromptInput, SearchPromptsOptions } from '../prompts/prompt-registry.js';
import type { PromptVersion } from '../prompts/prompt-version.js';

/**
 * Registers a new version of a prompt template (text, or chat messages, with
 * `{{variable}}` placeholders), creating the prompt on its first version.
 * Stored as MLflow 3 stores prompts, so MLflow clients see it too.
 *
 * @example
 * await registerPrompt({ name: 'support-answer', template: 'Answer {{question}} politely.', commitMessage: 'first cut' });
 */
export function registerPrompt(input: RegisterPromptInput): Promise<PromptVersion> {
  return defaultAssay().registerPrompt(input);
}

/**
 * Loads a prompt version: `'prompts:/support-answer@production'`,
 * `'prompts:/support-answer/3'`, `'prompts:/support-answer'` (the latest), or
 * a name and a version. `format(values)` fills it; an LLM call traced by
 * autolog whose request holds the result records the version on its trace
 * (tag `assay.prompt.<name>`), as does a `format` inside a trace.
 *
 * @example
 * const prompt = await loadPrompt('prompts:/support-answer@production');
 * await openai.chat.completions.create({ model, messages: [{ role: 'user', content: prompt.format({ question }) }] });
 */
export function loadPrompt(uriOrName: string, version?: number | string): Promise<PromptVersion> {
  return defaultAssay().loadPrompt(uriOrName, version);
}

/** Prompts (not models), e.g. `searchPrompts({ filter: "name LIKE 'support-%'" })`. */
export function searchPrompts(options?: SearchPromptsOptions): Promise<{ prompts: Prompt[]; nextPageToken?: string }> {
  return defaultAssay().searchPrompts(options);
}

/** Points an alias (e.g. `production`) at a prompt version. */
export function setPromptAlias(name: string, alias: string, version: number | string): Promise<void> {
  return defaultAssay().setPromptAlias(name, alias, version);
}

/** Deletes one version of a prompt; its number is never given again. */
export function deletePromptVersion(name: string, version: number | string): Promise<void> {
  return defaultAssay().deletePromptVersion(name, version);
}

/** How two prompt versions differ (template lines, variables, model config), e.g. `diffPromptVersions('prompts:/a/1', 'prompts:/a/2')`. */
export function diffPromptVersions(from: string, to: string): Promise<PromptDiff> {
  return defaultAssay().diffPromptVersions(from, to);
}
