import type { ComparisonOperator } from './filter-ast.js';
import type { FilterDialect } from './filter-dialect.js';

const STRING_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
const NUMERIC_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', '>', '>=', '<', '<='];

/**
 * MLflow's `search_registered_models` filter and `order_by` language, plus
 * OR and parentheses: `name LIKE 'chat-%' AND tags.team = 'ml'`. MLflow 3
 * clients append ``tags.`mlflow.prompt.is_prompt` != 'true'`` to every search.
 */
export const REGISTERED_MODEL_FILTER_DIALECT: FilterDialect = {
  name: 'registered model filter',
  entities: {
    attribute: {
      prefixes: ['attributes', 'attribute', 'attr'],
      operators: STRING_OPERATORS,
      valueType: 'string',
      keys: {
        name: 'name',
        creation_timestamp: 'creation_timestamp',
        timestamp: 'creation_timestamp',
        last_updated_timestamp: 'last_updated_timestamp',
      },
      keyRules: {
        creation_timestamp: { operators: NUMERIC_OPERATORS, valueType: 'number' },
        last_updated_timestamp: { operators: NUMERIC_OPERATORS, valueType: 'number' },
      },
      orderable: true,
    },
    tag: { prefixes: ['tags', 'tag'], operators: STRING_OPERATORS, valueType: 'string' },
  },
  defaultEntity: 'attribute',
};
