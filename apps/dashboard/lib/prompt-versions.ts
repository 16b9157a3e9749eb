import type { MlflowModelVersion } from './registry-types';
import { tagsOf } from './mlflow-types';

/** One chat message of a chat prompt template. */
export interface PromptMessage {
  role: string;
  content: string;
}

/** A prompt version as MLflow 3 stores it: a model version whose reserved tags hold the template. */
export interface PromptVersionView {
  version: string;
  /** A text template, or a chat template's messages. */
  template: string | PromptMessage[];
  /** The version's description: MLflow's commit message. */
  commitMessage: string | undefined;
  /** The `_mlflow_prompt_model_config` JSON, parsed when it is an object. */
  modelConfig: Record<string, unknown> | undefined;
  aliases: string[];
  creationTimestamp: number;
  /** The version's own tags, the reserved ones left out. */
  tags: Array<{ key: string; value: string }>;
}

const RESERVED = new Set(['mlflow.prompt.is_prompt', 'mlflow.prompt.text', '_mlflow_prompt_type', '_mlflow_prompt_model_config']);

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads a prompt version from its model version's tags (a chat template whose JSON does not parse is shown as text). */
export function promptVersionOf(version: MlflowModelVersion): PromptVersionView {
  const tags = tagsOf(version.tags);
  const text = tags['mlflow.prompt.text'] ?? '';
  let template: PromptVersionView['template'] = text;
  if (tags['_mlflow_prompt_type'] === 'chat') {
    const parsed = parseJson(text);
    if (Array.isArray(parsed) && parsed.every((message) => typeof message === 'object' && message !== null && typeof (message as PromptMessage).role === 'string')) {
      template = (parsed as Array<{ role: string; content: unknown }>).map((message) => ({ role: message.role, content: typeof message.content === 'string' ? message.content : JSON.stringify(message.content) }));
    }
  }
  const config = parseJson(tags['_mlflow_prompt_model_config']);
  return {
    version: version.version,
    template,
    commitMessage: version.description,
    modelConfig: typeof config === 'object' && config !== null && !Array.isArray(config) ? (config as Record<string, unknown>) : undefined,
    aliases: version.aliases ?? [],
    creationTimestamp: version.creation_timestamp,
    tags: (version.tags ?? []).filter((tag) => !RESERVED.has(tag.key)),
  };
}

/** A template as lines for a diff: chat messages as `role: content`, as the SDK's diffPrompts does. */
export function templateText(template: PromptVersionView['template']): string {
  return typeof template === 'string' ? template : template.map((message) => `${message.role}: ${message.content}`).join('\n');
}

/** `1..2` → ['1', '2'] (versions are positive integers); anything else → undefined. */
export function parseDiffRange(range: string | undefined): [string, string] | undefined {
  const match = /^(\d+)\.\.(\d+)$/.exec(range?.trim() ?? '');
  return match ? [match[1]!, match[2]!] : undefined;
}
