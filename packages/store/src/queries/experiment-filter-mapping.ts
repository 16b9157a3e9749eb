import type { FilterField } from '@assay/core';
import type { FilterMapping } from './compile-filter.js';

const EXPERIMENT_COLUMNS: Record<string, string> = {
  name: 'e.name',
  experiment_id: 'e.experiment_id',
  creation_time: 'e.creation_time',
  last_update_time: 'e.last_update_time',
  lifecycle_stage: 'e.lifecycle_stage',
};

/** Maps the experiment filter dialect onto the experiments table (alias `e`). */
export const EXPERIMENT_FILTER_MAPPING: FilterMapping = {
  column(field: FilterField) {
    return field.entity === 'attribute' ? EXPERIMENT_COLUMNS[field.key] : undefined;
  },
  keyed(field: FilterField) {
    return field.entity === 'tag'
      ? { table: 'experiment_tags', outerId: 'e.experiment_id', idColumn: 'experiment_id', keyColumn: 'key', valueColumn: 'value' }
      : undefined;
  },
};
