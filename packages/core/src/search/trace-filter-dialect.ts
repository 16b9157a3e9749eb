import type { ComparisonOperator } from './filter-ast.js';
import type { FilterDialect } from './filter-dialect.js';

const PATTERN_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', 'LIKE', 'ILIKE', 'RLIKE'];
const PATTERN_LIST_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', 'LIKE', 'ILIKE', 'RLIKE', 'IN', 'NOT IN'];
const NUMERIC_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', '>', '>=', '<', '<='];
const LIKE_OPERATORS: readonly ComparisonOperator[] = ['LIKE', 'ILIKE'];
// Assessment values are any JSON: numbers compare as numbers, everything as text.
const ASSESSMENT_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', '>', '>=', '<', '<=', 'LIKE', 'ILIKE', 'RLIKE', 'IN', 'NOT IN'];

/**
 * MLflow's `search_traces` filter and `order_by` language (plus OR and
 * parentheses), e.g. `trace.status = 'ERROR' and span.type = 'TOOL'`,
 * `trace.execution_time_ms > 500`, `span.attributes.model LIKE 'gpt-%'`,
 * `tags.env = 'prod'`, `metadata.version = '2'`, `trace.text ILIKE '%refund%'`
 * or `order_by: ['timestamp_ms DESC']`. Trace keys may be written without a prefix.
 *
 * Beyond MLflow: `trace.session_id` and `trace.user_id`; `feedback.<name>`
 * and `expectation.<name>` also take numeric comparisons (`feedback.rating > 3`
 * matches valid assessments whose value is a number above 3; a quoted value
 * compares with the value's text: a string as it is, anything else as JSON,
 * so `feedback.correct = 'true'`); `cost.total`, `cost.input` and `cost.output`
 * (US dollars) compare numbers and sort.
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
        session_id: 'session_id',
        user_id: 'user_id',
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
    feedback: {
      prefixes: ['feedback'],
      operators: ASSESSMENT_OPERATORS,
      valueType: 'number-or-string',
    },
    expectation: {
      prefixes: ['expectation', 'expectations'],
      operators: ASSESSMENT_OPERATORS,
      valueType: 'number-or-string',
    },
    cost: {
      prefixes: ['cost'],
      operators: NUMERIC_OPERATORS,
      valueType: 'number',
      keys: { total: 'total', input: 'input', output: 'output' },
      orderable: true,
    },
  },
  defaultEntity: 'trace',
};
