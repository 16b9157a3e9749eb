import { listValue, type DuckDBConnection } from '@duckdb/node-api';

/**
 * Inserts a new model's or version's tags in one statement (two lists
 * unnested side by side). One INSERT per tag cost ~0.6 ms each here, most of
 * it parsing and planning: a version registered with 100 tags took ~65 ms.
 */
export async function insertTags(
  connection: DuckDBConnection,
  table: 'registered_model_tags' | 'model_version_tags',
  ownerColumn: 'model_key' | 'version_key',
  owner: number,
  tags: Readonly<Record<string, string>>,
): Promise<void> {
  const entries = Object.entries(tags);
  if (entries.length === 0) return;
  await connection.run(`INSERT INTO ${table} (${ownerColumn}, key, value) SELECT $1, unnest($2::VARCHAR[]), unnest($3::VARCHAR[])`, [
    owner,
    listValue(entries.map(([key]) => key)),
    listValue(entries.map(([, value]) => value)),
  ]);
}
