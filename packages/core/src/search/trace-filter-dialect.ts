import type { ComparisonOperator } from './filter-ast.js';
import type { FilterDialect } from './filter-dialect.js';

const PATTERN_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', 'LIKE', 'ILIKE', 'RLIKE'];
const PATTERN_LIST_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', 'LIKE', 'ILIKE', 'RLIKE', 'IN', 'NOT IN'];
const NUMERIC_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', '>', '>=', '<', '<='];
const LIKE_OPERATORS: readonly ComparisonOperator[] = ['LIKE', 'ILIKE'];

/**
 * MLflow's `search_traces` filter and `order_by` language (plus OR and
 * parentheses), e.g. `trace.status = 'ERROR' and span.type = 'TOOL'`,
 * `trace.execution_time_ms > 500`, `span.attributes.model LIKE 'gpt-%'`,
 * `tags.env = 'prod'`, `metadata.version = '2'`, `trace.text ILIKE '%refund%'`
 * or `order_by: ['timestamp_ms DESC']`. Trace keys may be written without a prefix.
 */
export const TRACE_FILTER_DIALECT: FilterDialect = {
  name: 'trace filter',
  entities: {
    trace: {
      prefixes: ['trace', 'attributes', 'attribute', 'attr'],
      operators: PATTERN_LIST_OPERATORS,
      valueType: 'string',
      keys: {
        status: 'status',
        timestamp_ms: 'timestamp_ms',
        timestamp: 'timestamp_ms',
        execution_time_ms: 'execution_time_ms',
        end_time_ms: 'end_time_ms',
        name: 'name',
        request_id: 'request_id',
        trace_id: 'request_id',
        run_id: 'run_id',
        text: 'text',
      },
      keyRules: {
        status: { operators: ['=', '!=', 'IN', 'NOT IN'], valueType: 'string' },
        timestamp_ms: { operators: NUMERIC_OPERATORS, valueType: 'number' },
        execution_time_ms: { operators: NUMERIC_OPERATORS, valueType: 'number' },
        end_time_ms: { operators: NUMERIC_OPERATORS, valueType: 'number' },
        text: { operators: LIKE_OPERATORS, valueType: 'string' },
      },
      orderable: true,
    },
    span: {
      prefixes: ['span'],
      operators: PATTERN_LIST_OPERATORS,
      valueType: 'string',
      keys: { name: 'name', type: 'type', status: 'status' },
      dynamicKeys: { pattern: /^attributes\..+/su, operators: LIKE_OPERATORS, valueType: 'string', description: 'attributes.<key>' },
    },
    tag: {
      prefixes: ['tags', 'tag'],
      operators: PATTERN_OPERATORS,
      valueType: 'string',
    },
    metadata: {
      prefixes: ['metadata', 'request_metadata'],
      operators: PATTERN_OPERATORS,
      valueType: 'string',
    },
  },
  defaultEntity: 'trace',
};
