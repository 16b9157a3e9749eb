import type { ComparisonOperator } from './filter-ast.js';
import type { FilterDialect } from './filter-dialect.js';

const STRING_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
const NUMERIC_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', '>', '>=', '<', '<='];

/**
 * MLflow's `search_model_versions` filter and `order_by` language, plus OR
 * and parentheses: `name = 'chat' AND run_id IN ('a', 'b')`,
 * `source_path LIKE 'runs:/%'`, `tags.validated = 'yes'`.
 */
export const MODEL_VERSION_FILTER_DIALECT: FilterDialect = {
  name: 'model version filter',
  entities: {
    attribute: {
      prefixes: ['attributes', 'attribute', 'attr'],
      operators: STRING_OPERATORS,
      valueType: 'string',
      keys: {
        name: 'name',
        version_number: 'version_number',
        version: 'version_number',
        run_id: 'run_id',
        source_path: 'source_path',
        source: 'source_path',
        current_stage: 'current_stage',
        status: 'status',
        creation_timestamp: 'creation_timestamp',
        timestamp: 'creation_timestamp',
        last_updated_timestamp: 'last_updated_timestamp',
      },
      keyRules: {
        version_number: { operators: NUMERIC_OPERATORS, valueType: 'number' },
        creation_timestamp: { operators: NUMERIC_OPERATORS, valueType: 'number' },
        last_updated_timestamp: { operators: NUMERIC_OPERATORS, valueType: 'number' },
      },
      orderable: true,
    },
    tag: { prefixes: ['tags', 'tag'], operators: STRING_OPERATORS, valueType: 'string' },
  },
  defaultEntity: 'attribute',
};
