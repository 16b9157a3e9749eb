import type { ViewType } from '@assay/core';

/** The SQL condition on a lifecycle_stage column that a (validated) view type selects. */
export function viewTypeCondition(column: string, view: ViewType): string {
  if (view === 'ALL') return 'TRUE';
  return `${column} = '${view === 'ACTIVE_ONLY' ? 'active' : 'deleted'}'`;
}
