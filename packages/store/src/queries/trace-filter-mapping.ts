import type { FilterField } from '@assay/core';
import type { FilterMapping, SqlParameters } from './compile-filter.js';

const TRACE_COLUMNS: Record<string, string> = {
  status: 't.state',
  timestamp_ms: 't.request_time',
  execution_time_ms: 't.execution_duration_ms',
  end_time_ms: 't.end_time_ms',
  name: 't.name',
  request_id: 't.trace_id',
  run_id: 't.run_id',
  session_id: 't.session_id',
  user_id: 't.user_id',
};

const COST_COLUMNS: Record<string, string> = { total: 't.total_cost', input: 't.input_cost', output: 't.output_cost' };

const SPAN_COLUMNS: Record<string, string> = { name: 'name', type: 'span_type', status: 'status_code' };
const SPAN_ATTRIBUTE_PREFIX = 'attributes.';

/**
 * A JSON pointer (RFC 6901) naming one top-level key, bound as a parameter:
 * any key, quotes and slashes included, is addressed without touching SQL text.
 */
function jsonPointer(key: string, parameters: SqlParameters): string {
  return parameters.add(`/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
}

/** Maps the trace filter dialect onto the traces table (alias `t`), spans, trace tags, metadata and assessments. */
export const TRACE_FILTER_MAPPING: FilterMapping = {
  column(field: FilterField, parameters: SqlParameters) {
    if (field.entity === 'trace') return Object.hasOwn(TRACE_COLUMNS, field.key) ? TRACE_COLUMNS[field.key] : undefined;
    if (field.entity === 'cost') return Object.hasOwn(COST_COLUMNS, field.key) ? COST_COLUMNS[field.key] : undefined;
    if (field.entity === 'metadata') return `json_extract_string(t.metadata, ${jsonPointer(field.key, parameters)})`;
    return undefined;
  },
  keyed(field: FilterField, parameters: SqlParameters) {
    if (field.entity === 'tag') {
      return { table: 'trace_tags', outerId: 't.trace_id', idColumn: 'trace_id', keyColumn: 'key', valueColumn: 'value' };
    }
    if (field.entity === 'feedback' || field.entity === 'expectation') {
      // Overridden assessments (valid = false) are history, not the trace's current judgement.
      return {
        table: 'assessments',
        outerId: 't.trace_id',
        idColumn: 'trace_id',
        keyColumn: 'name',
        valueColumn: 'value_text',
        numberValueColumn: 'value_number',
        where: `k.kind = '${field.entity}' AND k.valid`,
      };
    }
    if (field.entity === 'trace' && field.key === 'text') {
      // Like MLflow's span content search: one text per span, so a pattern may span name, inputs and outputs.
      return {
        table: 'spans',
        outerId: 't.trace_id',
        idColumn: 'trace_id',
        valueColumn: 'name',
        valueExpression: "concat_ws(' ', k.name, k.inputs, k.outputs)",
      };
    }
    if (field.entity !== 'span') return undefined;
    if (field.key.startsWith(SPAN_ATTRIBUTE_PREFIX)) {
      const key = field.key.slice(SPAN_ATTRIBUTE_PREFIX.length);
      return {
        table: 'spans',
        outerId: 't.trace_id',
        idColumn: 'trace_id',
        valueColumn: 'attributes',
        valueExpression: `json_extract_string(k.attributes, ${jsonPointer(key, parameters)})`,
      };
    }
    const column = Object.hasOwn(SPAN_COLUMNS, field.key) ? SPAN_COLUMNS[field.key] : undefined;
    return column === undefined ? undefined : { table: 'spans', outerId: 't.trace_id', idColumn: 'trace_id', valueColumn: column };
  },
};
