import type { ComparisonOperator } from './filter-ast.js';
import type { FilterDialect } from './filter-dialect.js';

const STRING_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', 'LIKE', 'ILIKE'];
const STRING_LIST_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
const NUMERIC_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', '>', '>=', '<', '<='];

/**
 * MLflow's `search_runs` filter and `order_by` language: `metrics.`, `params.`,
 * `tags.`, `attributes.` and `datasets.` identifiers with their aliases,
 * e.g. `metrics.acc > 0.9 and params.model = 'gpt-4o' and attributes.status = 'FINISHED'`.
 */
export const RUN_FILTER_DIALECT: FilterDialect = {
  name: 'run filter',
  entities: {
    metric: {
      prefixes: ['metrics', 'metric'],
      operators: NUMERIC_OPERATORS,
      valueType: 'number',
      orderable: true,
    },
    param: {
      prefixes: ['params', 'param', 'parameter', 'parameters'],
      operators: STRING_OPERATORS,
      valueType: 'string',
      orderable: true,
    },
    tag: {
      prefixes: ['tags', 'tag'],
      operators: STRING_OPERATORS,
      valueType: 'string',
      orderable: true,
    },
    attribute: {
      prefixes: ['attributes', 'attribute', 'attr', 'run'],
      operators: STRING_LIST_OPERATORS,
      valueType: 'string',
      keys: {
        run_id: 'run_id',
        run_name: 'run_name',
        'run name': 'run_name',
        runName: 'run_name',
        status: 'status',
        user_id: 'user_id',
        artifact_uri: 'artifact_uri',
        start_time: 'start_time',
        end_time: 'end_time',
        created: 'start_time',
        experiment_id: 'experiment_id',
        lifecycle_stage: 'lifecycle_stage',
      },
      keyRules: {
        start_time: { operators: NUMERIC_OPERATORS, valueType: 'number' },
        end_time: { operators: NUMERIC_OPERATORS, valueType: 'number' },
      },
      orderable: true,
    },
    dataset: {
      prefixes: ['datasets', 'dataset'],
      operators: STRING_LIST_OPERATORS,
      valueType: 'string',
      keys: { name: 'name', digest: 'digest', context: 'context' },
    },
  },
};
