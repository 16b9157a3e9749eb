/** The HTTP statuses an OTLP request is refused with before anything is stored. */
export type OtlpRequestErrorStatus = 400 | 413 | 415;

/**
 * An OTLP request the route refuses as a whole: an undecodable body (400), a
 * body over the limit (413), a content type or encoding it does not take
 * (415). The route answers it with OTLP's `Status` message in the request's
 * encoding.
 */
export class OtlpRequestError extends Error {
  override readonly name = 'OtlpRequestError';

  constructor(
    readonly status: OtlpRequestErrorStatus,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
