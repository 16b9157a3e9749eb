/**
 * MLflow's permissions on an experiment, weakest first: `NO_PERMISSIONS`
 * allows nothing, `READ` reads, `EDIT` also writes (runs, metrics, params,
 * tags, traces, artifacts), `MANAGE` also deletes and restores the experiment
 * and its runs and grants permissions on it.
 */
export const PERMISSIONS = ['NO_PERMISSIONS', 'READ', 'EDIT', 'MANAGE'] as const;

/** A permission a user holds on an experiment (granted, or the server's default). */
export type Permission = (typeof PERMISSIONS)[number];

/** What a route needs on an experiment: `READ`, `EDIT` or `MANAGE`. */
export type RequiredPermission = Exclude<Permission, 'NO_PERMISSIONS'>;

/** True for one of MLflow's permission names. */
export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/** Whether holding `granted` is enough for what `required` names (each permission includes the weaker ones). */
export function permissionAllows(granted: Permission, required: RequiredPermission): boolean {
  return PERMISSIONS.indexOf(granted) >= PERMISSIONS.indexOf(required);
}
