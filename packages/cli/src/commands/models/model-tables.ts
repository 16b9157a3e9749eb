import type { ModelVersion, RegisteredModel } from '@assay/core';
import type { WriteText } from '../../cli-context.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printTable } from '../../output/print-table.js';

/** Tags as `key=value, ...`, sorted, escaped and cut to `width`. */
export function formatRegistryTags(tags: Record<string, string>, width = 60): string {
  const text = Object.entries(tags)
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  return text === '' ? '-' : formatUntrustedText(text, width);
}

/** Aliases of a model as `alias→version, ...`, sorted; `-` for none. */
function formatModelAliases(aliases: Record<string, number>): string {
  const text = Object.entries(aliases)
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([alias, version]) => `${alias}→${version}`)
    .join(', ');
  return text === '' ? '-' : formatUntrustedText(text, 40);
}

/** The newest version number of a model (its latest versions span every stage); `-` without versions. */
function newestVersion(model: RegisteredModel): string {
  const numbers = model.latestVersions.map((version) => version.version);
  return numbers.length === 0 ? '-' : String(Math.max(...numbers));
}

/** Registered models as a table: names, descriptions and tags are untrusted text, escaped. */
export function printRegisteredModels(models: readonly RegisteredModel[], write: WriteText): void {
  if (models.length === 0) {
    write('No registered models found.\n');
    return;
  }
  printTable(
    {
      head: ['Name', 'Latest', 'Aliases', 'Updated', 'Description', 'Tags'],
      rows: models.map((model) => [
        formatUntrustedText(model.name, 50),
        newestVersion(model),
        formatModelAliases(model.aliases),
        formatTimestamp(model.lastUpdatedTimestamp),
        formatUntrustedText(model.description ?? '-', 40),
        formatRegistryTags(model.tags, 40),
      ]),
      alignRight: [1],
    },
    write,
  );
}

/** Model versions as a table, newest first as given. */
export function printModelVersions(versions: readonly ModelVersion[], write: WriteText): void {
  if (versions.length === 0) {
    write('No model versions found.\n');
    return;
  }
  printTable(
    {
      head: ['Version', 'Stage', 'Aliases', 'Status', 'Created', 'Run ID', 'Source'],
      rows: versions.map((version) => [
        String(version.version),
        version.currentStage,
        version.aliases.length === 0 ? '-' : formatUntrustedText(version.aliases.join(', '), 40),
        version.status,
        formatTimestamp(version.creationTimestamp),
        version.runId === undefined ? '-' : formatUntrustedText(version.runId, 40),
        formatUntrustedText(version.source, 60),
      ]),
      alignRight: [0],
    },
    write,
  );
}

/** One version's fields as a two-column table. */
export function printModelVersion(version: ModelVersion, write: WriteText, extra: readonly (readonly [string, string])[] = []): void {
  printTable(
    {
      head: ['Field', 'Value'],
      rows: [
        ['Name', formatUntrustedText(version.name, 80)],
        ['Version', String(version.version)],
        ['Stage', version.currentStage],
        ['Aliases', version.aliases.length === 0 ? '-' : formatUntrustedText(version.aliases.join(', '), 80)],
        ['Status', version.status],
        ...(version.statusMessage !== undefined ? [['Status message', formatUntrustedText(version.statusMessage, 80)] as const] : []),
        ['Source', formatUntrustedText(version.source, 120)],
        ...extra.map(([field, value]) => [field, value] as const),
        ['Run ID', version.runId === undefined ? '-' : formatUntrustedText(version.runId, 80)],
        ...(version.runLink !== undefined ? [['Run link', formatUntrustedText(version.runLink, 120)] as const] : []),
        ['Description', formatUntrustedText(version.description ?? '-', 80)],
        ['Tags', formatRegistryTags(version.tags, 80)],
        ['Created', formatTimestamp(version.creationTimestamp)],
        ['Updated', formatTimestamp(version.lastUpdatedTimestamp)],
      ],
    },
    write,
  );
}
