import type { DuckDBConnection } from '@duckdb/node-api';

function quoteIdentifier(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/u.test(name) ? name : `"${name.replace(/"/gu, '""')}"`;
}

/** A DuckDB type name for a `json_group_structure` node (UBIGINT reads as BIGINT; an all-null column as JSON). */
export function structureType(node: unknown): string {
  if (typeof node === 'string') {
    if (node === 'UBIGINT') return 'BIGINT';
    return node === 'NULL' ? 'JSON' : node;
  }
  if (Array.isArray(node)) return `${structureType(node[0])}[]`;
  if (node !== null && typeof node === 'object') {
    const fields = Object.entries(node).map(([key, value]) => `${quoteIdentifier(key)} ${structureType(value)}`);
    return `STRUCT(${fields.join(', ')})`;
  }
  return 'JSON';
}

/** The structure with NULL leaves made JSON, so json_transform can read every row with it. */
export function transformableStructure(node: unknown): unknown {
  if (node === 'NULL') return 'JSON';
  if (Array.isArray(node)) return node.map(transformableStructure);
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, transformableStructure(value)]));
  }
  return node;
}

/** The JSON structure of one dataset version's rows (DuckDB's json_group_structure), `{}` when it has none. */
export async function readDatasetStructure(
  connection: DuckDBConnection,
  { name, version }: { name: string; version: number },
): Promise<Record<string, unknown>> {
  const result = await connection.runAndReadAll(
    'SELECT json_group_structure(row)::VARCHAR FROM dataset_rows WHERE name = $1 AND version = $2',
    [name, version],
  );
  const text = result.getRows()[0]?.[0];
  return text === null || text === undefined ? {} : (JSON.parse(String(text)) as Record<string, unknown>);
}
