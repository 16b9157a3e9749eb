import { InvalidParameterError, parseFilter, parseOrderBy, RUN_FILTER_DIALECT } from '@assay/core';
import type { FilterNode, Run } from '@assay/core';

/** A data column of the runs table: one metric, param or tag key. */
export interface RunColumn {
  /** What the key names. */
  entity: 'metric' | 'param' | 'tag';
  /** The metric, param or tag key. */
  key: string;
}

/** How many columns the table gets when `--columns` is not given. */
const DEFAULT_COLUMN_COUNT = 4;

const HEADER_PREFIX: Readonly<Record<RunColumn['entity'], string>> = { metric: 'metrics', param: 'params', tag: 'tags' };

function unquote(key: string): string {
  const first = key.at(0);
  if (key.length >= 2 && (first === '`' || first === '"' || first === "'") && key.at(-1) === first) return key.slice(1, -1);
  return key;
}

/**
 * Parses `--columns` values such as `metrics.acc`, `params.model`, `tags.team`
 * (with the filter language's aliases, e.g. `metric.acc`, and backticks for
 * keys with spaces).
 *
 * @throws InvalidParameterError for anything else, naming the bad column.
 */
export function parseRunColumns(specifications: readonly string[]): RunColumn[] {
  return specifications.map((specification) => {
    const dot = specification.indexOf('.');
    const prefix = dot > 0 ? specification.slice(0, dot).toLowerCase() : '';
    const key = dot > 0 ? unquote(specification.slice(dot + 1).trim()) : '';
    for (const entity of ['metric', 'param', 'tag'] as const) {
      if (RUN_FILTER_DIALECT.entities[entity]?.prefixes.includes(prefix) && key !== '') return { entity, key };
    }
    throw new InvalidParameterError(
      `Invalid column '${specification}': use metrics.<key>, params.<key> or tags.<key>, e.g. --columns metrics.accuracy,params.model.`,
    );
  });
}

function isRunColumnEntity(entity: string): entity is RunColumn['entity'] {
  return entity === 'metric' || entity === 'param' || entity === 'tag';
}

function collectFilterColumns(node: FilterNode, columns: RunColumn[]): void {
  if (node.kind === 'comparison') {
    if (isRunColumnEntity(node.field.entity)) columns.push({ entity: node.field.entity, key: node.field.key });
    return;
  }
  for (const operand of node.operands) collectFilterColumns(operand, columns);
}

/** The metric, param and tag keys a search sorts or filters by: worth showing. */
function referencedColumns(filter: string | undefined, orderBy: readonly string[] | undefined): RunColumn[] {
  const columns: RunColumn[] = [];
  try {
    for (const clause of parseOrderBy(orderBy, RUN_FILTER_DIALECT)) {
      if (isRunColumnEntity(clause.field.entity)) columns.push({ entity: clause.field.entity, key: clause.field.key });
    }
    const tree = parseFilter(filter, RUN_FILTER_DIALECT);
    if (tree) collectFilterColumns(tree, columns);
  } catch {
    // The store has already accepted both; a parse failure here only costs the extra columns.
  }
  return columns;
}

function addUnique(columns: RunColumn[], column: RunColumn): void {
  if (!columns.some((known) => known.entity === column.entity && known.key === column.key)) columns.push(column);
}

/**
 * The columns of a runs table without `--columns`: the keys the search sorts
 * and filters by, then metric keys present in the page (alphabetically) up to
 * four columns in all.
 */
export function defaultRunColumns(runs: readonly Run[], search: { filter?: string; orderBy?: readonly string[] }): RunColumn[] {
  const columns: RunColumn[] = [];
  for (const column of referencedColumns(search.filter, search.orderBy)) addUnique(columns, column);
  const metricKeys = [...new Set(runs.flatMap((run) => Object.keys(run.data.metrics)))].sort();
  for (const key of metricKeys) {
    if (columns.length >= DEFAULT_COLUMN_COUNT) break;
    addUnique(columns, { entity: 'metric', key });
  }
  return columns;
}

/** The header of a column, e.g. `metrics.accuracy`. */
export function runColumnHeader(column: RunColumn): string {
  return `${HEADER_PREFIX[column.entity]}.${column.key}`;
}
