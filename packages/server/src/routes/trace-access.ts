import type { RequiredPermission } from '../auth/permission.js';
import type { RouteAccess } from '../auth/route-access.js';
import { normalizeTraceId } from '../traces/trace-ids.js';

/**
 * A permission on the experiment of the trace a route's path names (traces
 * inherit their experiment's permissions, as in MLflow's auth app: reads need
 * READ, writes, tags and assessments EDIT). `field` is the path parameter:
 * `trace_id` (MLflow 3, Assay) or `request_id` (MLflow 2).
 */
export function traceAccess<Field extends 'trace_id' | 'request_id'>(permission: RequiredPermission, field: Field): RouteAccess<Record<Field, string>> {
  return { resource: 'trace', permission, idFrom: (input) => normalizeTraceId(input[field], field) };
}
