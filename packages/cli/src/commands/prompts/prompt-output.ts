import type { Prompt, PromptVersion } from '@assay/sdk';
import type { WriteText } from '../../cli-context.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printTable } from '../../output/print-table.js';
import { formatRegistryTags } from '../models/model-tables.js';

/** A template line is shown whole (up to this many characters), escaped. */
const LINE_LENGTH = 10_000;

/** What `--json` prints for a prompt version: its fields (PromptVersion is a class with a method). */
export function promptVersionJson(version: PromptVersion): Record<string, unknown> {
  return {
    name: version.name,
    version: version.version,
    uri: version.uri,
    type: version.type,
    template: version.template,
    variables: version.variables,
    ...(version.commitMessage !== undefined ? { commitMessage: version.commitMessage } : {}),
    aliases: version.aliases,
    ...(version.modelConfig !== undefined ? { modelConfig: version.modelConfig } : {}),
    tags: version.tags,
    createdAt: version.createdAt,
  };
}

/** A template's lines, escaped: text as it is, chat messages as `role: content` (continuation lines indented under the content). */
export function templateDisplayLines(template: PromptVersion['template']): string[] {
  if (typeof template === 'string') return template.split('\n').map((line) => formatUntrustedText(line, LINE_LENGTH));
  return template.flatMap((message) => {
    const role = formatUntrustedText(message.role, 40);
    const [first = '', ...rest] = message.content.split('\n');
    return [`${role}: ${formatUntrustedText(first, LINE_LENGTH)}`, ...rest.map((line) => `${' '.repeat(role.length + 2)}${formatUntrustedText(line, LINE_LENGTH)}`)];
  });
}

/** One prompt version: a heading, its template (indented), then its fields. */
export function printPromptVersion(version: PromptVersion, write: WriteText): void {
  write(`Prompt '${formatUntrustedText(version.name, 80)}' version ${version.version} (${version.type}): ${formatUntrustedText(version.uri, 120)}\n\n`);
  write('Template:\n');
  for (const line of templateDisplayLines(version.template)) write(`  ${line}\n`);
  write('\n');
  printTable(
    {
      head: ['Field', 'Value'],
      rows: [
        ['Variables', version.variables.length === 0 ? '-' : formatUntrustedText(version.variables.join(', '), 120)],
        ['Commit message', formatUntrustedText(version.commitMessage ?? '-', 120)],
        ['Aliases', version.aliases.length === 0 ? '-' : formatUntrustedText(version.aliases.join(', '), 80)],
        ['Model config', version.modelConfig === undefined ? '-' : formatUntrustedText(JSON.stringify(version.modelConfig), 120)],
        ['Tags', formatRegistryTags(version.tags, 80)],
        ['Created', formatTimestamp(version.createdAt)],
      ],
    },
    write,
  );
}

/** Prompts as a table, by name as given. */
export function printPrompts(prompts: readonly Prompt[], write: WriteText): void {
  if (prompts.length === 0) {
    write('No prompts found.\n');
    return;
  }
  printTable(
    {
      head: ['Name', 'Aliases', 'Updated', 'Description', 'Tags'],
      rows: prompts.map((prompt) => {
        const aliases = Object.entries(prompt.aliases)
          .sort(([left], [right]) => left.localeCompare(right))
          .map(([alias, version]) => `${alias}→${version}`)
          .join(', ');
        return [
          formatUntrustedText(prompt.name, 50),
          aliases === '' ? '-' : formatUntrustedText(aliases, 40),
          formatTimestamp(prompt.lastUpdatedTimestamp),
          formatUntrustedText(prompt.description ?? '-', 40),
          formatRegistryTags(prompt.tags, 40),
        ];
      }),
    },
    write,
  );
}
