import type { ComparisonOperator } from './filter-ast.js';

/** What one entity type of a dialect accepts. */
export interface EntityRule {
  /** Identifiers that name this entity, e.g. `['metrics', 'metric']`. */
  prefixes: readonly string[];
  /** Operators allowed with it. */
  operators: readonly ComparisonOperator[];
  /** Value kinds allowed: numeric comparison or quoted string. */
  valueType: 'number' | 'string' | 'number-or-string';
  /**
   * If set, only these keys are allowed (case-insensitive), mapped to their
   * canonical key, e.g. attributes `{ 'run name': 'run_name', created: 'start_time' }`.
   */
  keys?: Readonly<Record<string, string>>;
  /** Per-key overrides of `operators`/`valueType` (e.g. attributes.start_time is numeric). */
  keyRules?: Readonly<Record<string, { operators: readonly ComparisonOperator[]; valueType: 'number' | 'string' }>>;
  /**
   * Open-ended keys accepted beside the closed `keys` set, e.g. trace search's
   * `span.attributes.<name>`: a key matching `pattern` is kept as written and
   * gets these operators and value type.
   */
  dynamicKeys?: {
    pattern: RegExp;
    operators: readonly ComparisonOperator[];
    valueType: 'number' | 'string';
    /** How messages name such keys, e.g. `attributes.<key>`. */
    description: string;
  };
  /** Whether this entity may appear in `order_by`. */
  orderable?: boolean;
}

/**
 * A filter language: which entities exist and what each accepts. The run,
 * trace and experiment searches are dialects of one grammar.
 */
export interface FilterDialect {
  /** Name used in messages, e.g. 'run filter'. */
  name: string;
  /** Canonical entity name → its rule. */
  entities: Readonly<Record<string, EntityRule>>;
  /**
   * Entity used when an identifier has no prefix (e.g. experiments' `name LIKE 'x%'`);
   * undefined means a prefix is required.
   */
  defaultEntity?: string;
}
