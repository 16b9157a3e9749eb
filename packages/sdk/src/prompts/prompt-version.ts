import { formatPrompt, promptVariables, type FormatPromptOptions, type ModelVersion, type PromptTemplate, type PromptValues } from '@assay/core';
import { rememberFormattedPrompt, type PromptUse } from './prompt-links.js';
import { isReservedPromptTag, PROMPT_TAGS } from './prompt-tags.js';

/** A model configuration kept with a prompt version: model, temperature, max tokens, ... */
export type PromptModelConfig = Record<string, unknown>;

/**
 * One version of a prompt: its template and what it was registered with.
 * `format(values)` fills it; a traced LLM call built from the result (or a
 * `format` inside a trace) records the version on its trace.
 */
export class PromptVersion {
  /** `prompts:/<name>/<version>`. */
  readonly uri: string;
  /** The `{{variables}}` the template uses, in order of first use. */
  readonly variables: string[];

  constructor(
    readonly name: string,
    readonly version: number,
    /** Text, or chat messages. */
    readonly template: PromptTemplate,
    /** The commit message it was registered with. */
    readonly commitMessage: string | undefined,
    /** Its tags, without the reserved `mlflow.prompt.*` ones. */
    readonly tags: Record<string, string>,
    /** The aliases pointing at it. */
    readonly aliases: string[],
    readonly modelConfig: PromptModelConfig | undefined,
    /** Milliseconds since the epoch. */
    readonly createdAt: number,
    private readonly onUse: (use: PromptUse) => void = () => undefined,
  ) {
    this.uri = `prompts:/${name}/${version}`;
    this.variables = promptVariables(template);
  }

  /** `'text'` or `'chat'`. */
  get type(): 'text' | 'chat' {
    return typeof this.template === 'string' ? 'text' : 'chat';
  }

  /**
   * Fills the template: text for a text prompt, new messages for a chat
   * prompt. A missing variable is an error naming it; so is an unknown one,
   * unless `allowExtraVariables`.
   */
  format(values?: PromptValues, options?: FormatPromptOptions): string | { role: string; content: string }[] {
    const formatted = formatPrompt(this.template, values, options);
    const use = { name: this.name, version: this.version };
    rememberFormattedPrompt(formatted, use);
    this.onUse(use);
    return formatted;
  }
}

/** Reads a prompt version from the model version that stores it; undefined when the version holds no prompt. */
export function promptVersionOf(version: ModelVersion, onUse?: (use: PromptUse) => void): PromptVersion | undefined {
  const text = version.tags[PROMPT_TAGS.text];
  if (text === undefined) return undefined;
  const template: PromptTemplate = version.tags[PROMPT_TAGS.type] === 'chat' ? (JSON.parse(text) as PromptTemplate) : text;
  const config = version.tags[PROMPT_TAGS.modelConfig];
  const tags = Object.fromEntries(Object.entries(version.tags).filter(([key]) => !isReservedPromptTag(key)));
  return new PromptVersion(
    version.name,
    version.version,
    template,
    version.description,
    tags,
    version.aliases,
    config === undefined ? undefined : (JSON.parse(config) as PromptModelConfig),
    version.creationTimestamp,
    onUse,
  );
}
