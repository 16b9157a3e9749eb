import type { FilterField } from '@assay/core';
import type { FilterMapping } from '../queries/compile-filter.js';

const MODEL_COLUMNS: Record<string, string> = {
  name: 'm.name',
  creation_timestamp: 'm.creation_time',
  last_updated_timestamp: 'm.last_updated_time',
};

/** Maps the registered model filter dialect onto `registered_models m` and its tags. */
export const REGISTERED_MODEL_FILTER_MAPPING: FilterMapping = {
  column(field: FilterField) {
    return field.entity === 'attribute' ? MODEL_COLUMNS[field.key] : undefined;
  },
  keyed(field: FilterField) {
    return field.entity === 'tag'
      ? { table: 'registered_model_tags', outerId: 'm.model_key', idColumn: 'model_key', keyColumn: 'key', valueColumn: 'value', missingKeyIsUnequal: true }
      : undefined;
  },
};

const VERSION_COLUMNS: Record<string, string> = {
  name: 'm.name',
  version_number: 'v.version',
  run_id: 'v.run_id',
  source_path: 'v.source',
  current_stage: 'v.current_stage',
  status: 'v.status',
  creation_timestamp: 'v.creation_time',
  last_updated_timestamp: 'v.last_updated_time',
};

/** Maps the model version filter dialect onto `model_versions v` joined to `registered_models m`, and the versions' tags. */
export const MODEL_VERSION_FILTER_MAPPING: FilterMapping = {
  column(field: FilterField) {
    return field.entity === 'attribute' ? VERSION_COLUMNS[field.key] : undefined;
  },
  keyed(field: FilterField) {
    return field.entity === 'tag'
      ? { table: 'model_version_tags', outerId: 'v.version_key', idColumn: 'version_key', keyColumn: 'key', valueColumn: 'value', missingKeyIsUnequal: true }
      : undefined;
  },
};
