import {
  AssayError,
  InvalidParameterError,
  NotFoundError,
  parsePromptUri,
  quoteFilterString,
  validatePromptTemplate,
  validateRegisteredModelName,
  type ModelVersion,
  type PromptTemplate,
  type RegisteredModel,
  type RegistryStore,
} from '@assay/core';
import type { PromptUse } from './prompt-links.js';
import { IS_PROMPT_FILTER, PROMPT_SOURCE, PROMPT_TAGS, isReservedPromptTag } from './prompt-tags.js';
import { promptVersionOf, type PromptModelConfig, type PromptVersion } from './prompt-version.js';

/** Input of registerPrompt. */
export interface RegisterPromptInput {
  /** The prompt's name: a registered model name (no `/`, `@` or `:`). */
  name: string;
  /** Text, or chat messages `[{ role, content }]`, with `{{variable}}` placeholders. */
  template: PromptTemplate;
  /** What changed in this version, e.g. `'ask for the order number first'`. */
  commitMessage?: string;
  /** Tags of this version. */
  tags?: Record<string, string>;
  /** The model settings the prompt is meant for, e.g. `{ model: 'gpt-4o-mini', temperature: 0.2 }`. */
  modelConfig?: PromptModelConfig;
}

/** A prompt (its versions are PromptVersions). */
export interface Prompt {
  name: string;
  description?: string;
  /** Its tags, without the reserved `mlflow.prompt.*` ones. */
  tags: Record<string, string>;
  /** Alias → version number. */
  aliases: Record<string, number>;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
}

/** Options of searchPrompts. */
export interface SearchPromptsOptions {
  /** A registered-model filter, e.g. `name LIKE 'support-%'`; prompts only either way. */
  filter?: string;
  maxResults?: number;
  pageToken?: string;
}

/** Which lines two prompt versions share, add and remove (chat templates compared message by message as `role: content` lines). */
export interface PromptDiff {
  from: { name: string; version: number };
  to: { name: string; version: number };
  /** Runs of lines: unchanged, added in `to`, or removed from `from`. */
  template: { kind: 'same' | 'added' | 'removed'; lines: string[] }[];
  variablesAdded: string[];
  variablesRemoved: string[];
  /** Model-config keys whose value differs, with both values. */
  modelConfig: Record<string, { from: unknown; to: unknown }>;
}

function toPrompt(model: RegisteredModel): Prompt {
  return {
    name: model.name,
    ...(model.description === undefined ? {} : { description: model.description }),
    tags: Object.fromEntries(Object.entries(model.tags).filter(([key]) => !isReservedPromptTag(key))),
    aliases: model.aliases,
    creationTimestamp: model.creationTimestamp,
    lastUpdatedTimestamp: model.lastUpdatedTimestamp,
  };
}

/** The prompt store of one registry; `onUse` links formatted versions to the current trace. */
export class PromptRegistry {
  constructor(
    private readonly store: RegistryStore,
    private readonly onUse: (use: PromptUse) => void = () => undefined,
    /** Who the audit log names for this registry's writes. */
    private readonly actor: string | undefined = undefined,
  ) {}

  private get note(): { actor?: string } {
    return this.actor === undefined ? {} : { actor: this.actor };
  }

  /**
   * Registers a new version of a prompt, creating the prompt when it does not
   * exist. A registered model of that name that is not a prompt is refused.
   */
  async registerPrompt(input: RegisterPromptInput): Promise<PromptVersion> {
    const name = validateRegisteredModelName(input?.name, 'Prompt name');
    const template = validatePromptTemplate(input.template);
    if (input.modelConfig !== undefined && (typeof input.modelConfig !== 'object' || input.modelConfig === null || Array.isArray(input.modelConfig))) {
      throw new InvalidParameterError('modelConfig must be an object, e.g. { model: "gpt-4o-mini", temperature: 0.2 }.');
    }
    for (const key of Object.keys(input.tags ?? {})) {
      if (isReservedPromptTag(key)) throw new InvalidParameterError(`Tag '${key}' is reserved for the prompt registry; choose another key.`);
    }
    await this.ensurePromptModel(name);
    const tags: Record<string, string> = {
      ...input.tags,
      [PROMPT_TAGS.isPrompt]: 'true',
      [PROMPT_TAGS.text]: typeof template === 'string' ? template : JSON.stringify(template),
      [PROMPT_TAGS.type]: typeof template === 'string' ? 'text' : 'chat',
      ...(input.modelConfig === undefined ? {} : { [PROMPT_TAGS.modelConfig]: JSON.stringify(input.modelConfig) }),
    };
    const version = await this.store.createModelVersion({
      name,
      source: PROMPT_SOURCE,
      tags,
      ...this.note,
      ...(input.commitMessage === undefined ? {} : { description: input.commitMessage }),
    });
    return this.toPromptVersion(version);
  }

  private async ensurePromptModel(name: string): Promise<void> {
    try {
      await this.store.createRegisteredModel({ name, tags: { [PROMPT_TAGS.isPrompt]: 'true' }, ...this.note });
      return;
    } catch (error) {
      if (!(AssayError.isInstance(error) && error.code === 'RESOURCE_ALREADY_EXISTS')) throw error;
    }
    const existing = await this.store.getRegisteredModel({ name });
    if (existing.tags[PROMPT_TAGS.isPrompt] !== 'true') {
      throw new InvalidParameterError(`'${name}' is a registered model, not a prompt; choose another name for the prompt.`);
    }
  }

  private toPromptVersion(version: ModelVersion): PromptVersion {
    const prompt = promptVersionOf(version, this.onUse);
    if (!prompt) throw new NotFoundError(`Version ${version.version} of '${version.name}' holds no prompt template: it is a model version. Load models with resolveModelUri.`);
    return prompt;
  }

  /**
   * Loads a prompt version: `'prompts:/name/3'`, `'prompts:/name@production'`,
   * `'prompts:/name'` (the latest), or a name with a version.
   */
  async loadPrompt(uriOrName: string, version?: number | string): Promise<PromptVersion> {
    const reference = version !== undefined ? { name: uriOrName, version } : uriOrName.startsWith('prompts:/') ? parsePromptUri(uriOrName) : { name: uriOrName, latest: true as const };
    const name = validateRegisteredModelName(reference.name, 'Prompt name');
    if ('alias' in reference) return this.toPromptVersion(await this.store.getModelVersionByAlias({ name, alias: reference.alias }));
    if ('version' in reference) return this.toPromptVersion(await this.store.getModelVersion({ name, version: reference.version }));
    const newest = await this.store.searchModelVersions({ filter: `name = ${quoteFilterString(name)}`, orderBy: ['version_number DESC'], maxResults: 1 });
    const latest = newest.items[0];
    if (!latest) {
      await this.store.getRegisteredModel({ name }); // NotFoundError naming the prompt when it does not exist
      throw new NotFoundError(`Prompt '${name}' has no versions. Register one with registerPrompt.`);
    }
    return this.toPromptVersion(latest);
  }

  /** Prompts (not models) matching a filter, by name. */
  async searchPrompts(options: SearchPromptsOptions = {}): Promise<{ prompts: Prompt[]; nextPageToken?: string }> {
    const filter = options.filter === undefined || options.filter.trim() === '' ? IS_PROMPT_FILTER : `(${options.filter}) AND ${IS_PROMPT_FILTER}`;
    const page = await this.store.searchRegisteredModels({ ...options, filter });
    return { prompts: page.items.map(toPrompt), ...(page.nextPageToken === undefined ? {} : { nextPageToken: page.nextPageToken }) };
  }

  /** Points an alias (e.g. `production`) at a prompt version. */
  setPromptAlias(name: string, alias: string, version: number | string): Promise<void> {
    return this.store.setRegisteredModelAlias({ name, alias, version, ...this.note });
  }

  /** Deletes one version of a prompt (its number is never given again) and the aliases that pointed at it. */
  async deletePromptVersion(name: string, version: number | string): Promise<void> {
    await this.toPromptVersion(await this.store.getModelVersion({ name, version }));
    await this.store.deleteModelVersion({ name, version, ...this.note });
  }

  /** How two versions of a prompt (or of two prompts) differ: template lines, variables and model config. */
  async diffPromptVersions(from: string, to: string): Promise<PromptDiff> {
    const [before, after] = await Promise.all([this.loadPrompt(from), this.loadPrompt(to)]);
    return diffPrompts(before, after);
  }
}

function templateLines(template: PromptTemplate): string {
  return typeof template === 'string' ? template : template.map((message) => `${message.role}: ${message.content}`).join('\n');
}

/** The differences between two prompt versions (a line diff from the `diff` package, loaded on first use). */
export async function diffPrompts(before: PromptVersion, after: PromptVersion): Promise<PromptDiff> {
  const { diffLines } = await import('diff');
  // Both end in a newline, so that a last line followed by new ones is not shown as changed.
  const template = diffLines(`${templateLines(before.template)}\n`, `${templateLines(after.template)}\n`).map((change) => ({
    kind: change.added ? ('added' as const) : change.removed ? ('removed' as const) : ('same' as const),
    lines: change.value.replace(/\n$/u, '').split('\n'),
  }));
  const modelConfig: Record<string, { from: unknown; to: unknown }> = {};
  const fromConfig = before.modelConfig ?? {};
  const toConfig = after.modelConfig ?? {};
  for (const key of new Set([...Object.keys(fromConfig), ...Object.keys(toConfig)])) {
    if (JSON.stringify(fromConfig[key]) !== JSON.stringify(toConfig[key])) modelConfig[key] = { from: fromConfig[key], to: toConfig[key] };
  }
  return {
    from: { name: before.name, version: before.version },
    to: { name: after.name, version: after.version },
    template,
    variablesAdded: after.variables.filter((name) => !before.variables.includes(name)),
    variablesRemoved: before.variables.filter((name) => !after.variables.includes(name)),
    modelConfig,
  };
}
