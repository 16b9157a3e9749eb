import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { createActorOption } from '../options/actor-option.js';
import { collectTags } from '../options/collect-tags.js';
import { parsePositiveInteger } from '../options/parse-positive-integer.js';
import type { ListPromptsCommandOptions } from './prompts/list-prompts.js';
import type { RegisterPromptCommandOptions } from './prompts/register-prompt-version.js';

const DEFAULT_MAX_RESULTS = 100;

function createListCommand(context: CliContext): Command {
  return new Command('list')
    .description('List prompts (registered models are listed by assay models list)')
    .option('--filter <filter>', `search filter, e.g. "name LIKE 'support-%'"`)
    .option('--max-results <n>', `prompts per page (default ${DEFAULT_MAX_RESULTS})`, parsePositiveInteger, DEFAULT_MAX_RESULTS)
    .option('--page-token <token>', 'continue a previous listing from this token')
    .option('--json', 'print JSON ({ prompts, nextPageToken }) instead of a table')
    .addHelpText(
      'after',
      `
Examples:
  $ assay prompts list
  $ assay prompts list --filter "name LIKE 'support-%'" --json`,
    )
    .action(async (options: ListPromptsCommandOptions, command: Command) => {
      const { listPrompts } = await import('./prompts/list-prompts.js');
      await listPrompts({ context, command, options });
    });
}

function createGetCommand(context: CliContext): Command {
  return new Command('get')
    .description('Show a prompt version: template, variables, commit message, aliases, model config')
    .argument('<uri-or-name>', 'prompts:/<name>/<version>, prompts:/<name>@<alias>, prompts:/<name> or a name (the latest version)')
    .option('--json', 'print the version as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ assay prompts get prompts:/support-answer@production
  $ assay prompts get support-answer --json`,
    )
    .action(async (uriOrName: string, options: { json?: boolean }, command: Command) => {
      const { showPrompt } = await import('./prompts/show-prompt.js');
      await showPrompt({ context, command, uriOrName, options });
    });
}

function createRegisterCommand(context: CliContext): Command {
  return new Command('register')
    .description('Register a new version of a prompt (the prompt is created if missing)')
    .argument('<name>', 'prompt name')
    .option('--template <text>', 'the text template, with {{variable}} placeholders')
    .option('--file <path>', 'a file holding the text template')
    .option('--chat-file <path>', 'a JSON file of chat messages: [{"role": "system", "content": "..."}, ...]')
    .option('--message <text>', 'commit message: what changed in this version')
    .option('--model-config <json>', 'the model settings it is meant for, e.g. \'{"model": "gpt-4o-mini", "temperature": 0.2}\'')
    .option('--tag <key=value>', 'version tag (repeatable)', collectTags)
    .addOption(createActorOption())
    .option('--json', 'print the new version as JSON instead of a line')
    .addHelpText(
      'after',
      `
Examples:
  $ assay prompts register support-answer --template "Answer {{question}} politely." --message "first cut"
  $ assay prompts register support-answer --chat-file chat.json --model-config '{"temperature": 0.2}'`,
    )
    .action(async (name: string, options: RegisterPromptCommandOptions, command: Command) => {
      const { registerPromptVersion } = await import('./prompts/register-prompt-version.js');
      await registerPromptVersion({ context, command, name, options });
    });
}

function createAliasCommand(context: CliContext): Command {
  return new Command('alias')
    .description('Point an alias (e.g. production) at a prompt version')
    .argument('<name>', 'prompt name')
    .argument('<alias>', "letters, digits, '_' and '-'; not 'latest' nor v<number>")
    .argument('<version>', 'the version it points at', parsePositiveInteger)
    .addOption(createActorOption())
    .option('--json', 'print JSON ({ name, alias, version })')
    .addHelpText(
      'after',
      `
Examples:
  $ assay prompts alias support-answer production 3     then load prompts:/support-answer@production`,
    )
    .action(async (name: string, alias: string, version: number, options: { actor?: string; json?: boolean }, command: Command) => {
      const { setPromptAlias } = await import('./prompts/set-prompt-alias.js');
      await setPromptAlias({ context, command, name, alias, version, options });
    });
}

function createDiffCommand(context: CliContext): Command {
  return new Command('diff')
    .description('Show how two prompt versions differ: template lines (-, +), variables and model config')
    .argument('<from>', 'prompts:/<name>/<version> (or @alias, or a name for the latest)')
    .argument('<to>', 'prompts:/<name>/<version> (or @alias, or a name for the latest)')
    .option('--json', 'print the differences as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ assay prompts diff prompts:/support-answer/1 prompts:/support-answer/2
  $ assay prompts diff prompts:/support-answer@production support-answer --json`,
    )
    .action(async (from: string, to: string, options: { json?: boolean }, command: Command) => {
      const { diffPrompts } = await import('./prompts/diff-prompts.js');
      await diffPrompts({ context, command, from, to, options });
    });
}

/** `assay prompts`: the prompt registry (prompt templates stored as MLflow 3 stores them). */
export function createPromptsCommand(context: CliContext): Command {
  return new Command('prompts')
    .description('The prompt registry: register template versions, show and diff them, set aliases')
    .addCommand(createListCommand(context))
    .addCommand(createGetCommand(context))
    .addCommand(createRegisterCommand(context))
    .addCommand(createAliasCommand(context))
    .addCommand(createDiffCommand(context))
    .addHelpText(
      'after',
      `
Examples:
  $ assay prompts register support-answer --template "Answer {{question}}."
  $ assay prompts alias support-answer production 1
  $ assay prompts get prompts:/support-answer@production`,
    );
}
