import type { FilterField } from '@assay/core';
import type { FilterMapping } from './compile-filter.js';

const RUN_COLUMNS: Record<string, string> = {
  run_id: 'r.run_id',
  run_name: 'r.run_name',
  status: 'r.status',
  user_id: 'r.user_id',
  artifact_uri: 'r.artifact_uri',
  start_time: 'r.start_time',
  end_time: 'r.end_time',
  experiment_id: 'r.experiment_id',
  lifecycle_stage: 'r.lifecycle_stage',
};

const DATASET_COLUMNS: Record<string, string> = { name: 'dataset_name', digest: 'dataset_digest', context: 'context' };

/**
 * Maps the run filter dialect onto the runs table (alias `r`) and its key/value tables,
 * joined on the integer run_key (schema 8): over 32-character run ids, hash joins took
 * most of a search's time (issue 13).
 */
export const RUN_FILTER_MAPPING: FilterMapping = {
  column(field: FilterField) {
    return field.entity === 'attribute' ? RUN_COLUMNS[field.key] : undefined;
  },
  keyed(field: FilterField) {
    switch (field.entity) {
      case 'metric':
        return { table: 'latest_metrics', outerId: 'r.run_key', idColumn: 'run_key', keyColumn: 'key', valueColumn: 'value' };
      case 'param':
        return { table: 'params', outerId: 'r.run_key', idColumn: 'run_key', keyColumn: 'key', valueColumn: 'value' };
      case 'tag':
        return { table: 'tags', outerId: 'r.run_key', idColumn: 'run_key', keyColumn: 'key', valueColumn: 'value' };
      case 'dataset': {
        const column = DATASET_COLUMNS[field.key];
        return column === undefined ? undefined : { table: 'run_inputs', outerId: 'r.run_key', idColumn: 'run_key', valueColumn: column };
      }
      default:
        return undefined;
    }
  },
};

