import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { MODEL_VERSION_STAGES, type RegisteredModel } from '@assay/core';
import { readSearchPrepared } from '../duckdb/prepared-statements.js';
import { toNumber } from '../queries/to-number.js';
import { readModelVersions } from './read-model-versions.js';
import { requireModelKey } from './require-registry-entity.js';

/** Which models readRegisteredModels reads: SQL over `registered_models m`. */
export interface RegisteredModelSelection {
  /** The WHERE condition, with `$n` placeholders only. */
  where: string;
  values: DuckDBValue[];
  /** JOINs for the ORDER BY, if any. */
  joins?: string;
  /** ORDER BY, LIMIT and OFFSET, if any. */
  suffix?: string;
}

/** Reads registered models with their tags, aliases and latest version per stage. */
export async function readRegisteredModels(
  connection: DuckDBConnection,
  { where, values, joins = '', suffix = '' }: RegisteredModelSelection,
): Promise<RegisteredModel[]> {
  const result = await readSearchPrepared(
    connection,
    `SELECT m.model_key, m.name, m.description, m.creation_time, m.last_updated_time, m.protected FROM registered_models m ${joins} WHERE ${where} ${suffix}`,
    values,
  );
  const byKey = new Map<number, RegisteredModel>();
  const models = result.getRows().map(([modelKey, name, description, created, updated, isProtected]): RegisteredModel => {
    const model: RegisteredModel = {
      name: String(name),
      creationTimestamp: toNumber(created),
      lastUpdatedTimestamp: toNumber(updated),
      ...(description !== null ? { description: String(description) } : {}),
      latestVersions: [],
      tags: {},
      aliases: {},
      protected: isProtected === true,
    };
    byKey.set(toNumber(modelKey), model);
    return model;
  });
  if (models.length === 0) return models;
  const keys = listValue([...byKey.keys()]);
  const tags = await connection.runAndReadAll('SELECT model_key, key, value FROM registered_model_tags WHERE model_key IN (SELECT unnest($1)) ORDER BY key', [keys]);
  for (const [modelKey, key, value] of tags.getRows()) {
    const model = byKey.get(toNumber(modelKey));
    if (model) model.tags[String(key)] = String(value);
  }
  const aliases = await connection.runAndReadAll(
    'SELECT model_key, alias, version FROM registered_model_aliases WHERE model_key IN (SELECT unnest($1)) ORDER BY alias',
    [keys],
  );
  for (const [modelKey, alias, version] of aliases.getRows()) {
    const model = byKey.get(toNumber(modelKey));
    if (model) model.aliases[String(alias)] = toNumber(version);
  }
  const latest = await readModelVersions(connection, {
    where: 'v.model_key IN (SELECT unnest($1))',
    values: [keys],
    suffix: 'QUALIFY row_number() OVER (PARTITION BY v.model_key, v.current_stage ORDER BY v.version DESC) = 1',
  });
  const byName = new Map(models.map((model) => [model.name, model]));
  latest.sort((a, b) => MODEL_VERSION_STAGES.indexOf(a.currentStage) - MODEL_VERSION_STAGES.indexOf(b.currentStage));
  for (const version of latest) byName.get(version.name)?.latestVersions.push(version);
  return models;
}

/** One registered model; NotFoundError for an unknown name. */
export async function readRegisteredModel(connection: DuckDBConnection, name: string): Promise<RegisteredModel> {
  const modelKey = await requireModelKey(connection, name);
  return (await readRegisteredModels(connection, { where: 'm.model_key = $1', values: [modelKey] }))[0]!;
}
