import protobuf from 'protobufjs/minimal.js';
import { OTLP_CONTENT_TYPES, type OtlpEncoding } from './otlp-encoding.js';

/** OTLP's `ExportTracePartialSuccess`: how many spans were rejected, and why. */
export interface OtlpPartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

// google.rpc.Code of an HTTP status, for Status.code (which OTLP/HTTP clients may only log).
const GRPC_CODES: Readonly<Record<number, number>> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  403: 7, // PERMISSION_DENIED
  404: 5, // NOT_FOUND
  409: 10, // ABORTED
  413: 8, // RESOURCE_EXHAUSTED
  415: 3, // INVALID_ARGUMENT
  429: 8, // RESOURCE_EXHAUSTED
  501: 12, // UNIMPLEMENTED
  503: 14, // UNAVAILABLE
};

function grpcCodeOf(status: number): number {
  return GRPC_CODES[status] ?? (status >= 500 ? 13 /* INTERNAL */ : 2) /* UNKNOWN */;
}

function respond(encoding: OtlpEncoding, status: number, body: Uint8Array | string): Response {
  return new Response(body, { status, headers: { 'content-type': OTLP_CONTENT_TYPES[encoding] } });
}

/**
 * The 200 answer to an export: an `ExportTraceServiceResponse` in the
 * request's encoding, with `partial_success` only when spans were rejected
 * (OTLP says to leave it unset on full success).
 */
export function exportTraceServiceResponse(encoding: OtlpEncoding, partialSuccess?: OtlpPartialSuccess): Response {
  if (encoding === 'json') {
    // int64 is a decimal string in protobuf's JSON mapping.
    const body = partialSuccess === undefined ? {} : { partialSuccess: { rejectedSpans: String(partialSuccess.rejectedSpans), errorMessage: partialSuccess.errorMessage } };
    return respond(encoding, 200, JSON.stringify(body));
  }
  const writer = protobuf.Writer.create();
  if (partialSuccess !== undefined) {
    // partial_success (1) { rejected_spans (1, int64), error_message (2, string) }
    writer.uint32(0x0a).fork().uint32(0x08).int64(partialSuccess.rejectedSpans).uint32(0x12).string(partialSuccess.errorMessage).ldelim();
  }
  return respond(encoding, 200, writer.finish());
}

/** A failed export's answer: OTLP's `Status` (google.rpc.Status: code, message) in the request's encoding, with the HTTP status. */
export function otlpStatusResponse(encoding: OtlpEncoding, status: number, message: string): Response {
  const code = grpcCodeOf(status);
  if (encoding === 'json') return respond(encoding, status, JSON.stringify({ code, message }));
  // code (1, int32), message (2, string)
  return respond(encoding, status, protobuf.Writer.create().uint32(0x08).int32(code).uint32(0x12).string(message).finish());
}
