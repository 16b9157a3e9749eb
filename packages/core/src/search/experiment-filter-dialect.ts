import type { ComparisonOperator } from './filter-ast.js';
import type { FilterDialect } from './filter-dialect.js';

const STRING_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', 'LIKE', 'ILIKE'];
const NUMERIC_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', '>', '>=', '<', '<='];

/**
 * MLflow's `search_experiments` filter and `order_by` language. Attributes
 * may be written without a prefix, e.g. `name LIKE 'llm-%' AND tags.team = 'ml'`
 * or `order_by: ['creation_time DESC']`.
 */
export const EXPERIMENT_FILTER_DIALECT: FilterDialect = {
  name: 'experiment filter',
  entities: {
    attribute: {
      prefixes: ['attributes', 'attribute', 'attr'],
      operators: STRING_OPERATORS,
      valueType: 'string',
      keys: {
        name: 'name',
        experiment_id: 'experiment_id',
        id: 'experiment_id',
        creation_time: 'creation_time',
        last_update_time: 'last_update_time',
        lifecycle_stage: 'lifecycle_stage',
      },
      keyRules: {
        creation_time: { operators: NUMERIC_OPERATORS, valueType: 'number' },
        last_update_time: { operators: NUMERIC_OPERATORS, valueType: 'number' },
      },
      orderable: true,
    },
    tag: {
      prefixes: ['tags', 'tag'],
      operators: STRING_OPERATORS,
      valueType: 'string',
    },
  },
  defaultEntity: 'attribute',
};
