import { z } from '@hono/zod-openapi';
import { InvalidParameterError, RUN_STATUSES, VIEW_TYPES, type RunStatus, type ViewType } from '@assay/core';

// Field schemas shared by every MLflow route. They validate requests as
// MLflow's protobuf JSON parser does (int64 as a number or a string of
// digits, doubles also as "NaN"/"Infinity", repeated query keys for lists)
// and document the same shapes in the OpenAPI document.

/** An int64 field: a JSON number or a string of digits (protobuf JSON allows both), as a safe integer. */
export const int64 = z
  .union([z.number().int(), z.string().regex(/^-?\d{1,16}$/u)], { error: 'expected an integer (a JSON number or a string of digits)' })
  .transform((value) => Number(value))
  .refine((value) => Number.isSafeInteger(value), { error: 'expected an integer within ±2^53' })
  .openapi({ type: 'integer', format: 'int64' });

/** An int32 count such as `max_results`: a JSON number or a string of digits. */
export const int32 = z
  .union([z.number().int(), z.string().regex(/^-?\d{1,10}$/u)], { error: 'expected an integer (a JSON number or a string of digits)' })
  .transform((value) => Number(value))
  .refine((value) => value >= -(2 ** 31) && value < 2 ** 31, { error: 'expected a 32-bit integer' })
  .openapi({ type: 'integer', format: 'int32' });

const NON_FINITE = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY } as const;

/** A double field: a JSON number, a numeric string, or "NaN", "Infinity", "-Infinity" (protobuf JSON). */
export const double = z
  .union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity']), z.string().regex(/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/u)], {
    error: 'expected a number (or "NaN", "Infinity", "-Infinity")',
  })
  .transform((value) => (typeof value === 'number' ? value : value in NON_FINITE ? NON_FINITE[value as keyof typeof NON_FINITE] : Number(value)))
  .openapi({ oneOf: [{ type: 'number', format: 'double' }, { type: 'string', enum: ['NaN', 'Infinity', '-Infinity'] }] });

/** A double in a response: a JSON number, or "NaN", "Infinity", "-Infinity" where JSON has no number. */
export const doubleOut = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]).openapi({ description: 'A number, or "NaN", "Infinity", "-Infinity".' });

/** A number for the wire: non-finite values as protobuf JSON spells them. */
export function toWireDouble(value: number): number | 'NaN' | 'Infinity' | '-Infinity' {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** A repeated string field of a query string (`?order_by=a&order_by=b`): one key gives one element. */
export const queryStringList = z
  .preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(z.string()))
  .openapi({ type: 'array', items: { type: 'string' } });

/** A non-empty string, for ids and keys that must be given. */
export const requiredString = z.string().min(1, { error: 'expected a non-empty string' });

/** `{ key, value }`: a tag or param as MLflow sends and returns them. */
export const keyValue = z.object({ key: z.string(), value: z.string() }).openapi('KeyValue');

/** `view_type` / `run_view_type`. */
export const viewType = z.enum(VIEW_TYPES as readonly [ViewType, ...ViewType[]]).openapi('ViewType');

/** A run's status. */
export const runStatus = z.enum(RUN_STATUSES as readonly [RunStatus, ...RunStatus[]]).openapi('RunStatus');

/** MLflow's error body. */
export const errorBody = z
  .object({
    error_code: z.string().openapi({ example: 'RESOURCE_DOES_NOT_EXIST' }),
    message: z.string(),
  })
  .openapi('Error');

/** `{}`: the answer of MLflow's write endpoints. */
export const emptyObject = z.object({}).openapi('Empty');

/** The list of `{key, value}` pairs as a record (the last value of a key wins, as MLflow's stores do). */
export function keyValuesToRecord(entries: readonly { key: string; value: string }[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { key, value } of entries ?? []) record[key] = value;
  return record;
}

/** A record as MLflow's list of `{key, value}` pairs, sorted by key. */
export function recordToKeyValues(record: Readonly<Record<string, string>>): { key: string; value: string }[] {
  return Object.keys(record)
    .sort()
    .map((key) => ({ key, value: record[key]! }));
}

/** `run_id`, or the deprecated `run_uuid` older clients send instead (MLflow reads either). */
export const runIdFields = {
  run_id: z.string().optional().openapi({ description: 'Required (or the deprecated run_uuid).' }),
  run_uuid: z.string().optional().openapi({ deprecated: true }),
};

/** The run a request names: `run_id`, else `run_uuid`; InvalidParameterError when neither is given. */
export function requireRunId(request: { run_id?: string | undefined; run_uuid?: string | undefined }): string {
  const runId = request.run_id !== undefined && request.run_id !== '' ? request.run_id : request.run_uuid;
  if (runId === undefined || runId === '') {
    throw new InvalidParameterError("Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.");
  }
  return runId;
}

/** MLflow's search fields, as every search route takes them. */
export interface SearchFields {
  filter?: string | undefined;
  order_by?: string[] | undefined;
  max_results?: number | undefined;
  page_token?: string | undefined;
}

/** The Store's search options of MLflow's search fields; empty values are left out (the Store's defaults apply). */
export function toSearchOptions(fields: SearchFields): { filter?: string; orderBy?: string[]; maxResults?: number; pageToken?: string } {
  return {
    ...(fields.filter !== undefined && fields.filter !== '' ? { filter: fields.filter } : {}),
    ...(fields.order_by !== undefined && fields.order_by.length > 0 ? { orderBy: fields.order_by } : {}),
    ...(fields.max_results !== undefined ? { maxResults: fields.max_results } : {}),
    ...(fields.page_token !== undefined && fields.page_token !== '' ? { pageToken: fields.page_token } : {}),
  };
}

/**
 * A search answer as MLflow's: the page's items under `key` and the next
 * page's token, each left out when empty.
 */
export function toSearchAnswer<Key extends string, Item>(key: Key, items: readonly Item[], nextPageToken: string | undefined): { [K in Key]?: Item[] } & { next_page_token?: string } {
  return {
    ...(items.length > 0 ? { [key]: [...items] } : {}),
    ...(nextPageToken !== undefined ? { next_page_token: nextPageToken } : {}),
  } as { [K in Key]?: Item[] } & { next_page_token?: string };
}
