import { readFile } from 'node:fs/promises';
import { errorMessage, InvalidParameterError, type PromptTemplate } from '@assay/core';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import type { ActorOptions } from '../../options/actor-option.js';
import type { CommandInvocation } from '../command-invocation.js';
import { withRegistry } from '../models/with-registry.js';
import { promptVersionJson } from './prompt-output.js';

/** The options of `assay prompts register`: one of template, file and chatFile. */
export interface RegisterPromptCommandOptions extends Pick<ActorOptions, 'actor'> {
  /** The text template itself. */
  template?: string;
  /** A file holding the text template. */
  file?: string;
  /** A JSON file holding chat messages `[{ "role": ..., "content": ... }]`. */
  chatFile?: string;
  /** The commit message. */
  message?: string;
  /** A JSON object, e.g. `{"model":"gpt-4o-mini","temperature":0.2}`. */
  modelConfig?: string;
  tag?: Record<string, string>;
  json?: boolean;
}

/** Options of `registerPromptVersion`. */
export interface RegisterPromptVersionOptions extends CommandInvocation<RegisterPromptCommandOptions> {
  name: string;
}

async function readTemplate(options: RegisterPromptCommandOptions): Promise<PromptTemplate> {
  const given = [options.template, options.file, options.chatFile].filter((value) => value !== undefined).length;
  if (given !== 1) {
    throw new InvalidParameterError('Give the template one way: --template <text>, --file <path> (a text template) or --chat-file <path.json> (chat messages).');
  }
  if (options.template !== undefined) return options.template;
  const path = (options.file ?? options.chatFile)!;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidParameterError(`Cannot read the template file '${path}': ${errorMessage(error)}`);
  }
  if (options.file !== undefined) return text;
  try {
    return JSON.parse(text) as PromptTemplate;
  } catch (error) {
    throw new InvalidParameterError(`--chat-file '${path}' is not JSON (${errorMessage(error)}); it holds chat messages, e.g. [{"role": "user", "content": "Hi {{name}}"}].`);
  }
}

function parseModelConfig(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidParameterError(`--model-config is not JSON (${errorMessage(error)}); give an object, e.g. '{"model": "gpt-4o-mini", "temperature": 0.2}'.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidParameterError(`--model-config must be a JSON object, e.g. '{"model": "gpt-4o-mini", "temperature": 0.2}'.`);
  }
  return parsed as Record<string, unknown>;
}

/** `assay prompts register <name> (--template | --file | --chat-file)`: registers a new prompt version (creating the prompt if need be). */
export async function registerPromptVersion({ context, command, name, options }: RegisterPromptVersionOptions): Promise<void> {
  const template = await readTemplate(options);
  const modelConfig = parseModelConfig(options.modelConfig);
  const version = await withRegistry({ context, command, mustExist: false, ...(options.actor !== undefined ? { actor: options.actor } : {}) }, (registry) =>
    registry.registerPrompt({
      name,
      template,
      ...(options.message !== undefined ? { commitMessage: options.message } : {}),
      ...(modelConfig !== undefined ? { modelConfig } : {}),
      ...(options.tag !== undefined ? { tags: options.tag } : {}),
    }),
  );
  if (options.json) {
    printJson(promptVersionJson(version), context.stdout);
    return;
  }
  const variables = version.variables.length === 0 ? 'no variables' : `variables ${formatUntrustedText(version.variables.join(', '), 120)}`;
  context.stdout(`Registered version ${version.version} of prompt '${formatUntrustedText(version.name, 80)}' (${version.type}, ${variables}): ${formatUntrustedText(version.uri, 120)}\n`);
}
