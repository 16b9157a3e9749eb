import { z } from '@hono/zod-openapi';

// OTLP's JSON mapping of its trace messages, for the OpenAPI document (the
// route decodes bodies itself: see decodeOtlpJson and decodeOtlpProtobuf).

const int64 = z.union([z.string(), z.number()]).openapi({ description: 'An int64: a decimal string (or a number)' });

const anyValueJson = z
  .object({
    stringValue: z.string(),
    boolValue: z.boolean(),
    intValue: int64,
    doubleValue: z.number(),
    arrayValue: z.object({ values: z.array(z.unknown()) }),
    kvlistValue: z.object({ values: z.array(z.unknown()) }),
    bytesValue: z.string().openapi({ description: 'base64' }),
  })
  .partial()
  .openapi('OtlpAnyValue', { description: 'One of its fields' });

const keyValueJson = z.object({ key: z.string(), value: anyValueJson }).openapi('OtlpKeyValue');

const spanJson = z
  .object({
    traceId: z.string().openapi({ description: '16 bytes as 32 hex characters', example: '5b8efff798038103d269b633813fc60c' }),
    spanId: z.string().openapi({ description: '8 bytes as 16 hex characters', example: 'eee19b7ec3c1b174' }),
    parentSpanId: z.string().optional().openapi({ description: 'Empty or absent for a root span' }),
    name: z.string(),
    kind: z.number().int().optional(),
    startTimeUnixNano: int64,
    endTimeUnixNano: int64.optional(),
    attributes: z.array(keyValueJson).optional(),
    events: z.array(z.object({ timeUnixNano: int64, name: z.string(), attributes: z.array(keyValueJson).optional() })).optional(),
    status: z.object({ code: z.number().int().openapi({ description: '0 UNSET, 1 OK, 2 ERROR' }), message: z.string().optional() }).optional(),
  })
  .openapi('OtlpSpan');

/** `ExportTraceServiceRequest` in OTLP's JSON mapping. */
export const exportTraceServiceRequestJson = z
  .object({
    resourceSpans: z.array(
      z.object({
        resource: z.object({ attributes: z.array(keyValueJson).optional() }).optional(),
        scopeSpans: z.array(z.object({ scope: z.object({ name: z.string(), version: z.string().optional() }).optional(), spans: z.array(spanJson) })),
      }),
    ),
  })
  .openapi('OtlpExportTraceServiceRequest');

/** `ExportTraceServiceResponse` in OTLP's JSON mapping. */
export const exportTraceServiceResponseJson = z
  .object({
    partialSuccess: z
      .object({ rejectedSpans: z.string().openapi({ description: 'int64 as a decimal string' }), errorMessage: z.string() })
      .optional()
      .openapi({ description: 'Only when some spans were rejected; the others were stored' }),
  })
  .openapi('OtlpExportTraceServiceResponse');

/** `google.rpc.Status` in JSON: the body of every OTLP error answer. */
export const otlpStatusJson = z
  .object({ code: z.number().int().openapi({ description: 'A google.rpc.Code' }), message: z.string() })
  .openapi('OtlpStatus');
