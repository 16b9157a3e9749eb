// The few shapes of the openai SDK (majors 5 to 7) the integration relies on,
// declared structurally so that no version's types are imported at run time.

/** An `APIPromise`: a Promise whose parsing runs lazily through `parseResponse`. */
export interface ApiPromiseLike {
  responsePromise: Promise<{ response: Response }>;
  parseResponse: (client: unknown, props: { response: Response }) => Promise<unknown>;
  asResponse: () => Promise<Response>;
  then: PromiseLike<unknown>['then'];
}

/** An SSE `Stream`: every way of consuming it goes through `iterator()`. */
export interface StreamLike {
  iterator: () => AsyncIterator<unknown>;
}

/** A resource method such as `Completions.prototype.create`. */
export type ResourceMethod = (this: unknown, body: unknown, options?: unknown) => unknown;

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

export function isApiPromise(value: unknown): value is ApiPromiseLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiPromiseLike).parseResponse === 'function' &&
    typeof (value as ApiPromiseLike).asResponse === 'function' &&
    typeof (value as { responsePromise?: unknown }).responsePromise === 'object'
  );
}

export function isStream(value: unknown): value is StreamLike {
  return typeof value === 'object' && value !== null && typeof (value as StreamLike).iterator === 'function';
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
