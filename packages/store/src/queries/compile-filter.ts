import type { DuckDBValue } from '@duckdb/node-api';
import { InvalidParameterError, type ComparisonNode, type FilterField, type FilterNode, type OrderByClause } from '@assay/core';

/** Collects bound parameters; `add` returns the placeholder to splice into SQL. */
export class SqlParameters {
  readonly values: DuckDBValue[] = [];

  add(value: DuckDBValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A table of values belonging to the searched row, matched by `idColumn = outerId` (and `keyColumn = key` when set). */
export interface KeyedTable {
  table: string;
  outerId: string;
  idColumn: string;
  keyColumn?: string;
  valueColumn: string;
  /** A SQL expression over the table's alias `k` used instead of `k.valueColumn` in filters (placeholders only, never user text). */
  valueExpression?: string;
  /** The column compared instead when the filter's value is a number (values of mixed types keep their numbers apart). */
  numberValueColumn?: string;
  /** A condition over alias `k` that rows must also meet (fixed SQL, never user text). */
  where?: string;
  /**
   * `!=` and `NOT IN` also match rows without the key (the registry's tags:
   * MLflow 3 clients add ``tags.`mlflow.prompt.is_prompt` != 'true'`` to
   * every model search, which must keep the models that lack the tag).
   * Otherwise, as MLflow's run search, a row without the key never matches.
   */
  missingKeyIsUnequal?: true;
}

/**
 * How one filter dialect maps onto tables: a field is either a column of the
 * searched row (`r.status`) or a key/value table joined by EXISTS.
 */
export interface FilterMapping {
  /** The column for a field compared directly, or undefined. */
  column(field: FilterField, parameters: SqlParameters): string | undefined;
  /** For key/value entities: the table, its id column and value column, correlated to the outer row id. */
  keyed(field: FilterField, parameters: SqlParameters): KeyedTable | undefined;
}

function compileOperator(expression: string, node: ComparisonNode, parameters: SqlParameters): string {
  const { operator, value } = node;
  if (operator === 'IN' || operator === 'NOT IN') {
    if (value.kind !== 'list') throw new InvalidParameterError(`${operator} needs a list of quoted values, like ('a', 'b').`);
    const placeholders = value.values.map((item) => parameters.add(item)).join(', ');
    return `${expression} ${operator} (${placeholders})`;
  }
  if (value.kind === 'list') throw new InvalidParameterError(`Operator ${operator} cannot take a list; use IN.`);
  const placeholder = parameters.add(value.value);
  switch (operator) {
    case 'LIKE':
      return `${expression} LIKE ${placeholder}`;
    case 'ILIKE':
      return `${expression} ILIKE ${placeholder}`;
    case 'RLIKE':
      return `regexp_matches(${expression}, ${placeholder})`;
    default:
      return `${expression} ${operator} ${placeholder}`;
  }
}

/**
 * Most comparisons on metrics, params, tags (any key/value table) in one
 * filter. Each is a subquery; DuckDB's planning time grows faster than
 * linearly with them (100 take seconds, 200 tens of seconds) and past several
 * hundred it refuses the query (`Max expression depth limit of 1000 exceeded`),
 * so more are refused up front with a clear 400.
 */
export const MAX_KEYED_COMPARISONS = 100;

/**
 * Compiles a filter tree into a SQL boolean expression with bound parameters only.
 * @throws InvalidParameterError for a comparison the mapping cannot compile, or over {@link MAX_KEYED_COMPARISONS} keyed ones.
 */
export function compileFilter(node: FilterNode, mapping: FilterMapping, parameters: SqlParameters): string {
  return compileNode(node, mapping, parameters, { keyedComparisons: 0 });
}

/** A comparison on a key/value table, as the ids of its matching rows (`outerId IN (...)`). */
interface KeyedMembership {
  outerId: string;
  /** The SELECT of the matching ids; with `alsoIn`, only those also in that SELECT's ids. */
  select(alsoIn?: string): string;
}

function compileNode(node: FilterNode, mapping: FilterMapping, parameters: SqlParameters, budget: { keyedComparisons: number }): string {
  switch (node.kind) {
    case 'or':
      return `(${node.operands.map((operand) => compileNode(operand, mapping, parameters, budget)).join(' OR ')})`;
    case 'and': {
      // The key/value comparisons of an AND are nested into one IN (each set narrowed by the next):
      // their ids are intersected before the searched rows are probed once, instead of once per
      // comparison (three comparisons over 100,000 runs: ~20% less time).
      const parts: (string | KeyedMembership[])[] = [];
      for (const operand of node.operands) {
        const compiled = operand.kind === 'comparison' ? compileComparison(operand, mapping, parameters, budget) : compileNode(operand, mapping, parameters, budget);
        if (typeof compiled === 'string') {
          parts.push(compiled);
          continue;
        }
        const group = parts.find((part): part is KeyedMembership[] => typeof part !== 'string' && part[0]!.outerId === compiled.outerId);
        if (group === undefined) parts.push([compiled]);
        else group.push(compiled);
      }
      return `(${parts.map((part) => (typeof part === 'string' ? part : membershipSql(part))).join(' AND ')})`;
    }
    case 'comparison': {
      const compiled = compileComparison(node, mapping, parameters, budget);
      return typeof compiled === 'string' ? compiled : membershipSql([compiled]);
    }
  }
}

/** `outerId IN (...)` for key/value comparisons on the same outer id: the first's ids, narrowed by the next ones'. */
function membershipSql(memberships: readonly KeyedMembership[]): string {
  let ids: string | undefined;
  for (let index = memberships.length - 1; index >= 0; index -= 1) ids = memberships[index]!.select(ids);
  return `${memberships[0]!.outerId} IN (${ids!})`;
}

/** A comparison on a column of the searched row (SQL), or on a key/value table (its matching ids). */
function compileComparison(node: ComparisonNode, mapping: FilterMapping, parameters: SqlParameters, budget: { keyedComparisons: number }): string | KeyedMembership {
  const column = mapping.column(node.field, parameters);
  if (column !== undefined) {
    // Numbers compared with a text column (or the reverse) are compared as text/double explicitly.
    return compileOperator(column, node, parameters);
  }
  const keyed = mapping.keyed(node.field, parameters);
  if (!keyed) throw new InvalidParameterError(`Cannot filter on '${node.field.entity}.${node.field.key}'.`);
  budget.keyedComparisons += 1;
  if (budget.keyedComparisons > MAX_KEYED_COMPARISONS) {
    throw new InvalidParameterError(
      `Invalid filter: it compares more than ${MAX_KEYED_COMPARISONS} metrics, params or tags. Simplify it (IN takes a list of values).`,
    );
  }
  if (keyed.missingKeyIsUnequal === true && (node.operator === '!=' || node.operator === 'NOT IN')) {
    const equal: ComparisonNode = { ...node, operator: node.operator === '!=' ? '=' : 'IN' };
    return `${keyed.outerId} NOT IN (${keyedMembership(equal, keyed, parameters).select()})`;
  }
  return keyedMembership(node, keyed, parameters);
}

/** The ids of the rows whose key/value table has a row matching `node`. */
function keyedMembership(node: ComparisonNode, keyed: KeyedTable, parameters: SqlParameters): KeyedMembership {
  const condition = keyed.where === undefined ? '' : `${keyed.where} AND `;
  const value =
    node.value.kind === 'number' && keyed.numberValueColumn !== undefined
      ? `k.${keyed.numberValueColumn}`
      : (keyed.valueExpression ?? `k.${keyed.valueColumn}`);
  const id = `k.${keyed.idColumn}`;
  const narrowed = (alsoIn: string | undefined): string => (alsoIn === undefined ? '' : ` AND ${id} IN (${alsoIn})`);
  // An uncorrelated IN plans as one hash semi-join; DuckDB plans a correlated EXISTS worse.
  if (keyed.keyColumn === undefined) {
    const predicate = compileOperator(value, node, parameters);
    return { outerId: keyed.outerId, select: (alsoIn) => `SELECT ${id} FROM ${keyed.table} k WHERE ${condition}${predicate}${narrowed(alsoIn)}` };
  }
  // The key is compared in the scan, the value only on the rows with that key: `OFFSET 0` keeps
  // DuckDB (1.5) from pushing the value's comparison into the scan too, where it is evaluated on
  // every row of the table. A string value's comparison over all the params of 100,000 runs took
  // 25 ms, the key's alone 4 ms and the value's on that key's rows 8 ms more.
  const key = parameters.add(node.field.key);
  const predicate = compileOperator(value, node, parameters);
  const rows = `(SELECT * FROM ${keyed.table} WHERE ${keyed.keyColumn} = ${key} OFFSET 0) k`;
  return { outerId: keyed.outerId, select: (alsoIn) => `SELECT ${id} FROM ${rows} WHERE ${condition}${predicate}${narrowed(alsoIn)}` };
}

/** The JOINs and ORDER BY terms for order_by clauses; keyed values join as LEFT JOINs and sort missing last. */
export function compileOrderBy(
  clauses: readonly OrderByClause[],
  mapping: FilterMapping,
  parameters: SqlParameters,
): { joins: string[]; terms: string[] } {
  const joins: string[] = [];
  const terms: string[] = [];
  clauses.forEach((clause, index) => {
    const direction = clause.ascending ? 'ASC' : 'DESC';
    const column = mapping.column(clause.field, parameters);
    if (column !== undefined) {
      terms.push(`${column} ${direction} NULLS LAST`);
      return;
    }
    const keyed = mapping.keyed(clause.field, parameters);
    if (!keyed) throw new InvalidParameterError(`Cannot order by '${clause.field.entity}.${clause.field.key}'.`);
    const alias = `o${index}`;
    if (keyed.keyColumn === undefined) throw new InvalidParameterError(`Cannot order by '${clause.field.entity}.${clause.field.key}'.`);
    joins.push(
      `LEFT JOIN ${keyed.table} ${alias} ON ${alias}.${keyed.idColumn} = ${keyed.outerId} AND ${alias}.${keyed.keyColumn} = ${parameters.add(clause.field.key)}`,
    );
    terms.push(`${alias}.${keyed.valueColumn} ${direction} NULLS LAST`);
  });
  return { joins, terms };
}

/** Encodes a result offset as an opaque page token. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

/** Decodes a page token made by encodePageToken; throws a clear error for anything else. */
export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof decoded.offset === 'number' && Number.isSafeInteger(decoded.offset) && decoded.offset >= 0) return decoded.offset;
  } catch {
    // fall through to the error below
  }
  throw new InvalidParameterError(`Invalid page token '${token}': pass back the nextPageToken of a previous search unchanged.`);
}
