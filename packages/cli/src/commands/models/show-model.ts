import type { RegisteredModel } from '@assay/core';
import type { WriteText } from '../../cli-context.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import { printTable } from '../../output/print-table.js';
import type { CommandInvocation } from '../command-invocation.js';
import { formatRegistryTags, printModelVersion, printModelVersions } from './model-tables.js';
import { withRegistry } from './with-registry.js';

/** The options of `assay models get`. */
export interface ShowModelCommandOptions {
  json?: boolean;
}

/** Options of `showModel`. */
export interface ShowModelOptions extends CommandInvocation<ShowModelCommandOptions> {
  /** The registered model's name. */
  name: string;
  /** Show this version instead of the model. */
  version: number | undefined;
}

function printRegisteredModel(model: RegisteredModel, write: WriteText): void {
  printTable(
    {
      head: ['Field', 'Value'],
      rows: [
        ['Name', formatUntrustedText(model.name, 80)],
        ['Description', formatUntrustedText(model.description ?? '-', 80)],
        ['Tags', formatRegistryTags(model.tags, 80)],
        ['Protected', model.protected ? 'yes: stage and alias changes need an approved request (assay models request)' : 'no'],
        ['Created', formatTimestamp(model.creationTimestamp)],
        ['Updated', formatTimestamp(model.lastUpdatedTimestamp)],
      ],
    },
    write,
  );
  write('\n');
  const aliases = Object.entries(model.aliases).sort(([left], [right]) => left.localeCompare(right));
  if (aliases.length === 0) write('Aliases: none\n');
  else {
    write(`Aliases (${aliases.length})\n`);
    printTable({ head: ['Alias', 'Version'], rows: aliases.map(([alias, version]) => [formatUntrustedText(alias, 60), String(version)]), alignRight: [1] }, write);
  }
  write('\n');
  write('Latest version per stage\n');
  printModelVersions([...model.latestVersions].sort((left, right) => right.version - left.version), write);
}

/** `assay models get <name> [version]`: a registered model (or one of its versions) as tables or JSON. */
export async function showModel({ context, command, name, version, options }: ShowModelOptions): Promise<void> {
  const found = await withRegistry({ context, command, mustExist: true }, async (registry) =>
    version === undefined
      ? { kind: 'model' as const, model: await registry.getRegisteredModel(name) }
      : { kind: 'version' as const, version: await registry.getModelVersion(name, version) },
  );
  if (options.json) {
    printJson(found.kind === 'model' ? found.model : found.version, context.stdout);
    return;
  }
  if (found.kind === 'model') printRegisteredModel(found.model, context.stdout);
  else printModelVersion(found.version, context.stdout);
}
