/**
 * The syntax tree of a search filter such as
 * `metrics.acc > 0.9 and (params.model = 'gpt-4o' or tags.team LIKE 'ml%')`.
 * The parser produces it; each store compiles it to its own query language.
 */

/** Comparison operators, upper-cased. */
export type ComparisonOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE' | 'RLIKE' | 'IN' | 'NOT IN';

/** What a comparison's left side names, e.g. `metrics.acc` → `{ entity: 'metric', key: 'acc' }`. */
export interface FilterField {
  /** The canonical entity type; aliases (`metric`, `param`, `attr`, `run` ...) are resolved by the dialect. */
  entity: string;
  /** The key after the dot, without backticks or quotes. */
  key: string;
}

/** A literal on the right side. */
export type FilterValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'list'; values: string[] };

export interface ComparisonNode {
  kind: 'comparison';
  field: FilterField;
  operator: ComparisonOperator;
  value: FilterValue;
  /** 1-based column where the comparison starts, for error messages. */
  column: number;
}

export interface AndNode {
  kind: 'and';
  operands: FilterNode[];
}

export interface OrNode {
  kind: 'or';
  operands: FilterNode[];
}

export type FilterNode = ComparisonNode | AndNode | OrNode;

/** One `order_by` clause, e.g. `metrics.rouge1 DESC`. */
export interface OrderByClause {
  field: FilterField;
  ascending: boolean;
}
