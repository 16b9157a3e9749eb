/** The two encodings of OTLP/HTTP. */
export type OtlpEncoding = 'protobuf' | 'json';

/** The Content-Type of each encoding (requests and responses alike). */
export const OTLP_CONTENT_TYPES: Readonly<Record<OtlpEncoding, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** The encoding a Content-Type names (parameters such as `charset` ignored); undefined for any other type. */
export function otlpEncodingOf(contentType: string | null | undefined): OtlpEncoding | undefined {
  const mediaType = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (mediaType === OTLP_CONTENT_TYPES.protobuf || mediaType === 'application/protobuf') return 'protobuf';
  if (mediaType === OTLP_CONTENT_TYPES.json) return 'json';
  return undefined;
}
